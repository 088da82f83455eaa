import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldOfView, mirrorIntensities, percentileNormalise } from "../../src/infer/index.js";
import { createVolume } from "../../src/volume/index.js";
import { maxDifference, volumeOf } from "./support.js";

test("mirrorIntensities maps x to lo + hi − x over the whole scan when nothing is masked (hand-computed), on the same grid, the input unchanged", () => {
  const v = createVolume(Int16Array, [3, 2, 1], [0.5, 0.7, 2]);
  v.data.set([10, 40, 25, 13, 40, 31]);
  const before = v.data.slice();
  const m = mirrorIntensities(v);
  // lo 10, hi 40: x → 50 − x
  assert.deepEqual(Array.from(m.data), [40, 10, 25, 37, 10, 19]);
  assert.ok(m.data instanceof Float32Array);
  assert.deepEqual([m.dims, m.spacing, m.affine], [v.dims, v.spacing, v.affine]);
  assert.deepEqual(v.data, before);
});

test("mirrorIntensities keeps a masked background as it is and mirrors the field of view over its own range: the same field of view afterwards", () => {
  // 20³ of zeros (the masked background) holding a block of tissue 100–160 crossed by a dark tube of 30
  const dims: [number, number, number] = [20, 20, 20];
  const inBlock = (i: number, j: number, k: number) => i >= 4 && i < 16 && j >= 4 && j < 16 && k >= 3 && k < 17;
  const v = volumeOf(dims, (i, j, k) => (!inBlock(i, j, k) ? 0 : (i - 10) ** 2 + (j - 10) ** 2 <= 4 ? 30 : 100 + ((i * 7 + j * 3 + k * 5) % 61)));
  const m = mirrorIntensities(v);
  let lo = Infinity,
    hi = -Infinity;
  for (const x of v.data) if (x !== 0) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  assert.deepEqual([lo, hi], [30, 160]);
  v.data.forEach((x, n) => assert.equal(m.data[n], x === 0 ? 0 : 190 - x, `voxel ${n}`));
  const [a, b] = [fieldOfView(v), fieldOfView(m)];
  assert.ok(a && b);
  assert.equal(b.background, 0);
  assert.deepEqual(b.mask, a.mask);
  // the tube is now the brightest thing in the scan
  assert.equal(m.data[10 + 20 * (10 + 20 * 10)], 160);
  // mirrored twice: the scan again
  assert.deepEqual(mirrorIntensities(m).data, v.data);
  // a voxel inside the field of view that holds exactly the background value is kept as it is: the value alone tells
  v.data[10 + 20 * (10 + 20 * 5)] = 0;
  assert.equal(mirrorIntensities(v).data[10 + 20 * (10 + 20 * 5)], 0);
});

test("what the model sees of a mirrored scan is the negative of the scan's own normalised image: 1 − its card-percentile normalisation", () => {
  const v = volumeOf([16, 12, 10], (i, j, k) => 50 + 30 * Math.sin(i * 0.7) * Math.cos(j * 0.4 + k) + (i === 8 && j === 6 ? -45 : 0));
  const own = percentileNormalise(v, [0.5, 99.5]).volume.data;
  const mirrored = percentileNormalise(mirrorIntensities(v), [0.5, 99.5]).volume.data;
  assert.ok(
    maxDifference(
      mirrored,
      Float32Array.from(own, (x) => 1 - x),
    ) < 1e-5,
  );
});

test("mirrorIntensities leaves non-finite voxels as they are and takes its range from the finite ones", () => {
  const v = createVolume(Float32Array, [10, 1, 1]);
  v.data.set([NaN, 2, 8, Infinity, 3, 5, 6, 7, 4, 9]);
  const m = mirrorIntensities(v);
  assert.ok(Number.isNaN(m.data[0]));
  // lo 2, hi 9: x → 11 − x
  assert.deepEqual(Array.from(m.data.subarray(1)), [9, 3, Infinity, 8, 6, 5, 4, 7, 2]);
});
