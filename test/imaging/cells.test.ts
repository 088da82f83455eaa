import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { addCells, addSoftSphere } from "../../src/imaging/index.js";
import { createVolume } from "../../src/volume/index.js";

test("addSoftSphere(data, dims, c, r, amp) adds amp inside radius r, a partial edge, and nothing beyond r + 0.5", () => {
  const v = createVolume(Float32Array, [21, 21, 21]);
  addSoftSphere(v.data, v.dims, 10, 10, 10, 4, 2);
  const at = (i: number, j: number, k: number) => v.data[i + 21 * (j + 21 * k)];
  assert.equal(at(10, 10, 10), 2);
  assert.equal(at(13, 10, 10), 2);
  assert.ok(Math.abs(at(14, 10, 10) - 1) < 1e-6, "half a voxel at the surface");
  assert.equal(at(15, 10, 10), 0);
  let sum = 0;
  for (const x of v.data) sum += x;
  assert.ok(Math.abs(sum / 2 - (4 / 3) * Math.PI * 64) < 0.05 * (4 / 3) * Math.PI * 64, `volume ${sum / 2}`);
});

test("addCells(data, dims, {density, radius, amplitude}, rng) draws about density · voxels cells, reproducibly", () => {
  const dims: [number, number, number] = [48, 48, 48];
  const a = createVolume(Float32Array, dims),
    b = createVolume(Float32Array, dims);
  const cells = { density: 0.0005, radius: 1.5, amplitude: 1 };
  addCells(a.data, dims, cells, createRng(1));
  addCells(b.data, dims, cells, createRng(1));
  assert.deepEqual(a.data, b.data);
  let covered = 0;
  for (const x of a.data) covered += x;
  // ≈ 55 cells of about (4/3)π·1.5³ ≈ 14 voxels each (amplitude ±30 %, radius ±30 %).
  const expected = 0.0005 * 48 ** 3 * (4 / 3) * Math.PI * 1.5 ** 3;
  assert.ok(covered > 0.5 * expected && covered < 2 * expected, `${covered} vs ${expected}`);
});

test("addCells(data, dims, cells, rng) with density 0 or amplitude 0 changes nothing, and refuses a negative density", () => {
  const v = createVolume(Float32Array, [8, 8, 8]);
  addCells(v.data, v.dims, { density: 0, radius: 2, amplitude: 1 }, createRng(1));
  addCells(v.data, v.dims, { density: 0.01, radius: 2, amplitude: 0 }, createRng(1));
  assert.ok(v.data.every((x) => x === 0));
  assert.throws(() => addCells(v.data, v.dims, { density: -1, radius: 2, amplitude: 1 }, createRng(1)), /cells\.density = -1/);
});
