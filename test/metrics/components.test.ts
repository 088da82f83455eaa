import { test } from "node:test";
import assert from "node:assert/strict";
import { labelComponents, labelRegions, neighbourOffsets } from "../../src/metrics/index.js";
import { maskOf } from "./shapes.js";

test("neighbourOffsets(connectivity) has 6, 18 and 26 neighbours and rejects others", () => {
  assert.deepEqual(
    [6, 18, 26].map((c) => neighbourOffsets(c as 6).length),
    [6, 18, 26],
  );
  assert.throws(() => neighbourOffsets(8 as never), /connectivity = 8/);
});

test("labelComponents(volume, connectivity) joins corner-touching voxels only with 26-connectivity", () => {
  const diagonal = maskOf([3, 3, 3], (i, j, k) => i === j && j === k);
  assert.equal(labelComponents(diagonal).count, 1);
  assert.equal(labelComponents(diagonal, 18).count, 3);
  assert.equal(labelComponents(diagonal, 6).count, 3);
  const edge = maskOf([2, 2, 1], (i, j) => i === j);
  assert.equal(labelComponents(edge, 18).count, 1);
  assert.equal(labelComponents(edge, 6).count, 2);
  const { labels } = labelComponents(diagonal);
  assert.deepEqual([labels[0], labels[13], labels[26], labels[1]], [1, 1, 1, 0]);
});

test("labelRegions(data, dims, 6, 0) labels the background and tells which regions reach the border", () => {
  const shell = maskOf([5, 5, 5], (i, j, k) => Math.max(Math.abs(i - 2), Math.abs(j - 2), Math.abs(k - 2)) === 1);
  const r = labelRegions(shell.data, shell.dims, 6, 0);
  assert.equal(r.count, 2);
  assert.deepEqual(r.touchesBorder, [false, true, false]);
  assert.equal(labelComponents(maskOf([2, 2, 2], () => false)).count, 0);
});
