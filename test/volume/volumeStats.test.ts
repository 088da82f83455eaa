import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, percentileOfSorted, volumeStats } from "../../src/volume/index.js";

test("volumeStats(volume) gives min, max, mean, std, nonzero and numpy-style percentiles", () => {
  const v = createVolume(Float32Array, [5, 1, 1]);
  v.data.set([4, 0, 2, 8, 6]);
  const s = volumeStats(v, { percentiles: [0, 25, 50, 90, 100] });
  assert.deepEqual([s.count, s.nanCount, s.nonzero, s.min, s.max, s.mean], [5, 0, 4, 0, 8, 4]);
  assert.equal(s.std, Math.sqrt(8));
  assert.deepEqual(s.percentiles, { 0: 0, 25: 2, 50: 4, 90: 7.2, 100: 8 });
});

test("volumeStats(volume) skips NaN, gives NaN statistics when nothing is left, and rejects a percentile over 100", () => {
  const v = createVolume(Float64Array, [3, 1, 1]);
  v.data.set([NaN, 1, 3]);
  const s = volumeStats(v, { percentiles: [50] });
  assert.deepEqual([s.count, s.nanCount, s.mean, s.percentiles[50]], [2, 1, 2, 2]);
  v.data.fill(NaN);
  const empty = volumeStats(v);
  assert.ok(Number.isNaN(empty.min) && Number.isNaN(empty.mean) && Number.isNaN(empty.percentiles[50]));
  assert.throws(() => volumeStats(v, { percentiles: [101] }), /percentile 101/);
  assert.ok(Number.isNaN(percentileOfSorted([], 50)));
});
