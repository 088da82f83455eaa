import { gzip as gzipBytes } from "./gzip.js";
import { datatypeOfArray } from "./niftiDatatypes.js";
import { affineToQform } from "./niftiQform.js";
import { type Volume, voxelCount } from "./volume.js";

export interface WriteNiftiOptions {
  /** Gzip the file (.nii.gz); default true. */
  gzip?: boolean;
  /** Up to 79 ASCII characters for the header's descrip field. */
  description?: string;
  /** The header's intent: a NIfTI intent code (1002 = label, 1001 = estimate, 0 = none) and an optional name (≤ 15 characters). */
  intent?: { code: number; name?: string };
}

/** NIfTI intent codes worth naming. */
export const NIFTI_INTENT = { none: 0, estimate: 1001, label: 1002 } as const;

const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

/**
 * A single-file NIfTI-1 (.nii, or .nii.gz when gzip is on) holding `volume`, little-endian:
 * datatype from the typed array, pixdim from the spacing, xyzt_units = mm, sform_code = qform_code = 1 (scanner
 * anatomical) with the affine in srow_x/y/z and the matching quaternion (qfac = −1 when det < 0) in the qform,
 * vox_offset 352 and magic "n+1". The header stores the affine and spacing as float32. readNifti reads it back exactly.
 */
export function writeNifti(volume: Volume, options: WriteNiftiOptions = {}): Uint8Array {
  const { gzip = true, description = "", intent } = options;
  checkVolume(volume);
  const type = datatypeOfArray(volume.data);
  const { dims, spacing, affine } = volume;
  const qform = affineToQform(affine);
  const nbytes = volume.data.length * type.bytes;
  const out = new Uint8Array(VOX_OFFSET + nbytes);
  const view = new DataView(out.buffer);
  const le = true;
  view.setInt32(0, HEADER_BYTES, le);
  out[38] = "r".charCodeAt(0); // regular
  [3, dims[0], dims[1], dims[2], 1, 1, 1, 1].forEach((d, n) => view.setInt16(40 + 2 * n, d, le));
  if (intent) {
    if (!Number.isInteger(intent.code) || intent.code < 0 || intent.code > 32767) {
      throw new RangeError(`writeNifti: intent.code = ${intent.code}; use a NIfTI intent code (an integer 0…32767, e.g. 1002 for labels)`);
    }
    view.setInt16(68, intent.code, le);
    writeAscii(out, 328, 16, intent.name ?? "", "intent.name");
  }
  view.setInt16(70, type.code, le);
  view.setInt16(72, type.bytes * 8, le);
  [qform.qfac, spacing[0], spacing[1], spacing[2], 1, 1, 1, 1].forEach((p, n) => view.setFloat32(76 + 4 * n, p, le));
  view.setFloat32(108, VOX_OFFSET, le);
  view.setFloat32(112, 1, le); // scl_slope 1, scl_inter 0: values as stored
  out[123] = 2; // xyzt_units: mm
  writeAscii(out, 148, 80, description, "description");
  view.setInt16(252, 1, le); // qform_code: scanner anatomical
  view.setInt16(254, 1, le); // sform_code: scanner anatomical
  qform.quatern.forEach((q, n) => view.setFloat32(256 + 4 * n, q, le));
  qform.offset.forEach((o, n) => view.setFloat32(268 + 4 * n, o, le));
  for (let n = 0; n < 12; n++) view.setFloat32(280 + 4 * n, affine[n], le);
  writeAscii(out, 344, 4, "n+1", "magic");
  // bytes 348…351: no extensions; then the voxels, little-endian (as typed arrays are on every host vessel-lab runs on)
  out.set(new Uint8Array(volume.data.buffer, volume.data.byteOffset, nbytes), VOX_OFFSET);
  return gzip ? gzipBytes(out) : out;
}

function checkVolume(volume: Volume): void {
  const { dims, spacing, affine, data } = volume;
  if (!Array.isArray(dims) || dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1 || d > 32767)) {
    throw new RangeError(`writeNifti: volume.dims = ${JSON.stringify(dims)}; NIfTI-1 needs three integer sizes 1…32767`);
  }
  if (data.length !== voxelCount(dims)) {
    throw new RangeError(`writeNifti: volume.data has ${data.length} values but dims ${dims.join(" × ")} need ${voxelCount(dims)}`);
  }
  if (!Array.isArray(spacing) || spacing.length !== 3 || spacing.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new RangeError(`writeNifti: volume.spacing = ${JSON.stringify(spacing)}; voxel sizes must be positive finite mm`);
  }
  if (!Array.isArray(affine) || affine.length !== 16 || affine.some((v) => !Number.isFinite(v))) {
    throw new RangeError(`writeNifti: volume.affine must be 16 finite numbers (row-major 4×4), got ${JSON.stringify(affine)}`);
  }
}

function writeAscii(out: Uint8Array, offset: number, size: number, text: string, field: string): void {
  if (text.length >= size || /[^\x20-\x7e]/.test(text)) {
    throw new RangeError(`writeNifti: ${field} ${JSON.stringify(text)} must be printable ASCII of at most ${size - 1} characters`);
  }
  for (let n = 0; n < text.length; n++) out[offset + n] = text.charCodeAt(n);
}
