import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluateCase } from "../../src/metrics/index.js";
import { createVolume } from "../../src/volume/index.js";
import { inBox, inRing, maskOf } from "./shapes.js";

const ring = inRing(9.5, 9.5, 3, 6, 1.6);

test("evaluateCase(pred, label) of a mask against itself is perfect", () => {
  const m = maskOf([20, 20, 7], ring);
  assert.deepEqual(evaluateCase(m, m), { dice: 1, clDice: 1, precision: 1, recall: 1, hd95: 0, betti0Error: 0, betti1Error: 0 });
});

test("evaluateCase(pred, label) of a ring broken in one place: a lost loop, Dice and recall below 1, precision 1", () => {
  const label = maskOf([20, 20, 7], ring);
  const pred = maskOf([20, 20, 7], (i, j, k) => ring(i, j, k) && !(i >= 14 && j >= 8 && j <= 11));
  const m = evaluateCase(pred, label);
  assert.equal(m.precision, 1);
  assert.ok(m.recall < 1 && m.dice < 1 && m.clDice < 1);
  assert.deepEqual([m.betti0Error, m.betti1Error], [0, 1]);
  assert.ok(m.hd95 > 0 && m.hd95 < 4);
});

test("evaluateCase(pred, label, {threshold}) binarises probabilities above the threshold", () => {
  const label = maskOf([8, 8, 8], inBox([2, 2, 2], [5, 5, 5]));
  const prob = createVolume(Float32Array, [8, 8, 8]);
  prob.data.forEach((_, n) => (prob.data[n] = label.data[n] ? 0.9 : 0.2));
  assert.equal(evaluateCase(prob, label).dice, (2 * 64) / (512 + 64)); // at > 0 every voxel is foreground
  assert.equal(evaluateCase(prob, label, { threshold: 0.5 }).dice, 1);
});

test("evaluateCase(pred, label) with both empty scores 1 and HD95 0; with an empty prediction 0 and HD95 Infinity", () => {
  const empty = maskOf([6, 6, 6], () => false);
  const cube = maskOf([6, 6, 6], inBox([1, 1, 1], [3, 3, 3]));
  assert.deepEqual(evaluateCase(empty, empty), { dice: 1, clDice: 1, precision: 1, recall: 1, hd95: 0, betti0Error: 0, betti1Error: 0 });
  assert.deepEqual(evaluateCase(empty, cube), { dice: 0, clDice: 0, precision: 0, recall: 0, hd95: Infinity, betti0Error: 1, betti1Error: 0 });
});

test("evaluateCase(pred, label) rejects grids that differ in size or in affine, saying to resample", () => {
  const a = maskOf([6, 6, 6], () => true);
  assert.throws(
    () =>
      evaluateCase(
        a,
        maskOf([6, 6, 7], () => true),
      ),
    /evaluateCase: the grids differ: prediction is 6 × 6 × 6 voxels, label 6 × 6 × 7/,
  );
  const moved = { ...a, affine: [1, 0, 0, 0.5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
  assert.throws(() => evaluateCase(a, moved), /evaluateCase: the grids differ: same size but different affines/);
});
