import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFUSION_CLASS, confusionClasses, confusionCounts } from "../../src/metrics/index.js";
import { inBox, maskOf } from "./shapes.js";

test("confusionClasses(pred, label) gives 0 TN, 1 TP, 2 FP, 3 FN per element, foreground > 0 and NaN background, by hand", () => {
  const pred = new Float32Array([0, 1, 1, 0, 2, NaN, 0.5, -1, NaN]);
  const label = new Uint8Array([0, 1, 0, 1, 0, 1, 3, 0, 0]);
  assert.deepEqual([...confusionClasses(pred, label)], [0, 1, 2, 3, 2, 3, 1, 0, 0]);
  assert.deepEqual(CONFUSION_CLASS, { trueNegative: 0, truePositive: 1, falsePositive: 2, falseNegative: 3 });
});

test("confusionClasses(pred, label) of two boxes counts what confusionCounts counts", () => {
  const A = maskOf([8, 6, 6], inBox([0, 0, 0], [3, 3, 3]));
  const B = maskOf([8, 6, 6], inBox([3, 0, 0], [4, 3, 3]));
  const classes = confusionClasses(A.data, B.data);
  const tally = [0, 0, 0, 0];
  for (const c of classes) tally[c]++;
  const c = confusionCounts(A, B);
  assert.deepEqual(tally, [c.trueNegative, c.truePositive, c.falsePositive, c.falseNegative]);
  assert.deepEqual(tally, [288 - 80, 16, 48, 16]);
});

test("confusionClasses(empty, empty) is empty; arrays of different lengths throw a RangeError naming both", () => {
  assert.equal(confusionClasses([], []).length, 0);
  assert.throws(() => confusionClasses(new Uint8Array(3), new Uint8Array(4)), /pred has 3 elements, label 4/);
});
