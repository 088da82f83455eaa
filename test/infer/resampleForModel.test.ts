import { test } from "node:test";
import assert from "node:assert/strict";
import { resampleForModel, resampleToInput } from "../../src/infer/index.js";
import { type Vec3, createVolume } from "../../src/volume/index.js";

// an oblique, left-handed grid with anisotropic voxels, as scanners write them
const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

function ramp(dims: Vec3 = [20, 16, 10]) {
  const v = createVolume(Float32Array, dims, [0.6, 0.5, 1.5], OBLIQUE);
  for (let k = 0, n = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, n++) v.data[n] = 0.01 * (i * 0.6) + 0.02 * (j * 0.5) + 0.03 * (k * 1.5);
  return v;
}

test('resampleForModel(volume, "native") and at the volume\'s own spacing return the volume itself', () => {
  const v = ramp();
  assert.equal(resampleForModel(v, "native"), v);
  assert.equal(resampleForModel(v, [0.6, 0.5, 1.5]), v);
  assert.equal(resampleToInput(v, v).data, v.data);
});

test("resampleToInput(resampleForModel(volume, spacing), volume) round-trips the grid and affine exactly, and a linear ramp closely", () => {
  const v = ramp();
  for (const spacing of [
    [1, 1, 1],
    [0.3, 0.3, 0.75],
    [2.5, 2.5, 2.5],
  ] as Vec3[]) {
    const model = resampleForModel(v, spacing);
    assert.deepEqual(model.spacing, spacing);
    const back = resampleToInput(model, v);
    assert.deepEqual(back.dims, v.dims);
    assert.deepEqual(back.spacing, v.spacing);
    assert.deepEqual(back.affine, v.affine);
    assert.ok(back.data instanceof Float32Array);
    // trilinear of a linear function is exact inside the model grid; near the border the edge value is repeated
    let worst = 0;
    for (let k = 2; k < 8; k++)
      for (let j = 3; j < 13; j++)
        for (let i = 3; i < 17; i++) worst = Math.max(worst, Math.abs(back.data[i + 20 * (j + 16 * k)] - v.data[i + 20 * (j + 16 * k)]));
    assert.ok(worst < 1e-5, `spacing ${spacing}: interior error ${worst}`);
  }
});

test("resampleToInput(coarse, grid) fills input voxels beyond a coarse model grid with its edge values, not 0", () => {
  const v = createVolume(Float32Array, [9, 9, 9], [1, 1, 1]);
  v.data.fill(1);
  const coarse = resampleForModel(v, [4, 4, 4]); // 2³ voxels spanning 8 mm of the 9
  assert.deepEqual(coarse.dims, [2, 2, 2]);
  const back = resampleToInput(coarse, v);
  assert.ok(
    back.data.every((x) => Math.abs(x - 1) < 1e-6),
    `min ${Math.min(...back.data)}`,
  );
});
