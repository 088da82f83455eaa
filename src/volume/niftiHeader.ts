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

/** The header of a .nii or .nii.gz file, decompressing it when it starts with the gzip magic. Throws on anything that is not a single-file NIfTI. */
export function readNiftiHeader(bytes: ArrayBuffer | Uint8Array): NiftiHeader {
  return parseNiftiHeader(niftiBytes(bytes));
}

/** The raw (decompressed) bytes of a .nii or .nii.gz file, as a Uint8Array that may share `bytes`' buffer. */
export function niftiBytes(bytes: ArrayBuffer | Uint8Array): { raw: Uint8Array; compressed: boolean } {
  if (!(bytes instanceof ArrayBuffer) && !(bytes instanceof Uint8Array)) {
    throw new TypeError(`readNifti: bytes must be an ArrayBuffer or Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  // a plain view: a Node Buffer's slice() would not copy
  const u8 = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  return isGzip(u8) ? { raw: gunzip(u8), compressed: true } : { raw: u8, compressed: false };
}

/** Parses the header at the start of decompressed NIfTI bytes. */
export function parseNiftiHeader({ raw, compressed }: { raw: Uint8Array; compressed: boolean }): NiftiHeader {
  if (raw.length < 348) {
    throw new Error(`not a NIfTI file (no n+1/ni1 magic): it has ${raw.length} bytes, fewer than the 348 of a NIfTI-1 header`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const sizeLE = view.getInt32(0, true);
  const sizeBE = view.getInt32(0, false);
  const version = sizeLE === 540 || sizeBE === 540 ? 2 : 1;
  const littleEndian = version === 1 ? sizeLE === 348 : sizeLE === 540;
  const magic = String.fromCharCode(...raw.subarray(version === 1 ? 344 : 4, version === 1 ? 348 : 8));
  if (version === 2 && raw.length < 540) throw new Error(`truncated: a NIfTI-2 header needs 540 bytes, file has ${raw.length}`);
  if ((sizeLE !== 348 && sizeBE !== 348 && version === 1) || !/^n[+i][12]\0$/.test(magic)) {
    throw new Error(
      `not a NIfTI file (no n+1/ni1 magic): sizeof_hdr is ${sizeLE} and the magic is ${JSON.stringify(magic)}; vessel-lab reads NIfTI-1/2 .nii and .nii.gz (convert ANALYZE or DICOM with dcm2niix or nibabel)`,
    );
  }
  if (magic[1] === "i") {
    throw new Error(`this is the header of a .hdr/.img pair (magic ${JSON.stringify(magic)}); vessel-lab reads single-file .nii/.nii.gz: convert it with nibabel (nib.save(nib.load("x.hdr"), "x.nii.gz"))`);
  }
  // nifti-reader-js parses the fixed header; given only those bytes it skips the extensions, which vessel-lab ignores.
  const headerBytes = new Uint8Array(raw.subarray(0, version === 1 ? 348 : 540)).buffer;
  const h = version === 1 ? new NIFTI1() : new NIFTI2();
  h.readHeader(headerBytes);
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
