import { test } from "node:test";
import assert from "node:assert/strict";
import { valueRange } from "../../src/volume/index.js";

test("valueRange: the finite values' range, whether all are whole, and distinct whole values counted up to countUpTo + 1", () => {
  assert.deepEqual(valueRange(Float32Array.of(0, 2, NaN, 2, 255, Infinity)), { min: 0, max: 255, whole: true, distinct: 1 });
  assert.deepEqual(valueRange(Uint8Array.of(0, 2, 2, 255, 3), { countUpTo: 10 }), { min: 0, max: 255, whole: true, distinct: 4 });
  assert.deepEqual(valueRange(Uint8Array.of(0, 1, 2, 3, 4, 5), { countUpTo: 2 }), { min: 0, max: 5, whole: true, distinct: 3 });
  const fractional = valueRange(Float64Array.of(-1e-7, 0.5, 1), { countUpTo: 10 });
  assert.equal(fractional.whole, false);
  assert.deepEqual([fractional.min, fractional.max], [-1e-7, 1]);
  assert.equal(valueRange(Float32Array.of(NaN)).min, Infinity);
});
