import { test } from "node:test";
import assert from "node:assert/strict";
import { hausdorffDistance, hd95, surfaceDistances, surfaceOf, binarize } from "../../src/metrics/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { count, inBall, inBox, maskOf } from "./shapes.js";

test("hd95(pred, label) of concentric spheres whose radii differ by k voxels is about k · spacing", () => {
  for (const [spacing, k] of [
    [[1, 1, 1], 3],
    [[0.5, 0.5, 0.5], 4],
    [[0.8, 0.8, 0.8], 2],
  ] as Array<[Vec3, number]>) {
    const s = spacing[0];
    const dims: Vec3 = [31, 31, 31];
    const inner = maskOf(dims, inBall([15, 15, 15], 7 * s, spacing), spacing);
    const outer = maskOf(dims, inBall([15, 15, 15], (7 + k) * s, spacing), spacing);
    const h = hd95(inner, outer);
    assert.ok(Math.abs(h - k * s) <= 0.5 * s, `spacing ${s}, k ${k}: hd95 ${h}, expected ≈ ${k * s}`);
  }
});

test("hausdorffDistance(pred, label) of two single voxels is their distance in mm, with anisotropic spacing", () => {
  const spacing: Vec3 = [0.5, 2, 1];
  const a = maskOf([6, 6, 6], (i, j, k) => i === 1 && j === 1 && k === 1, spacing);
  const b = maskOf([6, 6, 6], (i, j, k) => i === 4 && j === 2 && k === 3, spacing);
  const expected = Math.hypot(3 * 0.5, 1 * 2, 2 * 1);
  assert.ok(Math.abs(hausdorffDistance(a, b) - expected) < 1e-12);
  assert.ok(Math.abs(hd95(a, b) - expected) < 1e-12);
  assert.deepEqual(
    surfaceDistances(a, b).map((d) => +d.toFixed(9)),
    [expected, expected].map((d) => +d.toFixed(9)),
  );
});

test("hausdorffDistance(pred, label, percentile) interpolates between ranks like numpy's percentile", () => {
  // a 1×1×3 bar against the voxel at its start: surface distances [0, 1, 2] and [0]: pooled [0, 0, 1, 2]
  const bar = maskOf([5, 1, 1], (i) => i <= 2);
  const dot = maskOf([5, 1, 1], (i) => i === 0);
  assert.deepEqual(surfaceDistances(bar, dot), [0, 1, 2, 0]);
  assert.equal(hausdorffDistance(bar, dot), 2);
  assert.equal(hausdorffDistance(bar, dot, 50), 0.5);
  assert.ok(Math.abs(hd95(bar, dot) - 1.85) < 1e-12);
  assert.throws(() => hausdorffDistance(bar, dot, 120), /percentile = 120/);
});

test("hd95(pred, label) is 0 when both masks are empty and Infinity when only one is", () => {
  const empty = maskOf([5, 5, 5], () => false);
  const cube = maskOf([5, 5, 5], inBox([1, 1, 1], [3, 3, 3]));
  assert.equal(hd95(empty, empty), 0);
  assert.equal(hd95(cube, empty), Infinity);
  assert.equal(hd95(empty, cube), Infinity);
  assert.equal(hd95(cube, cube), 0);
});

test("surfaceOf(mask) keeps the voxels with a background face-neighbour, the grid's border counting as background", () => {
  assert.equal(count({ data: surfaceOf(binarize(maskOf([5, 5, 5], inBox([1, 1, 1], [3, 3, 3])))) }), 26);
  assert.equal(count({ data: surfaceOf(binarize(maskOf([3, 3, 3], () => true))) }), 26);
});
