import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, cropVolume, index3, padVolume, transformPoint } from "../../src/volume/index.js";

test("padVolume(volume, before, after, value) surrounds the volume and cropVolume undoes it", () => {
  const v = createVolume(Float32Array, [3, 2, 2], [1, 1, 1], [1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1]);
  v.data.forEach((_, n) => (v.data[n] = n + 1));
  const p = padVolume(v, [1, 2, 0], [0, 1, 3], -1);
  assert.deepEqual(p.dims, [4, 5, 5]);
  assert.equal(p.data[0], -1);
  assert.equal(p.data[index3(p.dims, 1, 2, 0)], 1);
  assert.deepEqual(transformPoint(p.affine, [1, 2, 0]), [10, 20, 30]);
  const back = cropVolume(p, [1, 2, 0], [4, 4, 2]);
  assert.deepEqual(back, v);
  assert.deepEqual(padVolume(v, [0, 0, 0]), v);
  assert.throws(() => padVolume(v, [-1, 0, 0]), /axis 0 padding \(-1, -1\)/);
});
