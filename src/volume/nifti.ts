import { formatSize } from "./sizes.js";
import { affineColumnNorms } from "./affine.js";
import { gunzip, isGzip } from "./gzip.js";
import { niftiAffine } from "./niftiAffine.js";
import { MM_PER_UNIT } from "./lengthUnits.js";
import { NIFTI_HEADER_PREFIX, type NiftiHeader, niftiInput, parseNiftiHeader } from "./niftiHeader.js";
import { type NiftiLayout, niftiLayout, scaledBeyondFloat32 } from "./niftiLayout.js";
import type { Affine, Vec3, Volume, VoxelArray } from "./volume.js";
import { decodeVoxels } from "./voxelDecode.js";

/** Millimetres per NIfTI spatial unit (xyzt_units): the scan formats' one table; unknown is taken as mm, as ITK takes it (nibabel converts no unit). */
const mmPerUnit = (unit: NiftiHeader["spatialUnits"]): number => (unit === "unknown" ? 1 : MM_PER_UNIT[unit]);

/** The most memory readNifti spends on one file unless told otherwise: 2 GiB (decompressed voxels plus a scaled copy). */
export const READ_MAX_BYTES = 2 ** 31;

export interface ReadNiftiOptions {
  /** Refuse, from the header and before decoding, a file whose reading takes more bytes than this (NiftiLayout.readBytes). */
  maxBytes?: number;
}

/**
 * The Volume in a .nii or .nii.gz file (gzip is detected by its magic, not the name; every member of a multi-member
 * gzip is read), read with nifti-reader-js.
 * - The header comes first: a .nii.gz is inflated to vox_offset + dims × bytes per voxel and no further, and a file
 *   whose reading would take more than `maxBytes` (default READ_MAX_BYTES) is refused before any voxel is decoded.
 * - Data keep their type (uint8, int8, int16, uint16, int32, uint32, float32, float64) unless scl_slope is finite,
 *   non-zero and (slope, inter) ≠ (1, 0): then value · slope + inter as Float32Array, or Float64Array for float64
 *   files and for values float32 cannot hold (as nibabel, which reads in float64).
 * - The affine is the sform when sform_code > 0, else the qform when qform_code > 0, else diag(pixdim); a non-finite
 *   or singular one is passed over for the other when that is sound, else refused (niftiAffine).
 * - Spacing is |pixdim[1…3]|; lengths in m or µm (xyzt_units) are converted to mm, in the affine too.
 * - One 3D volume only: a 4D file with one time point is accepted; 2D and 4D series throw.
 * Any other problem (not NIfTI, truncated, corrupt gzip, unsupported datatype, a damaged field) throws an Error that
 * names the field, its value and what to do.
 */
export function readNifti(bytes: ArrayBuffer | Uint8Array, options: ReadNiftiOptions = {}): Volume {
  return decodeNifti(bytes, options).volume;
}

/** readNifti's Volume together with the header it came from. */
export function decodeNifti(bytes: ArrayBuffer | Uint8Array, { maxBytes = READ_MAX_BYTES }: ReadNiftiOptions = {}): { header: NiftiHeader; volume: Volume } {
  const input = niftiInput(bytes);
  const compressed = isGzip(input);
  const header = parseNiftiHeader({ raw: compressed ? gunzip(input, { stopAt: NIFTI_HEADER_PREFIX }) : input, compressed });
  const layout = niftiLayout(header);
  if (layout.readBytes > maxBytes) {
    throw new Error(
      `${layout.dims.join("×")} ${layout.type.name} voxels take ${formatSize(layout.readBytes)} to read, over the ${formatSize(maxBytes)} this reader is allowed (maxBytes); crop or downsample the scan first (e.g. nibabel's img.slicer[::2, ::2, ::2])`,
    );
  }
  const raw = compressed ? gunzip(input, { stopAt: layout.end, maxBytes: layout.end }) : input;
  const available = Math.max(0, raw.length - layout.offset);
  if (available < layout.voxelBytes) throw new Error(shortMessage(header, layout, available));
  const unit = mmPerUnit(header.spatialUnits);
  const affine = toMillimetres(niftiAffine(header), unit);
  const spacing = volumeSpacing(header, affine, unit);
  const data = applyScaling(decodeVoxels(raw, layout.offset, layout.type, layout.voxels, header.littleEndian, compressed), layout.scaling);
  return { header, volume: { data, dims: layout.dims, spacing, affine } };
}

/** Too few voxel bytes: a file cut short, or a header whose dims or datatype are damaged; the message names both. */
function shortMessage(h: NiftiHeader, layout: NiftiLayout, available: number): string {
  const what = `the header says ${layout.dims.join("×")} ${layout.type.name} voxels (${layout.voxelBytes} bytes from vox_offset ${layout.offset}) but the file${h.compressed ? ", decompressed," : ""} has ${available}`;
  const ratio = layout.voxelBytes / Math.max(1, available);
  return ratio > 64
    ? `${what}: more likely a damaged header (dim, datatype or vox_offset) than a file cut short; check the dims with nibabel and rewrite the header, or download the file again`
    : `truncated: ${what}; the file was cut short: download or export it again`;
}

function applyScaling(data: VoxelArray, scaling: NiftiLayout["scaling"]): VoxelArray {
  if (!scaling) return data;
  const { slope, inter } = scaling;
  let maxAbs = 0;
  if (!(data instanceof Float64Array)) for (let n = 0; n < data.length; n++) maxAbs = Math.max(maxAbs, Math.abs(data[n]) || 0);
  const out = data instanceof Float64Array || scaledBeyondFloat32(maxAbs, scaling) ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let n = 0; n < data.length; n++) out[n] = data[n] * slope + inter;
  return out;
}

function toMillimetres(affine: Affine, unit: number): Affine {
  return unit === 1 ? affine : affine.map((v, n) => (n < 12 ? v * unit : v));
}

function volumeSpacing(h: NiftiHeader, affine: Affine, unit: number): Vec3 {
  const spacing = [0, 1, 2].map((a) => Math.abs(h.pixdim[a]) * unit) as Vec3;
  if (spacing.every((s) => s > 0 && Number.isFinite(s))) return spacing;
  const norms = affineColumnNorms(affine);
  if ((h.sformCode > 0 || h.qformCode > 0) && norms.every((s) => s > 0 && Number.isFinite(s))) return norms;
  throw new Error(
    `pixdim[1…3] is ${h.pixdim.slice(0, 3).join(", ")}: the header gives no positive voxel size; set it with nibabel (img.header.set_zooms(...)) and save again`,
  );
}
