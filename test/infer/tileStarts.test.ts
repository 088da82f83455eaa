import { test } from "node:test";
import assert from "node:assert/strict";
import { tileStarts } from "../../src/infer/index.js";

test("tileStarts(size, tile, overlap) covers the axis from 0 to size − tile with steps of at most tile · (1 − overlap)", () => {
  assert.deepEqual(tileStarts(64, 64, 0.5), [0]);
  assert.deepEqual(tileStarts(40, 64, 0.5), [0]);
  assert.deepEqual(tileStarts(128, 64, 0.5), [0, 32, 64]);
  assert.deepEqual(tileStarts(100, 64, 0.5), [0, 18, 36]); // 36 voxels to cover in steps of at most 32
  assert.deepEqual(tileStarts(128, 64, 0), [0, 64]);
  for (const [size, tile, overlap] of [
    [200, 64, 0.5],
    [97, 16, 0.25],
    [300, 48, 0.75],
  ]) {
    const s = tileStarts(size, tile, overlap);
    assert.equal(s[0], 0);
    assert.equal(s.at(-1), size - tile);
    for (let i = 1; i < s.length; i++)
      assert.ok(s[i] - s[i - 1] > 0 && s[i] - s[i - 1] <= Math.floor(tile * (1 - overlap)), `${size} ${tile} ${overlap}: ${s}`);
  }
});

test("tileStarts rounds half to even as Python's round does (models/train/infer.py), so both cut volumes alike", () => {
  // (size − tile) / (count − 1) = 2.5 per step: 0, 2.5 → 2, 5, 7.5 → 8, 10
  assert.deepEqual(tileStarts(14, 4, 0.25), [0, 2, 5, 8, 10]);
  assert.throws(() => tileStarts(10, 4, 1), /overlap = 1/);
  assert.throws(() => tileStarts(10, 0, 0.5), /must be positive integers/);
});
