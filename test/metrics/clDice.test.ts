import { test } from "node:test";
import assert from "node:assert/strict";
import { clDice, skeletonize } from "../../src/metrics/index.js";
import { maskOf } from "./shapes.js";

const DIMS: [number, number, number] = [48, 9, 9];
const line = (from: number, to: number) => maskOf(DIMS, (i, j, k) => j === 4 && k === 4 && i >= from && i <= to);
const tube = (from: number, to: number) => maskOf(DIMS, (i, j, k) => Math.abs(j - 4) <= 1 && Math.abs(k - 4) <= 1 && i >= from && i <= to);

test("clDice(pred, label) of identical tubes is 1", () => {
  assert.equal(clDice(tube(2, 30), tube(2, 30)), 1);
});

test("clDice(pred, label) of a 1-voxel line and the line shifted by half its length is 1/2 by hand", () => {
  // each line is its own skeleton; 10 of each line's 20 voxels lie on the other
  assert.equal(clDice(line(0, 19), line(10, 29)), 0.5);
});

test("clDice(pred, label) of a 3×3 tube and the tube shifted along its axis, by hand from the centrelines", () => {
  // a 3×3 tube over x = a…b thins to its axis over x = a+1…b-1 (Lee's thinning eats one voxel at each end)
  const sk = skeletonize(tube(2, 31));
  const xs = [...sk.data.keys()].filter((n) => sk.data[n]).map((n) => n % DIMS[0]);
  assert.deepEqual([Math.min(...xs), Math.max(...xs), xs.length], [3, 30, 28]);
  // pred x = 2…31, label x = 12…41: pred's centreline 3…30 has 19 voxels (12…30) in the label: Tprec = 19/28;
  // label's centreline 13…40 has 19 voxels (13…31) in pred: Tsens = 19/28; clDice = 19/28
  assert.ok(Math.abs(clDice(tube(2, 31), tube(12, 41)) - 19 / 28) < 1e-12);
  // shifted sideways by 2 voxels, no centreline voxel lies inside the other tube
  const sideways = maskOf(DIMS, (i, j, k) => Math.abs(j - 6) <= 1 && Math.abs(k - 4) <= 1 && i >= 2 && i <= 31);
  assert.equal(clDice(tube(2, 31), sideways), 0);
});

test("clDice(pred, label) is 1 when both are empty and 0 when only one is", () => {
  const empty = maskOf(DIMS, () => false);
  assert.equal(clDice(empty, empty), 1);
  assert.equal(clDice(tube(2, 30), empty), 0);
  assert.equal(clDice(empty, tube(2, 30)), 0);
  assert.throws(
    () =>
      clDice(
        empty,
        maskOf([4, 4, 4], () => false),
      ),
    /clDice: the grids differ/,
  );
});
