import { test } from "node:test";
import assert from "node:assert/strict";
import { quantile } from "d3-array";
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

test("percentilesOf equals d3-array's quantile (the rule it writes out) on random scans with ties, negatives and runs past quickselect's 600-value step", () => {
  let state = 12345;
  const draw = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32; // a fixed LCG: the same arrays every run
  const ps = [0, 0.5, 1, 10, 25, 50, 75, 90, 99, 99.5, 100];
  for (const n of [1, 2, 7, 600, 601, 5000, 40_000]) {
    for (const kind of ["float", "ties"] as const) {
      const data = Float32Array.from({ length: n }, () => (kind === "ties" ? Math.floor(draw() * 5) - 2 : (draw() - 0.3) * 1000));
      const want = ps.map((p) => quantile(Float64Array.from(data), p / 100)!);
      assert.deepEqual(percentilesOf(data, ps), want, `${n} ${kind} values`);
    }
  }
});
