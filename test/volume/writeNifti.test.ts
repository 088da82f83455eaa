import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NIFTI_INTENT, createVolume, readNifti, readNiftiHeader, writeNifti, type VoxelArray, type Volume } from "../../src/volume/index.js";
import { flat, nibabel } from "./nibabel.js";

const TYPES: Array<{ new (n: number): VoxelArray }> = [Uint8Array, Int8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
// float32-representable on purpose: NIfTI-1 stores the affine and pixdim as float32
const OBLIQUE = [0, -0.75, 0, 12.5, 0.5, 0, 0, -8.25, 0, 0, -2, 40, 0, 0, 0, 1];

function filled<T extends VoxelArray>(ArrayType: { new (n: number): T }, dims: [number, number, number] = [5, 4, 3]): Volume<T> {
  const v = createVolume(ArrayType, dims, [0.5, 0.75, 2], OBLIQUE);
  const signed = !(v.data instanceof Uint8Array || v.data instanceof Uint16Array || v.data instanceof Uint32Array);
  v.data.forEach((_, n) => (v.data[n] = (signed ? n - 30 : n) * (v.data instanceof Float32Array || v.data instanceof Float64Array ? 0.37 : 1)));
  return v;
}

test("writeNifti(volume) round-trips through readNifti exactly for every datatype, gzipped or not", () => {
  for (const ArrayType of TYPES) {
    const v = filled(ArrayType);
    for (const gzip of [true, false]) {
      const back = readNifti(writeNifti(v, { gzip }));
      assert.equal(back.data.constructor, ArrayType, ArrayType.name);
      assert.deepEqual(back, v, `${ArrayType.name}, gzip ${gzip}`);
    }
  }
});

test("writeNifti(volume, {gzip: false}) writes a NIfTI-1 header: n+1 magic, vox_offset 352, mm units, codes 1, datatype and pixdim", () => {
  const bytes = writeNifti(filled(Uint16Array), { gzip: false, description: "vessels", intent: { code: NIFTI_INTENT.label, name: "mask" } });
  const view = new DataView(bytes.buffer);
  assert.equal(bytes.length, 352 + 60 * 2);
  assert.equal(view.getInt32(0, true), 348);
  assert.equal(String.fromCharCode(...bytes.subarray(344, 348)), "n+1\0");
  assert.equal(view.getFloat32(108, true), 352);
  assert.equal(bytes[123], 2);
  const h = readNiftiHeader(bytes);
  assert.equal(h.compressed, false);
  assert.deepEqual([h.datatype, h.datatypeName, h.bitpix], [512, "uint16", 16]);
  assert.deepEqual([h.qformCode, h.sformCode, h.spatialUnits], [1, 1, "mm"]);
  assert.deepEqual(h.pixdim, [0.5, 0.75, 2]);
  assert.deepEqual([h.description, h.intentCode, h.intentName], ["vessels", 1002, "mask"]);
  assert.deepEqual(Array.from(bytes.subarray(0, 2)), [0x5c, 0x01]);
  assert.deepEqual(Array.from(writeNifti(filled(Uint8Array)).subarray(0, 2)), [0x1f, 0x8b]);
});

test("writeNifti(volume) stores a qform matching the affine, with qfac = -1 when det < 0", () => {
  const left = filled(Int16Array); // OBLIQUE has det < 0
  const right = { ...left, affine: [0.5, 0, 0, 1, 0, 0.75, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1] };
  for (const [v, qfac] of [
    [left, -1],
    [right, 1],
  ] as const) {
    const bytes = writeNifti(v, { gzip: false });
    const view = new DataView(bytes.buffer);
    assert.equal(view.getFloat32(76, true), qfac);
    view.setInt16(254, 0, true); // drop the sform: the qform alone must give the same affine
    readNifti(bytes).affine.forEach((x, n) => assert.ok(Math.abs(x - v.affine[n]) < 1e-6, `affine[${n}] = ${x}, expected ${v.affine[n]}`));
  }
});

test("writeNifti(volume, options) rejects bad volumes and fields, naming them", () => {
  const v = filled(Uint8Array);
  assert.throws(() => writeNifti({ ...v, dims: [5, 4, 2] }), /volume.data has 60 values but dims 5 × 4 × 2 need 40/);
  assert.throws(() => writeNifti({ ...v, spacing: [1, 0, 1] }), /volume.spacing = \[1,0,1\]/);
  assert.throws(() => writeNifti({ ...v, affine: [1, 2, 3] }), /volume.affine must be 16 finite numbers/);
  assert.throws(() => writeNifti({ ...v, data: new Uint8ClampedArray(60) as never }), /use one of the VoxelArray typed arrays/);
  assert.throws(() => writeNifti(v, { description: "x".repeat(80) }), /description .* at most 79 characters/);
  assert.throws(() => writeNifti(v, { intent: { code: 1.5 } }), /intent.code = 1.5/);
});

test("writeNifti(volume) is read identically by nibabel: shape, dtype, affine, qform and data", () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-writeNifti-"));
  try {
    const dtypes = ["uint8", "int8", "int16", "uint16", "int32", "uint32", "float32", "float64"];
    const volumes = TYPES.map((ArrayType) => filled(ArrayType, [7, 6, 5]));
    const paths = TYPES.map((ArrayType) => join(dir, `${ArrayType.name}.nii.gz`));
    volumes.forEach((v, t) => writeFileSync(paths[t], writeNifti(v, { description: "vessel-lab test" })));
    const refs = nibabel("read", ...paths);
    volumes.forEach((v, t) => {
      const ref = refs[t];
      const name = TYPES[t].name;
      assert.deepEqual(ref.shape, v.dims);
      assert.equal(ref.dtype, dtypes[t]);
      for (const m of [ref.affine, ref.sform, ref.qform]) flat(m).forEach((x, n) => assert.ok(Math.abs(x - v.affine[n]) < 1e-5, `${name}: affine[${n}]`));
      assert.deepEqual(ref.zooms, v.spacing);
      assert.deepEqual(ref.units, ["mm", "unknown"]);
      assert.equal(ref.descrip, "vessel-lab test");
      const data = Array.from(v.data, Number);
      const sum = data.reduce((s, x) => s + x, 0);
      const weighted = data.reduce((s, x, n) => s + x * n, 0);
      assert.ok(Math.abs(ref.sum - sum) <= 1e-6 * Math.max(1, Math.abs(sum)), `${name}: sum ${ref.sum} vs ${sum}`);
      assert.ok(Math.abs(ref.weightedSum - weighted) <= 1e-6 * Math.max(1, Math.abs(weighted)), `${name}: order`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A noisy float volume (deterministic) spanning `lo`…`hi`. */
function noisy(dims: [number, number, number], lo: number, hi: number): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims, [0.5, 0.75, 2], OBLIQUE);
  let s = 12345;
  v.data.forEach((_, n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    v.data[n] = lo + ((hi - lo) * s) / 2 ** 32;
  });
  v.data[0] = lo;
  v.data[1] = hi;
  return v;
}

const rangeOf = (data: ArrayLike<number>) => {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < data.length; i++) ((min = Math.min(min, data[i])), (max = Math.max(max, data[i])));
  return { min, max };
};

/** The largest |a − b|, and whether it is within half a quantisation step (plus float32 rounding of the result). */
function quantisationError(a: ArrayLike<number>, b: ArrayLike<number>): { worst: number; ok: boolean; step: number } {
  const { min, max } = rangeOf(b);
  const step = (max - min) / 65534;
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return { worst, step, ok: worst <= 0.5 * step * (1 + 1e-5) + 2 ** -23 * Math.max(Math.abs(min), Math.abs(max)) };
}

test("writeNifti(volume, {dtype: 'int16'}) stores int16 with scl_slope = range/65534 and scl_inter = midpoint; readNifti gives the values back within half a step", () => {
  for (const [lo, hi] of [
    [0, 1],
    [-1024, 3071],
    [0.12, 0.125],
    [-5e-3, 7e-3],
  ]) {
    const v = noisy([9, 8, 7], lo, hi);
    const bytes = writeNifti(v, { gzip: false, dtype: "int16" });
    assert.equal(bytes.length, 352 + 2 * v.data.length);
    const view = new DataView(bytes.buffer);
    assert.deepEqual([view.getInt16(70, true), view.getInt16(72, true)], [4, 16]);
    const { min, max } = rangeOf(v.data);
    assert.equal(view.getFloat32(112, true), Math.fround((max - min) / 65534));
    assert.equal(view.getFloat32(116, true), Math.fround((max + min) / 2));
    const stored = new Int16Array(bytes.buffer, 352, v.data.length);
    assert.deepEqual([stored[0], stored[1]], [-32767, 32767], "min and max map to the ends");
    assert.ok(stored.every((q) => q >= -32767 && q <= 32767));
    const back = readNifti(bytes);
    assert.ok(back.data instanceof Float32Array);
    assert.deepEqual([back.dims, back.spacing, back.affine], [v.dims, v.spacing, v.affine]);
    const e = quantisationError(back.data, v.data);
    assert.ok(e.ok, `${lo}…${hi}: worst error ${e.worst}, step ${e.step}`);
    assert.deepEqual(writeNifti(v, { dtype: "int16" }), writeNifti(v, { dtype: "int16" }), "deterministic");
  }
  // A constant volume: slope 1, intercept the value, all zeros; an Int16Array is stored as it is.
  const flat1 = createVolume(Float32Array, [3, 3, 3]);
  flat1.data.fill(-1024);
  const c = writeNifti(flat1, { gzip: false, dtype: "int16" });
  assert.deepEqual([new DataView(c.buffer).getFloat32(112, true), new DataView(c.buffer).getFloat32(116, true)], [1, -1024]);
  assert.deepEqual(readNifti(c).data, flat1.data);
  const ints = filled(Int16Array);
  assert.deepEqual(writeNifti(ints, { dtype: "int16" }), writeNifti(ints));
  // float32 on request converts; NaN and unknown dtypes are refused.
  assert.deepEqual(readNifti(writeNifti(filled(Int16Array), { dtype: "float32" })).data, Float32Array.from(filled(Int16Array).data));
  const bad = noisy([3, 3, 3], 0, 1);
  bad.data[5] = NaN;
  assert.throws(() => writeNifti(bad, { dtype: "int16" }), /int16 needs finite values; this volume holds NaN/);
  assert.throws(() => writeNifti(bad, { dtype: "uint8" as never }), /dtype "uint8"; use float32 or int16/);
});

test("an int16 + scl_slope file from writeNifti reads back in nibabel (img.dataobj, as models/train/data.py reads it) within half a step", () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-writeNifti-"));
  try {
    const cases = [noisy([16, 16, 16], 0.05, 1.3), noisy([16, 16, 16], -1024, 1500)];
    const paths = cases.map((v, n) => join(dir, `q${n}.nii.gz`));
    cases.forEach((v, n) => writeFileSync(paths[n], writeNifti(v, { dtype: "int16" })));
    const refs = nibabel("read", ...paths);
    cases.forEach((v, n) => {
      assert.equal(refs[n].dtype, "int16");
      assert.deepEqual(refs[n].shape, v.dims);
      const e = quantisationError(refs[n].data, v.data);
      assert.ok(e.ok, `nibabel: worst error ${e.worst}, step ${e.step}`);
    });
    // The training reader's own expression: np.asarray(nib.load(path).dataobj, dtype=np.float32).
    const code =
      "import sys, json, numpy as np, nibabel as nib\nprint(json.dumps([np.asarray(nib.load(p).dataobj, dtype=np.float32).reshape(-1, order='F').astype(float).tolist() for p in sys.argv[1:]]))";
    const r = spawnSync("/usr/bin/python3", ["-c", code, ...paths], { encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, `${r.stderr} (the cross-check needs Debian's python3 with nibabel: apt-get install -y python3-nibabel)`);
    const read = JSON.parse(r.stdout) as number[][];
    cases.forEach((v, n) => {
      const e = quantisationError(read[n], v.data);
      assert.ok(e.ok, `data.py's read: worst error ${e.worst}, step ${e.step}`);
      const ours = readNifti(writeNifti(v, { dtype: "int16" })).data;
      const { min, max } = rangeOf(v.data);
      const ulps = 2 ** -22 * Math.max(Math.abs(min), Math.abs(max)); // nibabel scales in float64, readNifti may round differently
      read[n].forEach((x, i) => assert.ok(Math.abs(x - ours[i]) <= ulps, `nibabel ${x} vs readNifti ${ours[i]}`));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
