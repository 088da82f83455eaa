import { test } from "node:test";
import assert from "node:assert/strict";
import { blockAverage, blockFactors, coarseSigma, forEachUpsampled } from "../../src/vesselness/index.js";

test("blockFactors(σ voxels) coarsens only where a scale stays 2 coarse voxels wide: powers of 2 up to σ/2", () => {
  assert.deepEqual(blockFactors([0.7, 3.9, 4]), [1, 1, 2]);
  assert.deepEqual(blockFactors([7.9, 8, 17]), [2, 4, 8]);
});

test("coarseSigma(σ, f) adds to the box's variance (f² − 1)/12 to make σ² fine voxels²", () => {
  for (const [s, f] of [
    [4, 2],
    [9, 4],
  ]) {
    const c = coarseSigma(s, f);
    assert.ok(Math.abs((c * f) ** 2 + (f * f - 1) / 12 - s * s) < 1e-9);
  }
  assert.equal(coarseSigma(1.3, 1), 1.3);
});

test("blockAverage(data, dims, f) averages each block, the short last block over its own voxels", () => {
  // 5 × 2 × 1, f = [2, 2, 1]: blocks {0,1,5,6}, {2,3,7,8}, {4,9}
  const data = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const { data: out, dims } = blockAverage(data, [5, 2, 1], [2, 2, 1]);
  assert.deepEqual(dims, [3, 1, 1]);
  assert.deepEqual([...out], [3, 5, 6.5]);
});

test("forEachUpsampled(values, ...) interpolates a linear ramp exactly between the block centres and holds the edge values beyond them", () => {
  // coarse x-ramp of 4 values on blocks of 2 → fine grid of 8: centres at 0.5, 2.5, 4.5, 6.5
  const coarse = Float32Array.from([0, 10, 20, 30]);
  const got = new Float64Array(8);
  forEachUpsampled(coarse, [4, 1, 1], [2, 1, 1], [8, 1, 1], (v, value) => (got[v] = value));
  assert.deepEqual([...got], [0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30]);
});
