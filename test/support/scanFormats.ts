/**
 * Test-only writers of the other scan formats vessel-lab reads, straight from their specifications: a Volume as a
 * MetaImage (.mha: LPS world, TransformMatrix rows = the axes' directions) or an NRRD (.nrrd: space
 * left-posterior-superior, space directions = each axis's step). vessel-lab itself writes NIfTI only.
 */
import { deflateSync, gzipSync } from "node:zlib";
import type { Volume } from "../../src/volume/index.js";

const TYPES = new Map<Function, { met: string; nrrd: string }>([
  [Uint8Array, { met: "MET_UCHAR", nrrd: "uchar" }],
  [Int16Array, { met: "MET_SHORT", nrrd: "short" }],
  [Float32Array, { met: "MET_FLOAT", nrrd: "float" }],
]);

/** The axes' LPS steps (mm per index) and the LPS origin of a RAS+ affine. */
function lps(v: Volume): { axes: number[][]; origin: number[] } {
  const a = v.affine;
  const sign = [-1, -1, 1];
  const axes = [0, 1, 2].map((c) => [0, 1, 2].map((r) => sign[r] * a[4 * r + c]));
  return { axes, origin: [0, 1, 2].map((r) => sign[r] * a[4 * r + 3]) };
}

function bytesOf(v: Volume): Uint8Array {
  return new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength);
}

export function toMetaImage(v: Volume, { compressed = false } = {}): Uint8Array {
  const { axes, origin } = lps(v);
  const norms = axes.map((d) => Math.hypot(...d));
  const raw = bytesOf(v);
  const data = compressed ? deflateSync(raw) : raw;
  const head = [
    "ObjectType = Image",
    "NDims = 3",
    "BinaryData = True",
    "BinaryDataByteOrderMSB = False",
    `CompressedData = ${compressed ? "True" : "False"}`,
    `TransformMatrix = ${axes.flatMap((d, a) => d.map((x) => x / norms[a])).join(" ")}`,
    `Offset = ${origin.join(" ")}`,
    `ElementSpacing = ${norms.join(" ")}`,
    `DimSize = ${v.dims.join(" ")}`,
    `ElementType = ${TYPES.get(v.data.constructor)!.met}`,
    "ElementDataFile = LOCAL",
    "",
  ].join("\n");
  return concat(new TextEncoder().encode(head), data);
}

export function toNrrd(v: Volume, { gzip = true } = {}): Uint8Array {
  const { axes, origin } = lps(v);
  const raw = bytesOf(v);
  const head = [
    "NRRD0004",
    `type: ${TYPES.get(v.data.constructor)!.nrrd}`,
    "dimension: 3",
    "space: left-posterior-superior",
    `sizes: ${v.dims.join(" ")}`,
    `space directions: ${axes.map((d) => `(${d.join(",")})`).join(" ")}`,
    "kinds: domain domain domain",
    "endian: little",
    `encoding: ${gzip ? "gzip" : "raw"}`,
    `space origin: (${origin.join(",")})`,
    "",
    "",
  ].join("\n");
  return concat(new TextEncoder().encode(head), gzip ? gzipSync(raw) : raw);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A 3×4×5 test grid's voxels v(i, j, k) = i + 10 j + 100 k, x fastest, as int16 bytes in the given byte order. */
export function int16Ramp(littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(3 * 4 * 5 * 2);
  const view = new DataView(bytes.buffer);
  let n = 0;
  for (let k = 0; k < 5; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) view.setInt16(2 * n++, i + 10 * j + 100 * k, littleEndian);
  return bytes;
}
