import { test } from "node:test";
import assert from "node:assert/strict";
import { voxelBox } from "../../src/volume/index.js";

test("voxelBox: the smallest box of indices holding the voxels that pass, per axis; null when none does", () => {
  const dims = [5, 4, 3] as [number, number, number];
  const at = (i: number, j: number, k: number) => i + 5 * (j + 4 * k);
  const marked = new Set([at(1, 3, 0), at(4, 2, 2), at(2, 1, 1)]);
  assert.deepEqual(
    voxelBox(dims, (v) => marked.has(v)),
    { lo: [1, 1, 0], hi: [4, 3, 2] },
  );
  assert.deepEqual(
    voxelBox(dims, (v) => v === at(3, 0, 1)),
    { lo: [3, 0, 1], hi: [3, 0, 1] },
  );
  assert.equal(
    voxelBox(dims, () => false),
    null,
  );
});
