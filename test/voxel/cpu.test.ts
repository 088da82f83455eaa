import { test } from "node:test";
import assert from "node:assert/strict";
import { voxeliseCpu, gridFromBox, gridForTree, coverage } from "../../src/voxel/index.js";
import { LABEL_CLASS } from "../../src/geometry/tree.js";
import { polylineTree, multiTree, emptyTree, circle } from "../support/trees.js";
import { labelComponents } from "../../src/metrics/index.js";

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

test("coverage(rho, r, h) integrates to πr² over a cross-section, thick or thinner than a voxel", () => {
  for (const r of [0.1, 0.3, 0.577, 0.6, 1, 3]) {
    let area = 0;
    const step = 0.001;
    for (let rho = step / 2; rho < r + 2; rho += step) area += 2 * Math.PI * rho * coverage(rho, r, 1) * step;
    assert.ok(Math.abs(area / (Math.PI * r * r) - 1) < 1e-3, `r=${r}: ${area} vs ${Math.PI * r * r}`);
  }
});

test("voxeliseCpu(capsule) sums to the capsule's volume πr²L + 4/3πr³ within 2 %", () => {
  const r = 4,
    L = 30;
  const tree = polylineTree(
    [
      [10, 20.3, 19.7],
      [10 + L * 0.8, 20.3 + L * 0.6, 19.7],
    ],
    r,
  );
  const grid = gridFromBox({ min: [0, 0, 0], max: [48, 48, 40] }, 0.5);
  const maps = voxeliseCpu(tree, grid);
  const got = sum(maps.fraction.data) * 0.125;
  const want = Math.PI * r * r * L + (4 / 3) * Math.PI * r ** 3;
  assert.ok(Math.abs(got / want - 1) < 0.02, `volume ${got.toFixed(1)} vs ${want.toFixed(1)}`);
  const binary = sum(maps.binary.data) * 0.125;
  assert.ok(Math.abs(binary / want - 1) < 0.03, `binary volume ${binary.toFixed(1)} vs ${want.toFixed(1)}`);
});

test("voxeliseCpu(curved tube: a torus of 96 segments) sums to 2π²Rr² within 2 %", () => {
  const R = 12,
    r = 2.5;
  const tree = polylineTree(circle([16, 16, 8], R, 96), r);
  const grid = gridFromBox({ min: [0, 0, 0], max: [32, 32, 16] }, 0.4);
  const got = sum(voxeliseCpu(tree, grid).fraction.data) * 0.4 ** 3;
  const want = 2 * Math.PI ** 2 * R * r * r;
  assert.ok(Math.abs(got / want - 1) < 0.02, `volume ${got.toFixed(1)} vs ${want.toFixed(1)}`);
});

test("voxeliseCpu keeps the part of a vessel inside the grid when the tree crosses its edge", () => {
  const r = 3,
    h = 0.5;
  const tree = polylineTree(
    [
      [-20, 10.1, 9.9],
      [20, 10.1, 9.9],
    ],
    r,
  );
  const grid = gridFromBox({ min: [-h / 2, 0, 0], max: [30, 20, 20] }, h); // voxel 0 covers [-h/2, h/2]
  const got = sum(voxeliseCpu(tree, grid).fraction.data) * h ** 3;
  const want = Math.PI * r * r * (20 + h / 2) + (2 / 3) * Math.PI * r ** 3;
  assert.ok(Math.abs(got / want - 1) < 0.02, `volume ${got.toFixed(1)} vs ${want.toFixed(1)}`);
});

test("voxeliseCpu leaves a connected trace of a vessel thinner than a voxel, with its volume", () => {
  const r = 0.15;
  const tree = polylineTree(
    [
      [1.3, 2.1, 1.7],
      [20.6, 14.9, 17.2],
    ],
    r,
  );
  const grid = gridFromBox({ min: [0, 0, 0], max: [22, 17, 19] }, 1);
  const maps = voxeliseCpu(tree, grid);
  assert.equal(labelComponents(maps.fraction, 26).count, 1, "one connected trace");
  const L = Math.hypot(19.3, 12.8, 15.5);
  const got = sum(maps.fraction.data);
  assert.ok(Math.abs(got / (Math.PI * r * r * L + (4 / 3) * Math.PI * r ** 3) - 1) < 0.1, `volume ${got}`);
  assert.equal(labelComponents(maps.centreline, 26).count, 1, "centreline connected");
});

test("voxeliseCpu(empty tree) gives empty volumes", () => {
  const maps = voxeliseCpu(emptyTree(), gridFromBox({ min: [0, 0, 0], max: [8, 8, 8] }, 1));
  for (const key of ["fraction", "binary", "classes", "centreline", "flow"] as const) assert.equal(sum(maps[key].data), 0, key);
});

test("voxeliseCpu gives each vessel its class, and the centreline of an axis-aligned vessel is one row of voxels", () => {
  const tree = multiTree([
    {
      points: [
        [2, 3, 3],
        [12, 3, 3],
      ],
      radius: 1.2,
    },
    {
      points: [
        [2, 9, 9],
        [12, 9, 9],
      ],
      radius: 1.2,
      label: LABEL_CLASS.stenosis,
    },
  ]);
  const grid = gridFromBox({ min: [-0.5, -0.5, -0.5], max: [14.5, 12.5, 12.5] }, 1);
  const maps = voxeliseCpu(tree, grid);
  const [nx, ny] = grid.dims;
  const at = (x: number, y: number, z: number) => x + nx * (y + ny * z);
  assert.equal(maps.classes.data[at(7, 3, 3)], LABEL_CLASS.vessel);
  assert.equal(maps.classes.data[at(7, 9, 9)], LABEL_CLASS.stenosis);
  assert.equal(maps.classes.data[at(7, 6, 6)], 0);
  // Centres lie on voxel centres (grid origin at voxel (0,0,0)'s centre = 0): one row from x=2 to x=12, per vessel.
  assert.equal(sum(maps.centreline.data), 22);
  for (let x = 2; x <= 12; x++) assert.equal(maps.centreline.data[at(x, 3, 3)], 1);
});

test("voxeliseCpu's flow map grows along the vessel from its root", () => {
  const tree = polylineTree(
    [
      [2, 5, 5],
      [8, 5, 5],
      [14, 5, 5],
    ],
    1.5,
  );
  const grid = gridFromBox({ min: [-0.5, -0.5, -0.5], max: [16.5, 10.5, 10.5] }, 1);
  const maps = voxeliseCpu(tree, grid);
  const [nx, ny] = grid.dims;
  const f = (x: number) => maps.flow.data[x + nx * (5 + ny * 5)];
  assert.ok(Math.abs(f(2) - 0) < 1e-5 && Math.abs(f(8) - 6) < 1e-5 && Math.abs(f(14) - 12) < 1e-5);
});

test("gridForTree(tree, {size}) is a size³ isotropic grid holding the tree's bounds", () => {
  const tree = polylineTree(
    [
      [0, 0, 0],
      [30, 10, 5],
    ],
    1,
  );
  const g = gridForTree(tree, { size: 64 });
  assert.deepEqual(g.dims, [64, 64, 64]);
  for (let a = 0; a < 3; a++) {
    assert.ok(g.origin[a] <= tree.bounds.min[a]);
    assert.ok(g.origin[a] + 63 * g.spacing[a] >= tree.bounds.max[a]);
  }
  assert.throws(() => gridForTree(tree, { size: 0 }), /size = 0/);
  assert.throws(() => gridForTree(tree, { size: 5000 }), /size = 5000/);
});
