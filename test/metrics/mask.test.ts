import { test } from "node:test";
import assert from "node:assert/strict";
import { assertSameAffine, assertSameDims, binarize } from "../../src/metrics/index.js";
import { createVolume } from "../../src/volume/index.js";

test("binarize(volume, threshold) marks values above the threshold, NaN as background", () => {
  const v = createVolume(Float32Array, [5, 1, 1], [0.5, 1, 2]);
  v.data.set([0, 0.2, 0.5, NaN, -1]);
  assert.deepEqual(Array.from(binarize(v).data), [0, 1, 1, 0, 0]);
  assert.deepEqual(Array.from(binarize(v, 0.3).data), [0, 0, 1, 0, 0]);
  assert.deepEqual(binarize(v).spacing, [0.5, 1, 2]);
  assert.throws(() => binarize(v, NaN), /threshold is NaN/);
});

test("assertSameDims and assertSameAffine name both grids and say to resample", () => {
  const a = createVolume(Uint8Array, [4, 4, 4]);
  assert.throws(
    () => assertSameDims(a, createVolume(Uint8Array, [4, 4, 5]), "f"),
    /f: the grids differ: prediction is 4 × 4 × 4 voxels, label 4 × 4 × 5; resample/,
  );
  const moved = createVolume(Uint8Array, [4, 4, 4], [1, 1, 1], [1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  assert.throws(() => assertSameAffine(a, moved, "f"), /same size but different affines.*resampleToGrid/);
  assertSameAffine(a, { affine: a.affine.map((x) => x + 1e-5) }, "f");
});
