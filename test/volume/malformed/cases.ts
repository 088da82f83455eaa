// Malformed NIfTI files made from valid ones, for the property suite (malformed.test.ts) and the nibabel fixture
// (scripts/nibabel-malformed.ts). The valid files are written here field by field, independently of src/volume.
import fc from "fast-check";
import { gzipSync } from "fflate";

/** The suite's seed: fixed, printed by the test, and the fixture's. */
export const SEED = 20;
/** How many files the suite builds. */
export const COUNT = 1200;
/** The first FIXTURE_COUNT of them are checked against nibabel's answers (test/fixtures/nibabel-malformed.json). */
export const FIXTURE_COUNT = 300;

const TYPES = [
  { code: 2, bits: 8, name: "uint8" },
  { code: 256, bits: 8, name: "int8" },
  { code: 4, bits: 16, name: "int16" },
  { code: 512, bits: 16, name: "uint16" },
  { code: 8, bits: 32, name: "int32" },
  { code: 768, bits: 32, name: "uint32" },
  { code: 16, bits: 32, name: "float32" },
  { code: 64, bits: 64, name: "float64" },
] as const;
/** Types vessel-lab does not hold (bitpix as written). */
const OTHER_TYPES = [
  { code: 1024, bits: 64 },
  { code: 32, bits: 64 },
  { code: 128, bits: 24 },
  { code: 1536, bits: 128 },
  { code: 99, bits: 8 },
];

export interface Base {
  version: 1 | 2;
  littleEndian: boolean;
  type: number;
  dims: number[];
  pixdim: [number, number, number];
  slope: number;
  inter: number;
  sformCode: number;
  qformCode: number;
  /** srow_x/y/z */
  srow: number[];
  quatern: [number, number, number];
  qoffset: [number, number, number];
  qfac: 1 | -1;
  units: number;
  valueSeed: number;
  gzip: boolean;
}

type Field = { v1: [number, "i16" | "i32" | "f32" | "u8"]; v2: [number, "i16" | "i32" | "i64" | "f64" | "u8"] };
export const FIELDS: Record<string, Field> = {
  sizeof_hdr: { v1: [0, "i32"], v2: [0, "i32"] },
  "dim[0]": { v1: [40, "i16"], v2: [16, "i64"] },
  "dim[1]": { v1: [42, "i16"], v2: [24, "i64"] },
  "dim[2]": { v1: [44, "i16"], v2: [32, "i64"] },
  "dim[3]": { v1: [46, "i16"], v2: [40, "i64"] },
  "dim[4]": { v1: [48, "i16"], v2: [48, "i64"] },
  datatype: { v1: [70, "i16"], v2: [12, "i16"] },
  bitpix: { v1: [72, "i16"], v2: [14, "i16"] },
  "pixdim[0]": { v1: [76, "f32"], v2: [104, "f64"] },
  "pixdim[1]": { v1: [80, "f32"], v2: [112, "f64"] },
  "pixdim[3]": { v1: [88, "f32"], v2: [128, "f64"] },
  vox_offset: { v1: [108, "f32"], v2: [168, "i64"] },
  scl_slope: { v1: [112, "f32"], v2: [176, "f64"] },
  scl_inter: { v1: [116, "f32"], v2: [184, "f64"] },
  xyzt_units: { v1: [123, "u8"], v2: [500, "i32"] },
  qform_code: { v1: [252, "i16"], v2: [344, "i32"] },
  sform_code: { v1: [254, "i16"], v2: [348, "i32"] },
  quatern_b: { v1: [256, "f32"], v2: [352, "f64"] },
  qoffset_x: { v1: [268, "f32"], v2: [376, "f64"] },
  "srow_x[0]": { v1: [280, "f32"], v2: [400, "f64"] },
  "srow_y[1]": { v1: [300, "f32"], v2: [440, "f64"] },
  "srow_z[2]": { v1: [320, "f32"], v2: [480, "f64"] },
  "srow_z[3]": { v1: [324, "f32"], v2: [488, "f64"] },
};
const VALUES = [
  0,
  -1,
  1,
  2,
  3,
  4,
  7,
  8,
  255,
  348,
  349,
  351,
  352,
  353,
  352.5,
  540,
  544,
  1000,
  32767,
  -32768,
  2 ** 31 - 1,
  1e38,
  -1e38,
  1e-30,
  NaN,
  Infinity,
  -Infinity,
  0.5,
];

export type Mutation =
  | { kind: "valid" }
  | { kind: "field"; field: string; value: number }
  | { kind: "truncate"; fraction: number; compressed: boolean }
  | { kind: "datatype"; code: number; bits: number }
  | { kind: "bomb"; mib: number; claim: "small" | "large" }
  | { kind: "members"; fraction: number; padding: number }
  | { kind: "trailing"; bytes: number[] }
  | { kind: "flip"; fraction: number; xor: number }
  | { kind: "byteswap-header" };

export interface Case {
  id: number;
  base: Base;
  mutation: Mutation;
  bytes: Uint8Array;
  /** The file's name ending, as nibabel needs it: ".nii" or ".nii.gz". */
  ext: ".nii" | ".nii.gz";
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const baseArb: fc.Arbitrary<Base> = fc.record({
  version: fc.constantFrom(1 as const, 2 as const),
  littleEndian: fc.boolean(),
  type: fc.constantFrom(...TYPES.map((t) => t.code)),
  dims: fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 6 })),
    fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.constant(1)),
  ),
  pixdim: fc.tuple(finite(0.2, 3), finite(0.2, 3), finite(0.2, 3)),
  slope: fc.oneof(fc.constant(0), fc.constant(1), finite(-4, 4)),
  inter: fc.oneof(fc.constant(0), finite(-100, 100)),
  sformCode: fc.constantFrom(0, 1, 2),
  qformCode: fc.constantFrom(0, 1),
  srow: fc.tuple(...Array.from({ length: 12 }, () => finite(-3, 3))),
  quatern: fc.tuple(finite(-0.5, 0.5), finite(-0.5, 0.5), finite(-0.5, 0.5)),
  qoffset: fc.tuple(finite(-50, 50), finite(-50, 50), finite(-50, 50)),
  qfac: fc.constantFrom(1 as const, -1 as const),
  units: fc.constantFrom(2, 2, 2, 1, 3, 0),
  valueSeed: fc.integer({ min: 1, max: 2 ** 30 }),
  gzip: fc.boolean(),
}) as fc.Arbitrary<Base>;

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "valid" as const }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("field" as const), field: fc.constantFrom(...Object.keys(FIELDS)), value: fc.constantFrom(...VALUES) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("truncate" as const), fraction: finite(0, 0.999), compressed: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHER_TYPES).map((t) => ({ kind: "datatype" as const, ...t })) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("bomb" as const),
      mib: fc.integer({ min: 1, max: 8 }),
      claim: fc.constantFrom("small" as const, "large" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("members" as const), fraction: finite(0, 1), padding: fc.constantFrom(0, 0, 1, 512) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("trailing" as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("flip" as const), fraction: finite(0, 0.999), xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "byteswap-header" as const }) },
);

/** The suite's files, the same for the same seed and count. */
export function malformedCases(seed = SEED, count = COUNT): Case[] {
  const recipes = fc.sample(fc.tuple(baseArb, mutationArb), { seed, numRuns: count });
  return recipes.map(([base, mutation], id) => {
    const { bytes, gz } = build(base, mutation);
    return { id, base, mutation, bytes, ext: gz ? ".nii.gz" : ".nii" };
  });
}

function typeOf(code: number) {
  return TYPES.find((t) => t.code === code)!;
}

/** A valid single-file NIfTI of `base` (uncompressed), with voxels from its value seed. */
export function validNifti(base: Base, extraZeros = 0): Uint8Array {
  const type = typeOf(base.type);
  const headerSize = base.version === 1 ? 348 : 540;
  const offset = headerSize + 4;
  const voxels = base.dims.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(offset + voxels * (type.bits / 8) + extraZeros);
  const view = new DataView(bytes.buffer);
  const le = base.littleEndian;
  const put = (name: string, value: number) => writeField(view, base.version, name, value, le);
  put("sizeof_hdr", headerSize);
  if (base.version === 1) bytes.set([0x6e, 0x2b, 0x31, 0], 344);
  else bytes.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
  put("dim[0]", base.dims.length);
  base.dims.forEach((d, a) => put(`dim[${a + 1}]`, d));
  for (let a = base.dims.length + 1; a <= 7; a++) if (a <= 4) put(`dim[${a}]`, 1);
  put("datatype", type.code);
  put("bitpix", type.bits);
  put("pixdim[0]", base.qfac);
  const pix = (a: number, v: number) => (base.version === 1 ? view.setFloat32(76 + 4 * a, v, le) : view.setFloat64(104 + 8 * a, v, le));
  base.pixdim.forEach((p, a) => pix(a + 1, p));
  put("vox_offset", offset);
  put("scl_slope", base.slope);
  put("scl_inter", base.inter);
  put("xyzt_units", base.units);
  put("qform_code", base.qformCode);
  put("sform_code", base.sformCode);
  const f = (o1: number, o2: number, v: number) => (base.version === 1 ? view.setFloat32(o1, v, le) : view.setFloat64(o2, v, le));
  base.quatern.forEach((q, n) => f(256 + 4 * n, 352 + 8 * n, q));
  base.qoffset.forEach((q, n) => f(268 + 4 * n, 376 + 8 * n, q));
  // a diagonal-dominant sform: invertible
  base.srow.forEach((s, n) => f(280 + 4 * n, 400 + 8 * n, n % 5 === 0 ? (n === 0 ? 1 : 0) + base.pixdim[(n / 5) | 0] * 2 + Math.abs(s) : s / 4));
  let state = base.valueSeed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0), state / 2 ** 32);
  const ranges: Record<string, [number, number]> = {
    uint8: [0, 255],
    int8: [-128, 127],
    int16: [-32768, 32767],
    uint16: [0, 65535],
    int32: [-(2 ** 31), 2 ** 31 - 1],
    uint32: [0, 2 ** 32 - 1],
    float32: [-1e4, 1e4],
    float64: [-1e6, 1e6],
  };
  const [lo, hi] = ranges[type.name];
  for (let n = 0; n < voxels; n++) {
    const x = lo + random() * (hi - lo);
    const at = offset + n * (type.bits / 8);
    switch (type.name) {
      case "uint8":
        view.setUint8(at, Math.floor(x));
        break;
      case "int8":
        view.setInt8(at, Math.floor(x));
        break;
      case "int16":
        view.setInt16(at, Math.floor(x), le);
        break;
      case "uint16":
        view.setUint16(at, Math.floor(x), le);
        break;
      case "int32":
        view.setInt32(at, Math.floor(x), le);
        break;
      case "uint32":
        view.setUint32(at, Math.floor(x), le);
        break;
      case "float32":
        view.setFloat32(at, x, le);
        break;
      case "float64":
        view.setFloat64(at, x, le);
        break;
    }
  }
  return bytes;
}

function writeField(view: DataView, version: 1 | 2, name: string, value: number, le: boolean): void {
  const [at, kind] = version === 1 ? FIELDS[name].v1 : FIELDS[name].v2;
  const int = (bits: number) => (Number.isFinite(value) ? Math.max(-(2 ** (bits - 1)), Math.min(2 ** (bits - 1) - 1, Math.trunc(value))) : 0);
  switch (kind) {
    case "u8":
      view.setUint8(at, Number.isFinite(value) ? Math.trunc(value) & 255 : 0);
      break;
    case "i16":
      view.setInt16(at, int(16), le);
      break;
    case "i32":
      view.setInt32(at, int(32), le);
      break;
    case "i64":
      view.setBigInt64(at, BigInt(int(64)), le);
      break;
    case "f32":
      view.setFloat32(at, value, le);
      break;
    case "f64":
      view.setFloat64(at, value, le);
      break;
  }
}

function gz(bytes: Uint8Array): Uint8Array {
  const out = gzipSync(bytes, { level: 6 });
  out[4] = out[5] = out[6] = out[7] = 0;
  return out;
}

const zeros = new Map<number, Uint8Array>();
/** `mib` MiB of zeros, gzipped (made once per size). */
function zerosGz(mib: number): Uint8Array {
  if (!zeros.has(mib)) zeros.set(mib, gz(new Uint8Array(mib * 2 ** 20)));
  return zeros.get(mib)!;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

function build(base: Base, m: Mutation): { bytes: Uint8Array; gz: boolean } {
  const raw = validNifti(base);
  const pack = (bytes: Uint8Array) => ({ bytes: base.gzip ? gz(bytes) : bytes, gz: base.gzip });
  const view = new DataView(raw.buffer);
  switch (m.kind) {
    case "valid":
      return pack(raw);
    case "field":
      writeField(view, base.version, m.field, m.value, base.littleEndian);
      return pack(raw);
    case "datatype":
      writeField(view, base.version, "datatype", m.code, base.littleEndian);
      writeField(view, base.version, "bitpix", m.bits, base.littleEndian);
      return pack(raw);
    case "byteswap-header": {
      // the sizeof_hdr of the other byte order alone: the rest of the header stays as it was
      writeField(view, base.version, "sizeof_hdr", base.version === 1 ? 348 : 540, !base.littleEndian);
      return pack(raw);
    }
    case "truncate": {
      if (m.compressed) {
        const z = gz(raw);
        return { bytes: z.subarray(0, Math.floor(z.length * m.fraction)), gz: true };
      }
      const cut = raw.subarray(0, Math.floor(raw.length * m.fraction));
      return pack(cut);
    }
    case "bomb": {
      // the file gzipped, then a member of m.mib MiB of zeros (~1 KB per MiB); "large" claims those zeros as voxels
      const file = validNifti(base);
      if (m.claim === "large") {
        const type = typeOf(base.type);
        const side = Math.ceil(Math.cbrt((m.mib * 2 ** 20) / (type.bits / 8))) * 16;
        const fv = new DataView(file.buffer);
        writeField(fv, base.version, "dim[0]", 3, base.littleEndian);
        for (const a of [1, 2, 3]) writeField(fv, base.version, `dim[${a}]`, Math.min(side, 32767), base.littleEndian);
      }
      return { bytes: join(gz(file), zerosGz(m.mib)), gz: true };
    }
    case "members": {
      const cut = Math.floor(raw.length * m.fraction);
      return { bytes: join(gz(raw.subarray(0, cut)), new Uint8Array(m.padding), gz(raw.subarray(cut)), new Uint8Array(m.padding)), gz: true };
    }
    case "trailing":
      return { bytes: join(gz(raw), new Uint8Array(m.bytes)), gz: true };
    case "flip": {
      const z = base.gzip ? gz(raw) : raw.slice();
      const at = Math.floor(z.length * m.fraction);
      z[at] ^= m.xor;
      return { bytes: z, gz: base.gzip };
    }
  }
}
