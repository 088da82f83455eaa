import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, cropVolume, index3, transformPoint } from "../../src/volume/index.js";

test("cropVolume(volume, start, end) keeps the box's voxels at their world positions", () => {
  const v = createVolume(Int16Array, [5, 4, 3], [0.5, 1, 2], [0, -0.5, 0, 3, 1, 0, 0, 4, 0, 0, 2, 5, 0, 0, 0, 1]);
  v.data.forEach((_, n) => (v.data[n] = n));
  const c = cropVolume(v, [1, 2, 1], [4, 4, 3]);
  assert.deepEqual(c.dims, [3, 2, 2]);
  assert.ok(c.data instanceof Int16Array);
  assert.equal(c.data[0], index3(v.dims, 1, 2, 1));
  assert.equal(c.data[index3(c.dims, 2, 1, 1)], index3(v.dims, 3, 3, 2));
  assert.deepEqual(transformPoint(c.affine, [0, 0, 0]), transformPoint(v.affine, [1, 2, 1]));
  assert.throws(() => cropVolume(v, [0, 0, 0], [6, 1, 1]), /axis 0 box \[0, 6\)/);
  assert.throws(() => cropVolume(v, [2, 0, 0], [2, 1, 1]), /start < end/);
});
