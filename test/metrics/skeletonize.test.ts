import { test } from "node:test";
import assert from "node:assert/strict";
import { bettiNumbers, labelComponents, skeletonize } from "../../src/metrics/index.js";
import { count, inBox, inRing, maskOf } from "./shapes.js";

// A solid cylinder of radius 4 along x from x = 3 to 36 (34 voxels long), axis at (y, z) = (7, 7).
const CYLINDER = maskOf([40, 15, 15], (i, j, k) => (j - 7) ** 2 + (k - 7) ** 2 <= 16 && i >= 3 && i <= 36);

test("skeletonize(volume) thins a straight solid cylinder to a 1-voxel-thick line on its axis of nearly its length", () => {
  const s = skeletonize(CYLINDER);
  const voxels: number[][] = [];
  s.data.forEach((v, n) => v && voxels.push([n % 40, Math.floor(n / 40) % 15, Math.floor(n / 600)]));
  const xs = voxels.map(([x]) => x);
  assert.ok(
    voxels.every(([, y, z]) => y === 7 && z === 7),
    "on the axis",
  );
  assert.equal(new Set(xs).size, voxels.length, "one voxel per x: 1 voxel thick");
  assert.equal(Math.max(...xs) - Math.min(...xs) + 1, voxels.length, "no gaps");
  assert.ok(voxels.length >= 28, `${voxels.length} of 34 voxels long`);
  assert.equal(labelComponents(s).count, 1);
});

test("skeletonize(volume) keeps topology: a ring stays a loop, a hollow box keeps its cavity, a solid box keeps one voxel", () => {
  const ring = skeletonize(maskOf([20, 20, 7], inRing(9.5, 9.5, 3, 6, 1.6)));
  assert.deepEqual(bettiNumbers(ring), { b0: 1, b1: 1, b2: 0, euler: 0 });
  assert.ok(count(ring) < 60);
  const hollow = maskOf([9, 9, 9], (i, j, k) => inBox([1, 1, 1], [7, 7, 7])(i, j, k) && !inBox([3, 3, 3], [5, 5, 5])(i, j, k));
  assert.equal(bettiNumbers(skeletonize(hollow)).b2, 1);
  // scikit-image's skeletonize_3d empties a solid box; Lee's conditions keep one voxel per component
  assert.equal(count(skeletonize(maskOf([20, 12, 9], inBox([3, 2, 2], [16, 9, 6])))), 1);
});

test("skeletonize(volume) leaves a 1-voxel line as it is, leaves its input untouched, and maps empty to empty", () => {
  const line = maskOf([12, 5, 5], (i, j, k) => j === 2 && k === 2 && i > 1 && i < 10);
  assert.deepEqual(skeletonize(line).data, line.data);
  const before = CYLINDER.data.slice();
  skeletonize(CYLINDER);
  assert.deepEqual(CYLINDER.data, before);
  assert.equal(count(skeletonize(maskOf([4, 4, 4], () => false))), 0);
  assert.equal(count(skeletonize(maskOf([4, 4, 4], inBox([0, 0, 0], [3, 3, 3])))), 1);
});
