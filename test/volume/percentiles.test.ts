import { test } from "node:test";
import assert from "node:assert/strict";
import { percentileOfSorted, percentilesOf } from "../../src/volume/index.js";

test("percentilesOf gives numpy's linear percentiles (values from np.percentile), skipping NaN and ±Infinity", () => {
  // np.percentile([3, 1, 4, 1, 5, 9, 2, 6], [0, 10, 25, 50, 90, 100]) = [1, 1, 1.75, 3.5, 6.9, 9]
  const data = [3, NaN, 1, 4, Infinity, 1, 5, -Infinity, 9, 2, 6];
  const got = percentilesOf(data, [50, 0, 10, 25, 90, 100]);
  const want = [3.5, 1, 1, 1.75, 6.9, 9];
  got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-12, `${x} vs ${want[i]}`));
  assert.deepEqual(percentilesOf([NaN, Infinity], [50]).map(Number.isNaN), [true]);
  assert.throws(() => percentilesOf([1, 2], [101]), /percentile 101; give numbers in 0…100/);
});

test("percentilesOf keeps a plain array's values as float64 and a Float32Array's as float32", () => {
  const exact = [0.1, 0.2];
  assert.equal(percentilesOf(exact, [100])[0], 0.2);
  assert.equal(percentilesOf(Float32Array.from(exact), [100])[0], Math.fround(0.2));
  assert.equal(percentileOfSorted([0.1, 0.2], 50), 0.1 + 0.5 * (0.2 - 0.1));
});
