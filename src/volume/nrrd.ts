/**
 * NRRD (.nrrd, and .nhdr with its data file): Teem's format, 3D Slicer's default. A `NRRD000N` magic line, `field:
 * value` lines (`key:=value` pairs and `#` comments are skipped), a blank line, then the voxels (raw, gzip or text).
 *
 * World coordinates: `space origin` is voxel (0,0,0) and `space directions` holds each axis's step in the `space`
 * (RAS, LAS or LPS). vessel-lab's affines are RAS+, so an LPS file's x and y (an LAS file's x) change sign, as 3D
 * Slicer does. A file with no space directions gets its axes from `spacings` (else 1 mm) and its origin at 0.
 */
import { formatSize } from "./sizes.js";
import { multiplyAffines } from "./affine.js";
import { gunzip } from "./gzip.js";
import { latin1 } from "./metaImage.js";
import type { Affine, Vec3, Volume } from "./volume.js";
import { MM_PER_UNIT } from "./lengthUnits.js";
import { affineProblem } from "./niftiAffine.js";
import { type VoxelType, decodeVoxels, voxelTypeNamed } from "./voxelDecode.js";

/** NRRD's type names for each voxel type, every spelling the format allows; the first is the one written. */
const SPELLINGS: Record<string, string[]> = {
  int8: ["int8", "signed char", "int8_t"],
  uint8: ["uint8", "uchar", "unsigned char", "uint8_t"],
  int16: ["int16", "short", "short int", "signed short", "signed short int", "int16_t"],
  uint16: ["uint16", "ushort", "unsigned short", "unsigned short int", "uint16_t"],
  int32: ["int32", "int", "signed int", "int32_t"],
  uint32: ["uint32", "uint", "unsigned int", "uint32_t"],
  float32: ["float"],
  float64: ["double"],
};

/** A spelling → the voxel type that holds it. */
const TYPES: Record<string, string> = Object.fromEntries(Object.entries(SPELLINGS).flatMap(([name, spellings]) => spellings.map((s) => [s, name])));

/** The NRRD type name written for a voxel type ("int16", "float"…). */
export function nrrdTypeName(voxelType: string): string {
  return SPELLINGS[voxelType][0];
}

/** The `space` values vessel-lab reads and how each turns into RAS+ (a sign per world axis; 3D-left-handed, a mirror, is refused). */
const SPACES: Record<string, Vec3> = {
  "right-anterior-superior": [1, 1, 1],
  ras: [1, 1, 1],
  "left-anterior-superior": [-1, 1, 1],
  las: [-1, 1, 1],
  "left-posterior-superior": [-1, -1, 1],
  lps: [-1, -1, 1],
  // no anatomical meaning: taken as LPS, as ITK's NrrdImageIO and SimpleITK take them (3D Slicer's own NRRD reader takes them as RAS)
  "scanner-xyz": [-1, -1, 1],
  "3d-right-handed": [-1, -1, 1],
};

/** How a file with no `space` is placed: as LPS, as ITK takes it (its spacings along L, P, S). */
const NO_SPACE: Vec3 = [-1, -1, 1];

const FIX = "convert it to NIfTI with 3D Slicer, SimpleITK or pynrrd + nibabel";

/** What an NRRD header says, as vessel-lab reads it. */
export interface NrrdHeader {
  dims: Vec3;
  type: VoxelType;
  /** The header's own type name ("short", "float"…). */
  typeName: string;
  encoding: "raw" | "gzip" | "text";
  littleEndian: boolean;
  spacing: Vec3;
  /** Voxel index → world mm, RAS+. */
  affine: Affine;
  /** The data file's name for a detached header (.nhdr), relative to the header's folder; null when the voxels follow it. */
  dataFile: string | null;
  /** Bytes of the header, blank line included: where an attached file's data start. */
  headerBytes: number;
  lineSkip: number;
  /** byte skip: bytes to skip (after decompression for gzip); −1: the raw voxels are the data's last bytes. */
  byteSkip: number;
  voxelBytes: number;
}

/** The longest header read: a plain scan's is under 1 KiB, a 3D Slicer segmentation's (.seg.nrrd) about 0.4 KiB per segment. */
export const NRRD_HEADER_MAX_BYTES = 2 ** 20;

/** True when `bytes` start with the NRRD magic (NRRD0001 … NRRD0005). */
export function isNrrd(bytes: Uint8Array): boolean {
  return /^NRRD000[1-9]/.test(latin1(bytes.subarray(0, 8)));
}

/** The header at the start of `bytes`: an Error naming the field, its value and the fix for what vessel-lab cannot read. */
export function readNrrdHeader(bytes: Uint8Array): NrrdHeader {
  const text = latin1(bytes.subarray(0, NRRD_HEADER_MAX_BYTES));
  if (!isNrrd(bytes)) throw new Error("not an NRRD file: it does not start with NRRD0001…NRRD0005");
  const fields = new Map<string, string>();
  let pos = text.indexOf("\n") + 1;
  let headerBytes = -1;
  if (pos === 0) throw new Error("NRRD header: nothing after the magic line; the file is cut short: export it again");
  while (pos < text.length) {
    const eol = text.indexOf("\n", pos);
    if (eol < 0 && bytes.length > text.length) {
      throw new Error(
        `NRRD header: no blank line in its first ${text.length} bytes, far more than a header needs: the file is damaged or not NRRD; export it again`,
      );
    }
    const line = text.slice(pos, eol < 0 ? text.length : eol).replace(/\r$/, "");
    const next = eol < 0 ? text.length : eol + 1;
    if (line === "") {
      headerBytes = next;
      break;
    }
    pos = next;
    if (line.startsWith("#") || /^[^:]*:=/.test(line)) continue;
    const m = /^([^:]+):\s?(.*)$/.exec(line);
    if (!m) throw new Error(`NRRD header line ${JSON.stringify(line.slice(0, 60))} is not "field: value"; the header is damaged: export the file again`);
    const key = m[1].trim().toLowerCase();
    fields.set(key, m[2].trim());
    if ((key === "data file" || key === "datafile") && /^list\b/i.test(m[2].trim())) break; // the lines after it name the files
    if (eol < 0) break;
  }
  const get = (key: string): string | undefined => fields.get(key);
  const detached = get("data file") ?? get("datafile");
  if (headerBytes < 0) {
    if (detached === undefined) throw new Error("NRRD header: no blank line after it and no data file: the file is cut short; export it again");
    headerBytes = text.length;
  }
  const need = (key: string): string => {
    const v = get(key);
    if (v === undefined) throw new Error(`NRRD header has no "${key}" field, which every NRRD needs; the header is damaged: export the file again`);
    return v;
  };
  const typeName = need("type").toLowerCase();
  const t = TYPES[typeName];
  if (!t)
    throw new Error(`NRRD type: ${typeName}: vessel-lab reads ${[...new Set(Object.values(TYPES))].join(", ")}; convert the file first (unu convert -t float)`);
  const type = voxelTypeNamed(t)!;
  const dimension = Number(need("dimension"));
  const sizes = need("sizes").split(/\s+/).map(Number);
  if (!Number.isInteger(dimension) || sizes.length !== dimension || !sizes.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(
      `NRRD sizes: ${get("sizes")} with dimension: ${get("dimension")}: expected that many positive whole numbers; the header is damaged: export the file again`,
    );
  }
  const keep = spatialAxes(dimension, sizes, get("space directions"));
  const dims = keep.map((a) => sizes[a]) as Vec3;
  const encodingName = need("encoding").toLowerCase();
  const encodings: Record<string, NrrdHeader["encoding"] | undefined> = { raw: "raw", gzip: "gzip", gz: "gzip", text: "text", txt: "text", ascii: "text" };
  const encoding = encodings[encodingName];
  if (!encoding) {
    throw new Error(
      `NRRD encoding: ${encodingName}: vessel-lab reads raw, gzip and text NRRD; re-save it with gzip (unu save -e gzip, or 3D Slicer's compression) or ${FIX}`,
    );
  }
  const endian = (get("endian") ?? "").toLowerCase();
  if (type.bytes > 1 && encoding !== "text" && endian !== "little" && endian !== "big") {
    throw new Error(`NRRD endian: ${get("endian") ?? "(missing)"}: ${type.bytes}-byte voxels need "little" or "big"; fix the header or export the file again`);
  }
  const { affine, spacing } = nrrdGeometry(get, keep, dimension);
  if (detached !== undefined && (/^list\b/i.test(detached) || detached.includes("%") || /\s\d+\s+\d+/.test(detached))) {
    throw new Error(`NRRD data file: ${detached}: the voxels are spread over several files, which vessel-lab does not read; ${FIX}`);
  }
  const lineSkip = Number(get("line skip") ?? get("lineskip") ?? 0);
  const byteSkip = Number(get("byte skip") ?? get("byteskip") ?? 0);
  if (!Number.isInteger(lineSkip) || lineSkip < 0)
    throw new Error(`NRRD line skip: ${lineSkip}: expected a line count ≥ 0; fix the header or export the file again`);
  if (!Number.isInteger(byteSkip) || byteSkip < -1 || (byteSkip === -1 && encoding !== "raw")) {
    throw new Error(`NRRD byte skip: ${byteSkip}: expected a byte count ≥ 0 (or -1 with raw encoding); fix the header or export the file again`);
  }
  return {
    dims,
    type,
    typeName,
    encoding,
    littleEndian: endian !== "big",
    spacing,
    affine,
    dataFile: detached ?? null,
    headerBytes,
    lineSkip,
    byteSkip,
    voxelBytes: dims[0] * dims[1] * dims[2] * type.bytes,
  };
}

/**
 * The three spatial axes of a `dimension`-axis file: all three of a 3D file; of more, the axes with a space direction
 * (the others say "none"), or, without directions, the axes left when size-1 axes are dropped from either end. Every
 * axis left out must have size 1 (one 3D volume); anything else is refused with the fix.
 */
function spatialAxes(dimension: number, sizes: number[], directions: string | undefined): number[] {
  const all = [...Array(dimension).keys()];
  if (dimension === 3) return all;
  if (dimension < 3) throw new Error(`NRRD dimension: ${dimension}: a ${dimension}D image; vessel-lab segments 3D volumes: give a 3D scan`);
  let keep = all;
  if (directions !== undefined) {
    const tokens = [...directions.matchAll(/\([^)]*\)|none/gi)].map((m) => m[0].toLowerCase());
    if (tokens.length === dimension) keep = all.filter((a) => tokens[a] !== "none");
  } else {
    while (keep.length > 3 && (sizes[keep[keep.length - 1]] === 1 || sizes[keep[0]] === 1))
      keep = sizes[keep[keep.length - 1]] === 1 ? keep.slice(0, -1) : keep.slice(1);
  }
  if (keep.length !== 3 || all.some((a) => !keep.includes(a) && sizes[a] !== 1)) {
    throw new Error(
      `NRRD dimension: ${dimension} (sizes ${sizes.join(" ")}): not one 3D volume (a vector, colour or time series); extract one 3D volume first (unu slice) and save it again`,
    );
  }
  return keep;
}

/** Affine and spacing from space, space directions, space origin and space units (else spacings), for the axes `keep`. */
function nrrdGeometry(get: (key: string) => string | undefined, keep: number[], dimension: number): { affine: Affine; spacing: Vec3 } {
  const space = get("space");
  const directions = get("space directions");
  const spaceDimension = get("space dimension");
  let signs: Vec3 = NO_SPACE;
  if (space !== undefined) {
    const s = SPACES[space.toLowerCase()];
    if (!s)
      throw new Error(
        `NRRD space: ${space}: vessel-lab reads 3D spaces (right-anterior-superior, left-posterior-superior, left-anterior-superior, scanner-xyz, 3D-right-handed); ${FIX}`,
      );
    signs = s;
  } else if (spaceDimension !== undefined && Number(spaceDimension) !== 3) {
    throw new Error(`NRRD space dimension: ${spaceDimension}: vessel-lab reads 3D spaces; ${FIX}`);
  }
  const units = unitScale(get("space units"));
  if (directions === undefined) {
    const all = (get("spacings") ?? Array(dimension).fill("nan").join(" ")).split(/\s+/).map(Number);
    if (all.length !== dimension) throw new Error(`NRRD spacings: ${get("spacings")}: expected ${dimension} numbers; fix the header or export the file again`);
    const spacing = keep.map((a) => (Number.isFinite(all[a]) && all[a] !== 0 ? Math.abs(all[a]) : 1)) as Vec3;
    return { affine: [signs[0] * spacing[0], 0, 0, 0, 0, signs[1] * spacing[1], 0, 0, 0, 0, signs[2] * spacing[2], 0, 0, 0, 0, 1], spacing };
  }
  const tokens = [...directions.matchAll(/\(([^)]*)\)|none/gi)].map((m) => (m[1] === undefined ? null : m[1].split(",").map((x) => Number(x.trim()))));
  const vectors = tokens.length === dimension ? keep.map((a) => tokens[a]) : tokens;
  if (vectors.length !== 3 || !vectors.every((v) => v !== null && v.length === 3 && v.every(Number.isFinite))) {
    throw new Error(`NRRD space directions: ${directions}: expected three vectors (x,y,z), one per axis; fix the header or export the file again`);
  }
  const [u, v, w] = vectors as Vec3[];
  if (affineProblem([u[0], v[0], w[0], 0, u[1], v[1], w[1], 0, u[2], v[2], w[2], 0, 0, 0, 0, 1]))
    throw new Error(`NRRD space directions: ${directions}: the axes are not independent (a zero or repeated axis); fix the header or export the file again`);
  const originText = get("space origin");
  let origin: Vec3 = [0, 0, 0];
  if (originText !== undefined) {
    const m = /\(([^)]*)\)/.exec(originText);
    const o = m ? m[1].split(",").map((x) => Number(x.trim())) : [];
    if (o.length !== 3 || !o.every(Number.isFinite))
      throw new Error(`NRRD space origin: ${originText}: expected (x,y,z); fix the header or export the file again`);
    origin = o as Vec3;
  }
  const a: Affine = [];
  for (let r = 0; r < 3; r++) a.push(u[r] * units, v[r] * units, w[r] * units, origin[r] * units);
  a.push(0, 0, 0, 1);
  const affine = multiplyAffines([signs[0], 0, 0, 0, 0, signs[1], 0, 0, 0, 0, signs[2], 0, 0, 0, 0, 1], a);
  const spacing = [u, v, w].map((d) => Math.hypot(d[0], d[1], d[2]) * units) as Vec3;
  return { affine, spacing };
}

/** mm per unit of `space units` ("mm" "mm" "mm"); one unit for all three axes. */
function unitScale(value: string | undefined): number {
  if (value === undefined) return 1;
  const units = [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1].trim().toLowerCase());
  const scales = units.map((u) => (u === "" ? 1 : MM_PER_UNIT[u]));
  if (units.length !== 3 || scales.some((s) => s === undefined) || new Set(scales).size > 1) {
    throw new Error(`NRRD space units: ${value}: vessel-lab reads one length unit for all three axes (mm, cm, m, um); fix the header or export the file again`);
  }
  return scales[0]!;
}

/**
 * The Volume in an NRRD file. `bytes` are the .nrrd (or the .nhdr); a detached header needs `dataFile(name)`, which
 * returns the data file's bytes (the CLI reads it beside the header). A file whose voxels take more than `maxBytes`
 * is refused before they are read.
 */
export function readNrrd(bytes: Uint8Array, { maxBytes = 2 ** 31, dataFile }: { maxBytes?: number; dataFile?: (name: string) => Uint8Array } = {}): Volume {
  const h = readNrrdHeader(bytes);
  if (h.voxelBytes > maxBytes) {
    throw new Error(
      `NRRD: ${h.dims.join("×")} ${h.type.name} voxels take ${formatSize(h.voxelBytes)}, over the ${formatSize(maxBytes)} this reader is allowed (maxBytes); crop or downsample the scan first`,
    );
  }
  let data: Uint8Array;
  if (h.dataFile === null) data = bytes.subarray(h.headerBytes);
  else if (dataFile) data = dataFile(h.dataFile);
  else {
    throw new Error(
      `NRRD: the voxels are in a separate file (data file: ${h.dataFile}), which cannot be opened from here; give the .nhdr to the vessel-lab CLI with its data file beside it, or save the image as one .nrrd`,
    );
  }
  for (let n = 0; n < h.lineSkip; n++) {
    const eol = data.indexOf(10);
    if (eol < 0) throw new Error(`NRRD line skip: ${h.lineSkip}: the data have fewer lines; fix the header or export the file again`);
    data = data.subarray(eol + 1);
  }
  const voxels = h.voxelBytes / h.type.bytes;
  const base = { dims: h.dims, spacing: h.spacing, affine: h.affine };
  if (h.encoding === "text") return { ...base, data: textVoxels(data, h, voxels) };
  if (h.encoding === "gzip") {
    const end = h.byteSkip + h.voxelBytes;
    let inflated: Uint8Array;
    try {
      // one byte more than the header's: a stream that holds more is refused, and one inflated whole has its CRC checked
      inflated = gunzip(data, { stopAt: end + 1, maxBytes: end + 1 });
    } catch (error) {
      throw new Error(`NRRD (gzip): ${(error as Error).message}`);
    }
    if (inflated.length < end) throw new Error(shortMessage(h, inflated.length - h.byteSkip, "inflate to"));
    if (inflated.length > end) {
      throw new Error(
        `NRRD (gzip): the data inflate to more than the header's ${h.dims.join("×")} ${h.typeName} voxels (${end} bytes): the header or the data are damaged; export the file again`,
      );
    }
    return { ...base, data: decodeVoxels(inflated, h.byteSkip, h.type, voxels, h.littleEndian, true) };
  }
  const start = h.byteSkip === -1 ? data.length - h.voxelBytes : h.byteSkip;
  if (start < 0 || data.length - start < h.voxelBytes) throw new Error(shortMessage(h, Math.max(0, data.length - Math.max(0, start)), "hold"));
  return { ...base, data: decodeVoxels(data, start, h.type, voxels, h.littleEndian, false) };
}

function textVoxels(data: Uint8Array, h: NrrdHeader, voxels: number): Volume["data"] {
  const out = new h.type.ArrayType(voxels);
  const words = latin1(data.subarray(Math.max(0, h.byteSkip)))
    .split(/[\s,]+/)
    .filter((w) => w !== "");
  if (words.length < voxels) throw new Error(shortMessage(h, words.length, "hold (values, as text)"));
  for (let n = 0; n < voxels; n++) {
    const w = words[n];
    const v = /^[+-]?inf/i.test(w) ? (w.startsWith("-") ? -Infinity : Infinity) : Number(w);
    if (Number.isNaN(v) && !/^[+-]?nan$/i.test(w))
      throw new Error(`NRRD (text): value ${n + 1}, ${JSON.stringify(w.slice(0, 20))}, is not a number; fix the data`);
    out[n] = v;
  }
  return out;
}

function shortMessage(h: NrrdHeader, have: number, verb: string): string {
  return `truncated: the NRRD header says ${h.dims.join("×")} ${h.typeName} voxels (${h.voxelBytes} bytes) but the data ${verb} ${have}; the file was cut short: export or download it again`;
}
