import { test } from "node:test";
import assert from "node:assert/strict";
import { confusionMip, confusionSlice } from "../../src/rendering/index.js";
import { createVolume, index3 } from "../../src/volume/index.js";

// 3×2×2 voxels. The mask marks (0,0,0), (1,0,1), (0,1,1); the label marks (0,0,1), (2,1,0), (0,1,1).
function pair() {
  const pred = createVolume(Uint8Array, [3, 2, 2], [1, 1, 1]);
  const label = createVolume(Uint8Array, [3, 2, 2], [1, 1, 1]);
  for (const [x, y, z] of [
    [0, 0, 0],
    [1, 0, 1],
    [0, 1, 1],
  ])
    pred.data[index3(pred.dims, x, y, z)] = 1;
  for (const [x, y, z] of [
    [0, 0, 1],
    [2, 1, 0],
    [0, 1, 1],
  ])
    label.data[index3(label.dims, x, y, z)] = 1;
  return { pred, label };
}

test("confusionSlice(pred, label, 2, z) is each pixel's class on the axial slice, laid out as sliceOf (y up), by hand", () => {
  const { pred, label } = pair();
  // z = 0: pred (0,0); label (2,1). Row 0 is y = 1: [TN, TN, FN]; row 1 is y = 0: [FP, TN, TN].
  assert.deepEqual([...confusionSlice(pred, label, 2, 0).data], [0, 0, 3, 2, 0, 0]);
  // z = 1: pred (1,0), (0,1); label (0,0), (0,1). Row y = 1: [TP, TN, TN]; row y = 0: [FN, FP, TN].
  const s = confusionSlice(pred, label, 2, 1);
  assert.deepEqual([s.width, s.height], [3, 2]);
  assert.deepEqual([...s.data], [1, 0, 0, 3, 2, 0]);
});

test("confusionMip(pred, label, 2) is the class of the two projections: TP where both rays meet vessel, by hand", () => {
  const { pred, label } = pair();
  // Projected along z: pred at (0,0), (1,0), (0,1); label at (0,0), (2,1), (0,1).
  // Row y = 1: (0,1) both → TP, (1,1) none, (2,1) label only → FN; row y = 0: (0,0) both → TP (FP at z 0, FN at z 1), (1,0) pred only → FP.
  assert.deepEqual([...confusionMip(pred, label, 2).data], [1, 0, 3, 1, 2, 0]);
});

test("confusionSlice and confusionMip of grids that differ throw a RangeError naming both sizes", () => {
  const { pred } = pair();
  const other = createVolume(Uint8Array, [2, 2, 2], [1, 1, 1]);
  assert.throws(() => confusionSlice(pred, other, 2, 0), /confusionSlice: the mask is 3×2×2 voxels, the label 2×2×2/);
  assert.throws(() => confusionMip(pred, other, 0), /confusionMip: the mask is 3×2×2 voxels, the label 2×2×2/);
});
