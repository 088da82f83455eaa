import { test } from "node:test";
import assert from "node:assert/strict";
import { confusionCounts, dice, iou, precision, recall } from "../../src/metrics/index.js";
import { inBox, maskOf } from "./shapes.js";

// A: the 4×4×4 cube at the origin (64 voxels); B: a 2×4×4 slab at x = 3…4 (32 voxels); they share x = 3: 16 voxels.
const A = maskOf([8, 6, 6], inBox([0, 0, 0], [3, 3, 3]));
const B = maskOf([8, 6, 6], inBox([3, 0, 0], [4, 3, 3]));
const EMPTY = maskOf([8, 6, 6], () => false);

test("confusionCounts(pred, label) counts TP, FP, FN, TN of two boxes by hand", () => {
  assert.deepEqual(confusionCounts(A, B), { truePositive: 16, falsePositive: 48, falseNegative: 16, trueNegative: 288 - 80 });
});

test("dice, iou, precision and recall of two boxes equal their hand-computed values", () => {
  assert.equal(dice(A, B), (2 * 16) / (64 + 32)); // 1/3
  assert.equal(iou(A, B), 16 / 80);
  assert.equal(precision(A, B), 16 / 64);
  assert.equal(recall(A, B), 16 / 32);
  assert.equal(dice(A, A), 1);
});

test("dice, iou, precision and recall score 1 when both masks are empty and 0 when only one is", () => {
  for (const f of [dice, iou, precision, recall]) {
    assert.equal(f(EMPTY, EMPTY), 1, f.name);
    assert.equal(f(A, EMPTY), 0, f.name);
    assert.equal(f(EMPTY, A), 0, f.name);
  }
});

test("dice(pred, label) treats any value > 0 as foreground and rejects grids of different dims", () => {
  const scaled = { ...A, data: Float32Array.from(A.data, (x) => (x ? 0.7 : -2)) };
  assert.equal(dice(scaled, A), 1);
  assert.throws(
    () =>
      dice(
        A,
        maskOf([8, 6, 5], () => true),
      ),
    /dice|confusionCounts: the grids differ: prediction is 8 × 6 × 6 voxels, label 8 × 6 × 5/,
  );
});
