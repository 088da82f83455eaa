/**
 * MetaImage (.mha, and .mhd with its data file): ITK's and VTK's own format, a text header of `Key = Value` lines
 * ending with `ElementDataFile`, then the voxels (zlib-compressed when `CompressedData = True`).
 *
 * World coordinates follow ITK: `Offset` is voxel (0,0,0) and the `TransformMatrix` rows are the directions of the
 * i, j and k axes (ITK's MetaImageIO reads them so), in LPS+ (ITK's world). vessel-lab's affines are RAS+ (NIfTI's),
 * so x and y change sign, as ITK does when it writes NIfTI: a MetaImage read here and the NIfTI that ITK or 3D Slicer
 * would write from it have the same affine.
 */
import { formatSize } from "./sizes.js";
import { unzlibSync } from "fflate";
import { multiplyAffines } from "./affine.js";
import { type Affine, type Vec3, type Volume, axisAlignedAffine } from "./volume.js";
import { affineProblem } from "./niftiAffine.js";
import { type VoxelType, decodeVoxels, voxelTypeNamed } from "./voxelDecode.js";

/** MetaIO's element types and the voxel types that hold them (MET_LONG and MET_ULONG are 4 bytes in MetaIO); the first of a type is the one written. */
export const ELEMENT_TYPES: Record<string, string> = {
  MET_UCHAR: "uint8",
  MET_CHAR: "int8",
  MET_USHORT: "uint16",
  MET_SHORT: "int16",
  MET_UINT: "uint32",
  MET_INT: "int32",
  MET_ULONG: "uint32",
  MET_LONG: "int32",
  MET_FLOAT: "float32",
  MET_DOUBLE: "float64",
};

const FIX = "convert it to NIfTI with ITK, SimpleITK or 3D Slicer (SimpleITK: sitk.WriteImage(sitk.ReadImage('in.mha'), 'out.nii.gz'))";

/** What a MetaImage header says, as vessel-lab reads it. */
export interface MetaImageHeader {
  dims: Vec3;
  type: VoxelType;
  /** MetaIO's name of the element type (MET_FLOAT…). */
  elementType: string;
  littleEndian: boolean;
  /** Voxels zlib-compressed (CompressedData = True). */
  compressed: boolean;
  /** ElementSpacing (else ElementSize), mm. */
  spacing: Vec3;
  /** Voxel index → world mm, RAS+ (the LPS+ header turned as ITK turns it for NIfTI). */
  affine: Affine;
  /** "LOCAL" (the voxels follow the header) or the data file's name, relative to the header's folder. */
  dataFile: string;
  /** Bytes of the header itself: where a .mha's voxels start. */
  headerBytes: number;
  /** HeaderSize: bytes to skip at the start of a separate data file; −1: the voxels are its last bytes. */
  skip: number;
  /** Bytes the voxels take once decompressed. */
  voxelBytes: number;
  /** CompressedDataSize: the zlib stream's length, or 0 when not given (the stream runs to the file's end). */
  compressedSize: number;
}

/** The longest header read: MetaIO's headers are a few hundred bytes; a file with no ElementDataFile in 64 KiB is not one. */
export const META_HEADER_MAX_BYTES = 64 * 1024;

/** True when `bytes` start like a MetaImage header: a `Key = Value` line first (MetaIO takes keys in any order), and an ElementDataFile line in reach. */
export function isMetaImage(bytes: Uint8Array): boolean {
  const text = latin1(bytes.subarray(0, META_HEADER_MAX_BYTES)).replace(BOM, "");
  return /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/.test(text) && /(^|\n)\s*ElementDataFile\s*=/i.test(text);
}

/** A UTF-8 byte-order mark as latin1 reads it: some editors put one before a hand-written header. */
const BOM = /^\xef\xbb\xbf/;

/**
 * The header at the start of `bytes` (the whole .mha, or at least its first META_HEADER_MAX_BYTES): an Error naming
 * the key, its value and the fix for anything vessel-lab cannot read as one 3D volume.
 */
export function readMetaImageHeader(bytes: Uint8Array): MetaImageHeader {
  const raw = latin1(bytes.subarray(0, META_HEADER_MAX_BYTES));
  const text = raw.replace(BOM, "");
  const bom = raw.length - text.length;
  const fields = new Map<string, string>();
  let headerBytes = -1;
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf("\n", pos);
    if (eol < 0 && bytes.length > text.length) break; // a line longer than the header may be: no ElementDataFile in reach
    const line = text.slice(pos, eol < 0 ? text.length : eol).replace(/\r$/, "");
    const next = eol < 0 ? text.length : eol + 1;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) {
      fields.set(m[1].toLowerCase(), m[2]);
      if (m[1].toLowerCase() === "elementdatafile") {
        if (eol < 0) throw new Error("MetaImage header: the ElementDataFile line has no line end: the file is cut short; export it again");
        headerBytes = bom + next;
        break;
      }
    } else if (line.trim() !== "") {
      if (eol < 0) throw new Error("MetaImage: the file ends inside its header (no ElementDataFile line): it was cut short; download or export it again");
      if (/[^\t\x20-\x7e\x80-\xff]/.test(line)) {
        throw new Error("MetaImage header: binary data before an ElementDataFile line, which ends every header: the header is damaged; export the file again");
      }
      throw new Error(
        `not a MetaImage file: header line ${JSON.stringify(line.slice(0, 60))} is not "Key = Value"; vessel-lab reads MetaImage (.mha/.mhd), NRRD (.nrrd/.nhdr) and NIfTI (.nii/.nii.gz): export or convert the file to one of them`,
      );
    }
    pos = next;
  }
  if (headerBytes < 0) {
    throw new Error(
      `MetaImage header: no ElementDataFile line in the first ${text.length} bytes (it ends every MetaImage header): the file is cut short or not MetaImage; ${FIX}`,
    );
  }
  const get = (key: string): string | undefined => fields.get(key.toLowerCase());
  const objectType = get("ObjectType");
  if (objectType !== undefined && objectType.toLowerCase() !== "image")
    throw new Error(`MetaImage ObjectType = ${objectType}: not an image; give an image file`);
  const ndims = Number(get("NDims"));
  const size = numbers("DimSize", get("DimSize"));
  if (!Number.isInteger(ndims) || ndims < 1)
    throw new Error(`MetaImage NDims = ${get("NDims") ?? "(missing)"}: not a number of dimensions; the header is damaged: export the file again`);
  if (size.length !== ndims || !size.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(
      `MetaImage DimSize = ${get("DimSize") ?? "(missing)"}: expected ${ndims} positive whole numbers (NDims); the header is damaged: export the file again`,
    );
  }
  const dims = threeDims(ndims, size);
  const channels = get("ElementNumberOfChannels");
  if (channels !== undefined && Number(channels) !== 1) {
    throw new Error(
      `MetaImage ElementNumberOfChannels = ${channels}: a vector or colour image; vessel-lab segments one value per voxel: extract one channel first (SimpleITK: sitk.VectorIndexSelectionCast(img, 0))`,
    );
  }
  const elementType = (get("ElementType") ?? "").toUpperCase();
  const typeName = ELEMENT_TYPES[elementType];
  if (!typeName) {
    throw new Error(
      `MetaImage ElementType = ${get("ElementType") ?? "(missing)"}: vessel-lab reads ${Object.keys(ELEMENT_TYPES).join(", ")}; cast the image and save it again (SimpleITK: sitk.Cast(img, sitk.sitkFloat32))`,
    );
  }
  const type = voxelTypeNamed(typeName)!;
  if (!truthy(get("BinaryData") ?? "True")) {
    throw new Error(`MetaImage BinaryData = ${get("BinaryData")}: the voxels are stored as text, which vessel-lab does not read; ${FIX}`);
  }
  const msb = truthy(get("BinaryDataByteOrderMSB") ?? get("ElementByteOrderMSB") ?? "False");
  const compressed = truthy(get("CompressedData") ?? "False");
  const compressedSize = Number(get("CompressedDataSize") ?? 0);
  const spacingKey = get("ElementSpacing") !== undefined ? "ElementSpacing" : "ElementSize";
  const spacing = vector(spacingKey, get(spacingKey), ndims, 1).map(Math.abs) as Vec3;
  if (!spacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw new Error(`MetaImage ${spacingKey} = ${get(spacingKey)}: voxel sizes must be positive numbers; fix the header or export the file again`);
  }
  const originKey = ["Offset", "Position", "Origin"].find((k) => get(k) !== undefined) ?? "Offset";
  const origin = vector(originKey, get(originKey), ndims, 0);
  const rotationKey = ["TransformMatrix", "Rotation", "Orientation"].find((k) => get(k) !== undefined) ?? "TransformMatrix";
  const affine = lpsToRas(metaAffine(rotationKey, get(rotationKey), ndims, spacing, origin));
  const dataFile = get("ElementDataFile")!;
  if (dataFile === "" || /^list\b/i.test(dataFile) || dataFile.includes("%")) {
    throw new Error(
      `MetaImage ElementDataFile = ${dataFile || "(empty)"}: the voxels are spread over a list or pattern of files, which vessel-lab does not read; ${FIX}`,
    );
  }
  const skip = Number(get("HeaderSize") ?? 0);
  if (!Number.isInteger(skip) || skip < -1)
    throw new Error(`MetaImage HeaderSize = ${get("HeaderSize")}: expected a byte count (or -1); fix the header or export the file again`);
  if (skip === -1 && compressed)
    throw new Error("MetaImage HeaderSize = -1 with CompressedData = True: compressed data cannot be found from the file's end; export the file again");
  const voxelBytes = dims[0] * dims[1] * dims[2] * type.bytes;
  return {
    dims,
    type,
    elementType,
    littleEndian: !msb,
    compressed,
    spacing,
    affine,
    dataFile,
    headerBytes,
    skip,
    voxelBytes,
    compressedSize: Number.isInteger(compressedSize) && compressedSize > 0 ? compressedSize : 0,
  };
}

/**
 * The Volume in a MetaImage file. `bytes` are the .mha (or the .mhd's header); a header whose voxels are in another
 * file (ElementDataFile = its name) needs `dataFile(name)`, which returns that file's bytes (the CLI reads it beside
 * the header; a page cannot). A file whose voxels take more than `maxBytes` is refused before they are inflated.
 */
export function readMetaImage(
  bytes: Uint8Array,
  { maxBytes = 2 ** 31, dataFile }: { maxBytes?: number; dataFile?: (name: string) => Uint8Array } = {},
): Volume {
  const h = readMetaImageHeader(bytes);
  if (h.voxelBytes > maxBytes) {
    throw new Error(
      `MetaImage: ${h.dims.join("×")} ${h.type.name} voxels take ${formatSize(h.voxelBytes)}, over the ${formatSize(maxBytes)} this reader is allowed (maxBytes); crop or downsample the scan first`,
    );
  }
  let raw: Uint8Array;
  let start: number;
  if (h.dataFile.toUpperCase() === "LOCAL") {
    raw = bytes;
    // MetaIO applies HeaderSize to LOCAL data too: bytes from the file's start, or −1: the voxels are its last bytes
    start = h.skip === -1 ? raw.length - h.voxelBytes : h.skip > 0 ? h.skip : h.headerBytes;
  } else {
    if (!dataFile) {
      throw new Error(
        `MetaImage: the voxels are in a separate file (ElementDataFile = ${h.dataFile}), which cannot be opened from here; give the .mhd to the vessel-lab CLI with its data file beside it, or save the image as one .mha`,
      );
    }
    raw = dataFile(h.dataFile);
    start = h.skip === -1 ? raw.length - h.voxelBytes : h.skip;
  }
  const stored = Math.max(0, raw.length - Math.max(0, start));
  if (h.compressed) {
    const inflated = inflateChecked(raw.subarray(start, h.compressedSize > 0 ? start + h.compressedSize : raw.length), h);
    return { data: decodeVoxels(inflated, 0, h.type, h.voxelBytes / h.type.bytes, h.littleEndian, true), dims: h.dims, spacing: h.spacing, affine: h.affine };
  }
  if (start < 0 || stored < h.voxelBytes) throw new Error(shortMessage(h, start < 0 ? raw.length : stored, "hold"));
  return { data: decodeVoxels(raw, start, h.type, h.voxelBytes / h.type.bytes, h.littleEndian, false), dims: h.dims, spacing: h.spacing, affine: h.affine };
}

/**
 * The voxels of a zlib stream, exactly `voxelBytes` of them, checked: inflated into a buffer one byte longer than the
 * header says (so a stream cannot inflate past it), the length must be the header's and the Adler-32 of the output
 * the stream's trailer (its last 4 bytes). A damaged or cut stream is an Error, never wrong voxels.
 */
function inflateChecked(stream: Uint8Array, h: MetaImageHeader): Uint8Array {
  const damaged = (what: string) => new Error(`MetaImage: the compressed voxels are damaged or cut short (${what}); download or export the file again`);
  if (stream.length < 7) throw damaged(`${stream.length} bytes of zlib data`);
  let inflated: Uint8Array;
  try {
    inflated = unzlibSync(stream, { out: new Uint8Array(h.voxelBytes + 1) });
  } catch (error) {
    throw damaged(`zlib: ${(error as Error).message}`);
  }
  if (inflated.length < h.voxelBytes) throw new Error(shortMessage(h, inflated.length, "inflate to"));
  if (inflated.length > h.voxelBytes) throw damaged(`they inflate to more than the header's ${h.voxelBytes} bytes`);
  const n = stream.length;
  const trailer = ((stream[n - 4] << 24) | (stream[n - 3] << 16) | (stream[n - 2] << 8) | stream[n - 1]) >>> 0;
  if (adler32(inflated) !== trailer) throw damaged("their Adler-32 checksum disagrees with the data");
  return inflated;
}

/** Adler-32 (zlib's checksum) of `data`. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length;) {
    const end = Math.min(data.length, i + 3800); // sums stay below 2^31 within a block
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function shortMessage(h: MetaImageHeader, have: number, verb: string): string {
  return `truncated: the MetaImage header says ${h.dims.join("×")} ${h.elementType} voxels (${h.voxelBytes} bytes) but the data ${verb} ${have}; the file was cut short: export or download it again`;
}

/** One 3D volume from NDims and DimSize: 3D, or 2D/4D+ with size-1 axes beyond the third (as ITK would squeeze). */
function threeDims(ndims: number, size: number[]): Vec3 {
  if (ndims === 3) return size as Vec3;
  if (ndims > 3 && size.slice(3).every((n) => n === 1)) return size.slice(0, 3) as Vec3;
  throw new Error(
    ndims < 3
      ? `MetaImage NDims = ${ndims}: a ${ndims}D image; vessel-lab segments 3D volumes: give a 3D scan`
      : `MetaImage NDims = ${ndims}, DimSize = ${size.join(" ")}: a ${ndims}D series; vessel-lab reads one 3D volume: extract one (SimpleITK: img[:, :, :, 0])`,
  );
}

/** MetaIO's reading of a boolean: true when it starts with T, t or 1. */
function truthy(value: string): boolean {
  return /^[tT1]/.test(value);
}

function numbers(key: string, value: string | undefined): number[] {
  if (value === undefined || value.trim() === "") return [];
  return value.trim().split(/\s+/).map(Number);
}

/** The first three of `ndims` numbers of `key` (missing: `fill` each), each finite. */
function vector(key: string, value: string | undefined, ndims: number, fill: number): Vec3 {
  if (value === undefined) return [fill, fill, fill];
  const v = numbers(key, value);
  if (v.length !== ndims || !v.every(Number.isFinite)) {
    throw new Error(`MetaImage ${key} = ${value}: expected ${ndims} numbers (NDims); fix the header or export the file again`);
  }
  return [v[0], v[1], v[2]];
}

/** LPS+ affine from the direction rows (one per axis), spacing and origin; the upper-left 3×3 of an ND matrix. */
function metaAffine(key: string, value: string | undefined, ndims: number, spacing: Vec3, origin: Vec3): Affine {
  if (value === undefined) return axisAlignedAffine(spacing, origin);
  const m = numbers(key, value);
  if (m.length !== ndims * ndims || !m.every(Number.isFinite)) {
    throw new Error(`MetaImage ${key} = ${value}: expected ${ndims * ndims} numbers (NDims × NDims); fix the header or export the file again`);
  }
  const axis = (a: number): Vec3 => [m[a * ndims], m[a * ndims + 1], m[a * ndims + 2]];
  const [u, v, w] = [axis(0), axis(1), axis(2)];
  const a: Affine = [];
  for (let r = 0; r < 3; r++) a.push(u[r] * spacing[0], v[r] * spacing[1], w[r] * spacing[2], origin[r]);
  a.push(0, 0, 0, 1);
  if (affineProblem(a)) throw new Error(`MetaImage ${key} = ${value}: the axis directions are not independent; fix the header or export the file again`);
  return a;
}

/** LPS+ world → RAS+ world: x and y change sign. */
export function lpsToRas(affine: Affine): Affine {
  return multiplyAffines([-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], affine);
}

/** Bytes as ISO-8859-1 text, one character a byte (headers are ASCII; a stray byte cannot throw). */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let n = 0; n < bytes.length; n += 8192) s += String.fromCharCode(...bytes.subarray(n, Math.min(bytes.length, n + 8192)));
  return s;
}
