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
  /**
   * How the voxels are stored. Left out: as the array holds them (the datatype of its typed array).
   * "int16": quantised linearly onto −32767…32767 with scl_slope/scl_inter, as MR and CT scanners
   * store images (`quantiseInt16`; readers, nibabel and readNifti included, give back
   * stored × slope + inter, within half a step, (max − min) / 65534, of each value). An Int16Array
   * is stored as it is. "float32": as float32 (other arrays are converted).
   */
  dtype?: NiftiStoredType;
}

/** The stored datatypes writeNifti converts to on request. */
export const NIFTI_STORED_TYPES = ["float32", "int16"] as const;
export type NiftiStoredType = (typeof NIFTI_STORED_TYPES)[number];

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
  const { gzip = true, description = "", intent, dtype } = options;
  checkVolume(volume);
  if (dtype !== undefined && !NIFTI_STORED_TYPES.includes(dtype)) {
    throw new RangeError(`writeNifti: dtype ${JSON.stringify(dtype)}; use ${NIFTI_STORED_TYPES.join(" or ")} (or leave it out to store the array's own type)`);
  }
  const source = dtype === "float32" && !(volume.data instanceof Float32Array) ? Float32Array.from(volume.data) : volume.data;
  const quantise = dtype === "int16" && !(source instanceof Int16Array);
  const type = datatypeOfArray(quantise ? new Int16Array(0) : source);
  const { dims, spacing, affine } = volume;
  const qform = affineToQform(affine);
  const nbytes = source.length * type.bytes;
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
  // scl_slope 1, scl_inter 0: values as stored; quantised: the slope and intercept that map them back
  const scale = quantise ? quantiseInt16(source, new Int16Array(out.buffer, VOX_OFFSET, source.length)) : { slope: 1, inter: 0 };
  view.setFloat32(112, scale.slope, le);
  view.setFloat32(116, scale.inter, le);
  out[123] = 2; // xyzt_units: mm
  writeAscii(out, 148, 80, description, "description");
  view.setInt16(252, 1, le); // qform_code: scanner anatomical
  view.setInt16(254, 1, le); // sform_code: scanner anatomical
  qform.quatern.forEach((q, n) => view.setFloat32(256 + 4 * n, q, le));
  qform.offset.forEach((o, n) => view.setFloat32(268 + 4 * n, o, le));
  for (let n = 0; n < 12; n++) view.setFloat32(280 + 4 * n, affine[n], le);
  writeAscii(out, 344, 4, "n+1", "magic");
  // bytes 348…351: no extensions; then the voxels, little-endian (as typed arrays are on every host vessel-lab runs on)
  if (!quantise) out.set(new Uint8Array(source.buffer, source.byteOffset, nbytes), VOX_OFFSET);
  return gzip ? gzipBytes(out) : out;
}

/**
 * Quantises `data` into `out` (same length) linearly onto −32767…32767 and returns the NIfTI scaling
 * that maps it back (value ≈ out × slope + inter; both float32, as the header stores them):
 * slope = (max − min) / 65534 and inter = (max + min) / 2, rounded to float32; out = the nearest
 * integer to (value − inter) / slope (computed as value / slope + (32768.5 − inter / slope), then
 * floored, − 32768), clamped to ±32767. A constant volume gets slope 1 and
 * inter = its value. Plain IEEE arithmetic, so every engine gives the same bytes. Throws a
 * RangeError on NaN or infinite values.
 */
export function quantiseInt16(data: ArrayLike<number>, out: Int16Array): { slope: number; inter: number } {
  const n = data.length;
  if (out.length !== n) throw new RangeError(`quantiseInt16: out has ${out.length} values, data ${n}`);
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    min = Math.min(min, v); // Math.min/max: branch-free, and NaN propagates to the check below
    max = Math.max(max, v);
  }
  if (n > 0 && !(Number.isFinite(min) && Number.isFinite(max))) {
    throw new RangeError(`writeNifti: dtype int16 needs finite values; this volume holds ${Number.isNaN(min) ? "NaN" : "infinite values"}`);
  }
  if (n === 0) return { slope: 1, inter: 0 };
  let slope = Math.fround((max - min) / 65534);
  let inter = Math.fround((max + min) / 2);
  if (!(slope > 0) || !Number.isFinite(1 / slope)) {
    slope = 1; // constant (or nearly: a range float32 cannot resolve): one value, stored as 0
    inter = Math.fround(min);
  }
  if (!Number.isFinite(slope) || !Number.isFinite(inter))
    throw new RangeError(`writeNifti: dtype int16: the range ${min}…${max} is too wide for float32 scaling`);
  // t = (value − inter) / slope + 32768.5, kept in [1, 65535]; its integer part − 32768 is the rounded value.
  const inv = 1 / slope;
  const offset = 32768.5 - inter * inv;
  for (let i = 0; i < n; i++) out[i] = (Math.max(1, Math.min(data[i] * inv + offset, 65535)) | 0) - 32768;
  return { slope, inter };
}

/** Refuses, naming the field and the fix, a volume a writer (`fn`) cannot store: dims, data length, spacing, affine. */
export function checkVolume(volume: Volume, fn = "writeNifti"): void {
  const { dims, spacing, affine, data } = volume;
  if (!Array.isArray(dims) || dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1 || d > 32767)) {
    throw new RangeError(`${fn}: volume.dims = ${JSON.stringify(dims)}; give three integer sizes 1…32767 (NIfTI-1's limit, kept for every format)`);
  }
  if (data.length !== voxelCount(dims)) {
    throw new RangeError(`${fn}: volume.data has ${data.length} values but dims ${dims.join(" × ")} need ${voxelCount(dims)}`);
  }
  if (!Array.isArray(spacing) || spacing.length !== 3 || spacing.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw new RangeError(`${fn}: volume.spacing = ${JSON.stringify(spacing)}; voxel sizes must be positive finite mm`);
  }
  if (!Array.isArray(affine) || affine.length !== 16 || affine.some((v) => !Number.isFinite(v))) {
    throw new RangeError(`${fn}: volume.affine must be 16 finite numbers (row-major 4×4), got ${JSON.stringify(affine)}`);
  }
}

function writeAscii(out: Uint8Array, offset: number, size: number, text: string, field: string): void {
  if (text.length >= size || /[^\x20-\x7e]/.test(text)) {
    throw new RangeError(`writeNifti: ${field} ${JSON.stringify(text)} must be printable ASCII of at most ${size - 1} characters`);
  }
  for (let n = 0; n < text.length; n++) out[offset + n] = text.charCodeAt(n);
}
