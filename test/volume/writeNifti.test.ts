import { test } from "node:test";
import assert from "node:assert/strict";
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
  for (const [v, qfac] of [[left, -1], [right, 1]] as const) {
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
