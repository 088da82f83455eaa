import { affineColumnNorms } from "./affine.js";
import { niftiDatatype } from "./niftiDatatypes.js";
import { type NiftiHeader, niftiBytes, parseNiftiHeader } from "./niftiHeader.js";
import { qformToAffine } from "./niftiQform.js";
import { type Affine, type Vec3, type Volume, type VoxelArray, axisAlignedAffine } from "./volume.js";

const UNIT_TO_MM: Record<NiftiHeader["spatialUnits"], number> = { unknown: 1, mm: 1, m: 1000, um: 0.001 };
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The Volume in a .nii or .nii.gz file (gzip is detected by its magic, not the name), read with nifti-reader-js.
 * - Data keep their type (uint8, int8, int16, uint16, int32, uint32, float32, float64) unless scl_slope ≠ 0 and
 *   (slope, inter) ≠ (1, 0): then value · slope + inter as Float32Array (Float64Array for float64 files).
 * - The affine is the sform when sform_code > 0, else the qform when qform_code > 0, else diag(pixdim).
 * - Spacing is |pixdim[1…3]|; lengths in m or µm (xyzt_units) are converted to mm, in the affine too.
 * - One 3D volume only: a 4D file with one time point is accepted; 2D and 4D series throw.
 * Any other problem (not NIfTI, truncated, corrupt gzip, unsupported datatype) throws an Error that says what to do.
 */
export function readNifti(bytes: ArrayBuffer | Uint8Array): Volume {
  return decodeNifti(bytes).volume;
}

/** readNifti's Volume together with the header it came from (one decompression for both). */
export function decodeNifti(bytes: ArrayBuffer | Uint8Array): { header: NiftiHeader; volume: Volume } {
  const file = niftiBytes(bytes);
  const header = parseNiftiHeader(file);
  const dims = volumeDims(header);
  const type = niftiDatatype(header.datatype);
  if (header.bitpix !== type.bytes * 8) {
    throw new Error(`bitpix is ${header.bitpix} but datatype ${header.datatype} (${type.name}) has ${type.bytes * 8} bits per voxel: the header is inconsistent; rewrite it with nibabel`);
  }
  const headerSize = header.version === 1 ? 348 : 540;
  const offset = header.voxOffset;
  if (!Number.isInteger(offset) || offset < headerSize) {
    throw new Error(`vox_offset is ${offset}, inside the ${headerSize}-byte header; a single-file NIfTI stores voxels after the header (usually at ${headerSize + 4}): rewrite it with nibabel`);
  }
  const count = dims[0] * dims[1] * dims[2];
  const nbytes = count * type.bytes;
  const available = Math.max(0, file.raw.length - offset);
  if (available < nbytes) {
    throw new Error(`truncated: header says ${nbytes} bytes of voxel data, file has ${available}; the file was cut short: download or export it again`);
  }
  let data: VoxelArray;
  if (header.littleEndian === LITTLE_ENDIAN_HOST || type.bytes === 1) {
    const start = file.raw.byteOffset + offset;
    data = new type.ArrayType(file.raw.buffer.slice(start, start + nbytes) as ArrayBuffer);
  } else {
    data = new type.ArrayType(count);
    const view = new DataView(file.raw.buffer, file.raw.byteOffset + offset, nbytes);
    for (let n = 0; n < count; n++) data[n] = type.get(view, n * type.bytes, header.littleEndian);
  }
  data = applyScaling(data, header.sclSlope, header.sclInter);
  const unit = UNIT_TO_MM[header.spatialUnits];
  const affine = toMillimetres(volumeAffine(header), unit);
  const spacing = volumeSpacing(header, affine, unit);
  return { header, volume: { data, dims, spacing, affine } };
}

function volumeDims(header: NiftiHeader): Vec3 {
  const d = header.dims;
  if (d.length < 1 || d.length > 7) {
    throw new Error(`dim[0] is ${d.length}, not 1…7: the header is damaged; rewrite the file with nibabel`);
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
    throw new Error(`this is a ${d.length}D image (${d.join(" × ")}), e.g. vectors or tensors per voxel; vessel-lab needs one scalar 3D volume: extract one component first`);
  }
  return [d[0], d[1], d[2]];
}

function applyScaling(data: VoxelArray, slope: number, inter: number): VoxelArray {
  if (!Number.isFinite(slope) || slope === 0) return data;
  const offset = Number.isFinite(inter) ? inter : 0;
  if (slope === 1 && offset === 0) return data;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let n = 0; n < data.length; n++) out[n] = data[n] * slope + offset;
  return out;
}

function volumeAffine(h: NiftiHeader): Affine {
  if (h.sformCode > 0) return [...h.srow, 0, 0, 0, 1];
  if (h.qformCode > 0) {
    return qformToAffine({ quatern: h.quatern, offset: h.qoffset, pixdim: [h.pixdim[0], h.pixdim[1], h.pixdim[2]], qfac: h.qfac });
  }
  return axisAlignedAffine([Math.abs(h.pixdim[0]), Math.abs(h.pixdim[1]), Math.abs(h.pixdim[2])]);
}

function toMillimetres(affine: Affine, unit: number): Affine {
  return unit === 1 ? affine : affine.map((v, n) => (n < 12 ? v * unit : v));
}

function volumeSpacing(h: NiftiHeader, affine: Affine, unit: number): Vec3 {
  const spacing = [0, 1, 2].map((a) => Math.abs(h.pixdim[a]) * unit) as Vec3;
  if (spacing.every((s) => s > 0 && Number.isFinite(s))) return spacing;
  const norms = affineColumnNorms(affine);
  if ((h.sformCode > 0 || h.qformCode > 0) && norms.every((s) => s > 0 && Number.isFinite(s))) return norms;
  throw new Error(`pixdim[1…3] is ${h.pixdim.slice(0, 3).join(", ")}: the header gives no positive voxel size; set it with nibabel (img.header.set_zooms(...)) and save again`);
}
