import { test } from "node:test";
import assert from "node:assert/strict";
import { gaussianImportance } from "../../src/infer/index.js";

test("gaussianImportance(tile) is a separable Gaussian with σ = side/8, peak 1 at the centre, floored at 1e-3, x fastest", () => {
  const tile: [number, number, number] = [9, 17, 33];
  const map = gaussianImportance(tile);
  assert.equal(map.length, 9 * 17 * 33);
  const at = (i: number, j: number, k: number) => map[i + 9 * (j + 17 * k)];
  assert.equal(at(4, 8, 16), 1);
  const g = (d: number, n: number) => Math.exp(-0.5 * (d / (n / 8)) ** 2);
  assert.ok(Math.abs(at(6, 8, 16) - g(2, 9)) < 1e-6);
  assert.ok(Math.abs(at(4, 11, 16) - g(3, 17)) < 1e-6);
  assert.ok(Math.abs(at(6, 11, 20) - Math.max(1e-3, g(2, 9) * g(3, 17) * g(4, 33))) < 1e-6);
  assert.equal(at(0, 0, 0), Math.fround(1e-3)); // the corner is below the floor
  assert.ok(map.every((w) => w >= Math.fround(1e-3) && w <= 1));
  assert.throws(() => gaussianImportance([4, 0, 4]), /tile\[1\] = 0/);
});
