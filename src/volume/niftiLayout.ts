import { type NiftiDatatype, niftiDatatype } from "./niftiDatatypes.js";
import type { NiftiHeader } from "./niftiHeader.js";
import type { Vec3 } from "./volume.js";

/** Where a NIfTI file's voxels are and what reading them costs, from its header alone (before any voxel is decoded). */
export interface NiftiLayout {
  dims: Vec3;
  voxels: number;
  type: NiftiDatatype;
  /** vox_offset: the byte where the voxels start. */
  offset: number;
  /** dims × bytes per voxel: the stored voxel data. */
  voxelBytes: number;
  /** offset + voxelBytes: the (decompressed) bytes the reader needs; a .nii.gz is inflated this far and no further. */
  end: number;
  /** value · slope + inter, or null when the values are used as stored (slope 0, ±Inf or NaN, or 1 and 0: as nibabel). */
  scaling: { slope: number; inter: number } | null;
  /** The most memory reading takes: the decompressed bytes (or a copy of the voxels) plus the scaled copy. */
  readBytes: number;
}

/**
 * The layout a header describes, or an Error naming the field, its value and what to do: dims that are not one 3D
 * volume, a datatype vessel-lab cannot hold, a bitpix that disagrees with it, a vox_offset that is not a whole byte
 * after the header (nibabel refuses one inside it), a NaN or infinite scl_inter with a valid slope (nibabel refuses it).
 */
export function niftiLayout(header: NiftiHeader): NiftiLayout {
  const dims = volumeDims(header);
  const type = niftiDatatype(header.datatype);
  if (header.bitpix !== type.bytes * 8) {
    throw new Error(
      `bitpix is ${header.bitpix} but datatype ${header.datatype} (${type.name}) has ${type.bytes * 8} bits per voxel: the header is inconsistent; rewrite it with nibabel`,
    );
  }
  const headerSize = header.version === 1 ? 348 : 540;
  const offset = header.voxOffset;
  if (!Number.isInteger(offset)) {
    throw new Error(`vox_offset is ${offset}, not a whole byte: the header is damaged (usually ${headerSize + 4}); rewrite the file with nibabel`);
  }
  if (offset < headerSize + 4) {
    throw new Error(
      `vox_offset is ${offset}, inside the ${headerSize}-byte header and its 4-byte extension flag; a single-file NIfTI stores voxels from byte ${headerSize + 4} on: rewrite the file with nibabel`,
    );
  }
  const voxels = dims[0] * dims[1] * dims[2];
  const voxelBytes = voxels * type.bytes;
  const scaling = niftiScaling(header);
  const scaledBytes = scaling ? voxels * (type.bytes === 8 || needsFloat64(type, scaling) ? 8 : 4) : 0;
  return { dims, voxels, type, offset, voxelBytes, end: offset + voxelBytes, scaling, readBytes: (header.compressed ? offset : 0) + voxelBytes + scaledBytes };
}

/** The scaling to apply, as nibabel decides it: none for slope 0, NaN or ±Inf or (1, 0); an Error for a non-finite intercept. */
export function niftiScaling({ sclSlope: slope, sclInter: inter }: Pick<NiftiHeader, "sclSlope" | "sclInter">): NiftiLayout["scaling"] {
  if (!Number.isFinite(slope) || slope === 0) return null;
  if (!Number.isFinite(inter)) {
    throw new Error(
      `scl_inter is ${inter} with scl_slope ${slope}: a voxel value times the slope plus ${inter} is no number; set scl_inter to 0 (or the intended offset) with nibabel (img.header.set_slope_inter(${slope}, 0))`,
    );
  }
  return slope === 1 && inter === 0 ? null : { slope, inter };
}

const FLOAT32_MAX = 3.4028234663852886e38;

const RANGE: Record<string, number> = {
  uint8: 255,
  int8: 128,
  int16: 32768,
  uint16: 65535,
  int32: 2 ** 31,
  uint32: 2 ** 32,
  float32: FLOAT32_MAX,
  float64: Infinity,
};

/** Whether scaled values of this type may pass float32's range (an upper bound, for the memory estimate; readNifti looks at the values). */
export function needsFloat64(type: NiftiDatatype, scaling: { slope: number; inter: number }): boolean {
  return scaledBeyondFloat32(RANGE[type.name], scaling);
}

/** Whether |value| ≤ maxAbs, scaled, may leave float32's range (1e38 · 32767 would be Infinity in a Float32Array). */
export function scaledBeyondFloat32(maxAbs: number, { slope, inter }: { slope: number; inter: number }): boolean {
  return Math.abs(slope) * maxAbs + Math.abs(inter) > FLOAT32_MAX;
}

function volumeDims(header: NiftiHeader): Vec3 {
  const { ndim } = header;
  const d = header.dims;
  if (!(ndim >= 1 && ndim <= 7)) {
    throw new Error(`dim[0] is ${ndim}, not 1…7: the header is damaged (a 3D scan has dim[0] = 3); rewrite the file with nibabel`);
  }
  d.forEach((n, a) => {
    if (!Number.isInteger(n) || n < 1) throw new Error(`dim[${a + 1}] is ${n}; sizes must be positive: the header is damaged, rewrite the file with nibabel`);
  });
  if (d.length < 3) {
    throw new Error(`this is a ${d.length}D image (${d.join(" × ")}); vessel-lab needs one 3D volume: stack the slices into a 3D NIfTI first`);
  }
  if (d.length >= 4 && d[3] > 1) {
    throw new Error(
      `this is a 4D series with ${d[3]} volumes; vessel-lab needs one 3D volume: extract one with fslroi in.nii.gz out.nii.gz 0 1 (FSL) or nib.save(img.slicer[..., 0], "out.nii.gz") (nibabel)`,
    );
  }
  if (d.slice(4).some((n) => n > 1)) {
    throw new Error(
      `this is a ${d.length}D image (${d.join(" × ")}), e.g. vectors or tensors per voxel; vessel-lab needs one scalar 3D volume: extract one component first`,
    );
  }
  return [d[0], d[1], d[2]];
}
