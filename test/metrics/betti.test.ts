import { test } from "node:test";
import assert from "node:assert/strict";
import { betti0, betti1, bettiErrors, bettiNumbers } from "../../src/metrics/index.js";
import { inBall, inBox, inRing, maskOf } from "./shapes.js";

const ring = inRing(9.5, 9.5, 3, 6, 1.6);
const RING = maskOf([20, 20, 7], ring);
const TWO_RINGS = maskOf([40, 20, 7], (i, j, k) => ring(i, j, k) || ring(i - 20, j, k));
const HOLLOW = maskOf([8, 8, 8], (i, j, k) => inBox([1, 1, 1], [6, 6, 6])(i, j, k) && !inBox([3, 3, 3], [4, 4, 4])(i, j, k));
const CUBE = maskOf([8, 8, 8], inBox([1, 1, 1], [6, 6, 6]));

test("bettiNumbers(volume) of a ring is b0 = 1, b1 = 1, b2 = 0", () => {
  assert.deepEqual(bettiNumbers(RING), { b0: 1, b1: 1, b2: 0, euler: 0 });
});

test("bettiNumbers(volume) of two separate rings is b0 = 2, b1 = 2", () => {
  assert.deepEqual(bettiNumbers(TWO_RINGS), { b0: 2, b1: 2, b2: 0, euler: 0 });
});

test("bettiNumbers(volume) of a hollow box is b0 = 1, b1 = 0, b2 = 1, and of a solid cube b1 = 0", () => {
  assert.deepEqual(bettiNumbers(HOLLOW), { b0: 1, b1: 0, b2: 1, euler: 2 });
  assert.deepEqual(bettiNumbers(CUBE), { b0: 1, b1: 0, b2: 0, euler: 1 });
});

test("bettiNumbers(volume) counts a ring cut by the grid's edge as open, and a cavity reaching the border as no cavity", () => {
  // the grid's outside is background: a box open on one face is a cup, not a cavity
  const cup = maskOf([6, 6, 5], (i, j, k) => inBox([0, 0, 0], [5, 5, 4])(i, j, k) && !inBox([2, 2, 2], [3, 3, 4])(i, j, k));
  assert.deepEqual(bettiNumbers(cup), { b0: 1, b1: 0, b2: 0, euler: 1 });
  // a 6-connected background path through a corner-joined diagonal does not make a loop: 26-connected voxels are one
  assert.deepEqual(bettiNumbers(maskOf([3, 3, 3], (i, j, k) => i === j && j === k)), { b0: 1, b1: 0, b2: 0, euler: 1 });
  assert.deepEqual(bettiNumbers(maskOf([3, 3, 3], () => false)), { b0: 0, b1: 0, b2: 0, euler: 0 });
});

test("betti0(volume) and betti1(volume) agree with bettiNumbers; a handle on a ball adds one loop", () => {
  assert.equal(betti0(TWO_RINGS), 2);
  assert.equal(betti1(TWO_RINGS), 2);
  const mug = maskOf([24, 24, 12], (i, j, k) => inBall([8, 12, 6], 5)(i, j, k) || (inRing(14, 12, 6, 5, 1.5)(i, j, k) && i > 10));
  assert.deepEqual([betti0(mug), betti1(mug)], [1, 1]);
});

test("bettiErrors(pred, label) gives |Δb0| and |Δb1|", () => {
  const ringPlusBlob = maskOf([40, 20, 7], (i, j, k) => ring(i, j, k) || inBall([30, 10, 3], 2)(i, j, k));
  assert.deepEqual(bettiErrors(ringPlusBlob, TWO_RINGS), { betti0Error: 0, betti1Error: 1 });
  assert.deepEqual(
    bettiErrors(
      maskOf([40, 20, 7], () => false),
      TWO_RINGS,
    ),
    { betti0Error: 2, betti1Error: 2 },
  );
  assert.throws(() => bettiErrors(RING, TWO_RINGS), /the grids differ/);
});
