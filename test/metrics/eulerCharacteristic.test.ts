import { test } from "node:test";
import assert from "node:assert/strict";
import { eulerCharacteristic } from "../../src/metrics/index.js";
import { inBox, inRing, maskOf } from "./shapes.js";

test("eulerCharacteristic(volume) is 1 for a voxel, a solid cube and two corner-touching voxels, 0 when empty", () => {
  assert.equal(eulerCharacteristic(maskOf([1, 1, 1], () => true)), 1);
  assert.equal(eulerCharacteristic(maskOf([6, 6, 6], inBox([1, 1, 1], [4, 4, 4]))), 1);
  assert.equal(eulerCharacteristic(maskOf([2, 2, 2], (i, j, k) => i === j && j === k)), 1);
  assert.equal(eulerCharacteristic(maskOf([3, 3, 3], () => false)), 0);
  assert.equal(eulerCharacteristic(maskOf([5, 1, 1], (i) => i % 2 === 0)), 3);
});

test("eulerCharacteristic(volume) is 2 for a hollow box (a sphere) and 0 for a ring (a torus)", () => {
  const hollow = maskOf([7, 7, 7], (i, j, k) => inBox([1, 1, 1], [5, 5, 5])(i, j, k) && !inBox([2, 2, 2], [4, 4, 4])(i, j, k));
  assert.equal(eulerCharacteristic(hollow), 2);
  assert.equal(eulerCharacteristic(maskOf([20, 20, 7], inRing(9.5, 9.5, 3, 6, 1.6))), 0);
  // a square frame of single voxels: the loop closes through corners and edges alike
  assert.equal(eulerCharacteristic(maskOf([4, 4, 1], (i, j) => i === 0 || j === 0 || i === 3 || j === 3)), 0);
});
