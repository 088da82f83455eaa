// nifti-reader-js 0.6 is CommonJS (0.7+ ships import-only "exports", which Framework 1.13
// cannot resolve). Its classes arrive as named exports in Node's ESM and in CommonJS, but only
// on the default export (module.exports) through Framework's bundler: take them from either.
import * as niftiReaderNs from "nifti-reader-js";

type NiftiReader = typeof niftiReaderNs;
const niftiReader: NiftiReader = (niftiReaderNs as NiftiReader).NIFTI1 ? niftiReaderNs : (niftiReaderNs as unknown as { default: NiftiReader }).default;
const { NIFTI1, NIFTI2 } = niftiReader;
import { gunzip, isGzip } from "./gzip.js";
import { niftiDatatypeName } from "./niftiDatatypes.js";

/** What a NIfTI header says, in plain fields worth showing (dims and pixdim hold entries 1…ndim only). */
export interface NiftiHeader {
  version: 1 | 2;
  compressed: boolean;
  littleEndian: boolean;
  datatype: number;
  datatypeName: string;
  bitpix: number;
  /** dim[0] as stored: the number of dimensions, 1…7 in a sound header. */
  ndim: number;
  /** Size along each axis (dim[1…dim[0]]). */
  dims: number[];
  /** Voxel size along each axis as stored (pixdim[1…dim[0]]), in `spatialUnits` / `temporalUnits`. */
  pixdim: number[];
  /** pixdim[0]: the qform handedness, −1 or 1 (0 is read as 1). */
  qfac: 1 | -1;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  spatialUnits: "unknown" | "m" | "mm" | "um";
  temporalUnits: "unknown" | "s" | "ms" | "us" | "Hz" | "ppm" | "rad/s";
  description: string;
  intentCode: number;
  intentName: string;
  qformCode: number;
  sformCode: number;
  /** Quaternion b, c, d and offset x, y, z of the qform. */
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z: the sform's first three rows. */
  srow: number[];
  hasExtension: boolean;
}

const SPATIAL: Record<number, NiftiHeader["spatialUnits"]> = { 1: "m", 2: "mm", 3: "um" };
const TEMPORAL: Record<number, NiftiHeader["temporalUnits"]> = { 8: "s", 16: "ms", 24: "us", 32: "Hz", 40: "ppm", 48: "rad/s" };

/** The header of a .nii or .nii.gz file, inflating no more than the header when it starts with the gzip magic. Throws on anything that is not a single-file NIfTI. */
export function readNiftiHeader(bytes: ArrayBuffer | Uint8Array): NiftiHeader {
  const input = niftiInput(bytes);
  const compressed = isGzip(input);
  return parseNiftiHeader({ raw: compressed ? gunzip(input, { stopAt: NIFTI_HEADER_PREFIX }) : input, compressed });
}

/** Bytes enough for either header and the 4 bytes after it (the extension flag): what readNiftiHeader inflates. */
export const NIFTI_HEADER_PREFIX = 544;

/** `bytes` as a plain Uint8Array view (a Node Buffer's slice() would not copy); a TypeError for anything else. */
export function niftiInput(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  if (!(bytes instanceof ArrayBuffer) && !(bytes instanceof Uint8Array)) {
    throw new TypeError(`readNifti: bytes must be an ArrayBuffer or Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  return bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}

const MAGIC_1 = /^n[+i]1\0$/;
const MAGIC_2 = /^n[+i]2\0/;

/** Version and byte order from sizeof_hdr, or, where sizeof_hdr is damaged but the NIfTI-1 magic is right, from dim[0] (as nibabel does). */
function versionAndOrder(raw: Uint8Array, view: DataView): { version: 1 | 2; littleEndian: boolean } {
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  const text = (from: number, to: number) => String.fromCharCode(...raw.subarray(from, Math.min(to, raw.length)));
  if (sizeLE === 540 || sizeBE === 540) {
    if (raw.length < 540) {
      throw new Error(
        `not a whole NIfTI-2 header: sizeof_hdr is 540 but the file has ${raw.length} bytes; the file was cut short: download or export it again`,
      );
    }
    return { version: 2, littleEndian: sizeLE === 540 };
  }
  const magic1 = text(344, 348);
  if (sizeLE === 348 || sizeBE === 348) {
    if (!MAGIC_1.test(magic1)) {
      throw new Error(
        `not a NIfTI file: sizeof_hdr is 348 but bytes 344–347 (the magic) are ${JSON.stringify(magic1)}, not "n+1\\0"; an ANALYZE 7.5 file or a damaged header: convert it with nibabel (nib.save(nib.load("x.hdr"), "x.nii.gz"))`,
      );
    }
    return { version: 1, littleEndian: sizeLE === 348 };
  }
  if (MAGIC_1.test(magic1)) {
    // nibabel reads such a file: it guesses the byte order from dim[0] (1…7)
    const dim0LE = view.getInt16(40, true);
    return { version: 1, littleEndian: dim0LE >= 1 && dim0LE <= 7 ? true : !(view.getInt16(40, false) >= 1 && view.getInt16(40, false) <= 7) };
  }
  if (raw.length >= 8 && MAGIC_2.test(text(4, 8))) {
    throw new Error(
      `sizeof_hdr is ${sizeLE}, not 540, though the magic ${JSON.stringify(text(4, 8))} says NIfTI-2: the header's first field is damaged; set it to 540 or rewrite the file with nibabel`,
    );
  }
  throw new Error(
    `not a NIfTI file: sizeof_hdr is ${sizeLE} (not 348 or 540) and there is no n+1/n+2 magic; vessel-lab reads NIfTI-1/2 (.nii, .nii.gz), MetaImage (.mha, .mhd), NRRD (.nrrd, .nhdr) and TIFF stacks (.tif, .tiff) (convert ANALYZE or DICOM with dcm2niix or nibabel)`,
  );
}

/** Parses the header at the start of decompressed NIfTI bytes. */
export function parseNiftiHeader({ raw, compressed }: { raw: Uint8Array; compressed: boolean }): NiftiHeader {
  if (raw.length < 348) {
    throw new Error(
      raw.length === 0
        ? `not a NIfTI file: it is empty${compressed ? " once decompressed" : ""}; download or export it again`
        : `not a NIfTI file: it has ${raw.length} bytes${compressed ? " once decompressed" : ""}, fewer than the 348 of a NIfTI-1 header; if it should be a scan, it was cut short: download or export it again`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const { version, littleEndian } = versionAndOrder(raw, view);
  const magic = String.fromCharCode(...raw.subarray(version === 1 ? 344 : 4, version === 1 ? 348 : 8));
  if (magic[1] === "i") {
    throw new Error(
      `this is the header of a .hdr/.img pair (magic ${JSON.stringify(magic)}); vessel-lab reads single-file .nii/.nii.gz: convert it with nibabel (nib.save(nib.load("x.hdr"), "x.nii.gz"))`,
    );
  }
  // nifti-reader-js parses the fixed header; given only those bytes it skips the extensions, which vessel-lab ignores.
  const headerCopy = new Uint8Array(raw.subarray(0, version === 1 ? 348 : 540));
  new DataView(headerCopy.buffer).setInt32(0, version === 1 ? 348 : 540, littleEndian); // nifti-reader-js finds the byte order by it
  const h = version === 1 ? new NIFTI1() : new NIFTI2();
  h.readHeader(headerCopy.buffer);
  if (version === 2) {
    // nifti-reader-js 0.6 reads NIfTI-2's int64 fields as unsigned halves (−1 comes out as 18446744073709552000)
    for (let n = 0; n < 8; n++) h.dims[n] = Number(view.getBigInt64(16 + 8 * n, littleEndian));
    h.vox_offset = Number(view.getBigInt64(168, littleEndian));
  }
  const ndim = h.dims[0];
  const srow: number[] = [];
  for (let n = 0; n < 12; n++) srow.push(version === 1 ? view.getFloat32(280 + 4 * n, littleEndian) : view.getFloat64(400 + 8 * n, littleEndian));
  const header: NiftiHeader = {
    version,
    compressed,
    littleEndian,
    datatype: h.datatypeCode,
    datatypeName: niftiDatatypeName(h.datatypeCode),
    bitpix: h.numBitsPerVoxel,
    ndim,
    dims: h.dims.slice(1, 1 + Math.max(0, Math.min(ndim, 7))),
    pixdim: h.pixDims.slice(1, 1 + Math.max(0, Math.min(ndim, 7))),
    qfac: h.pixDims[0] < 0 ? -1 : 1,
    voxOffset: h.vox_offset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    spatialUnits: SPATIAL[h.xyzt_units & 7] ?? "unknown",
    temporalUnits: TEMPORAL[h.xyzt_units & 56] ?? "unknown",
    description: h.description,
    intentCode: h.intent_code,
    intentName: h.intent_name,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow,
    hasExtension: raw.length > (version === 1 ? 348 : 540) && raw[version === 1 ? 348 : 540] !== 0,
  };
  return header;
}
