import { test } from "node:test";
import assert from "node:assert/strict";
import { radiusHistogram } from "../../src/lab/radiusHistogram.js";

test("radiusHistogram(radii, edges) counts each radius in the bin [edge, next edge), below-range in the first and above in the last", () => {
  const h = radiusHistogram([0.5, 1, 1.4, 2, 2.9, 50, NaN], [1, 2, 3]);
  assert.deepEqual(h.edges, [1, 2, 3]);
  assert.equal(h.count, 6);
  assert.deepEqual(h.fractions, [3 / 6, 2 / 6, 1 / 6]);
  assert.deepEqual(radiusHistogram([], [1, 2]).fractions, [0, 0]);
  assert.throws(() => radiusHistogram([1], [2, 1]), /edges must ascend/);
});
