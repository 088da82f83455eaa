import { test } from "node:test";
import assert from "node:assert/strict";
import { cropPadding, padForModel } from "../../src/infer/index.js";
import { createVolume, transformPoint } from "../../src/volume/index.js";

test("padForModel(thin stack, {stride}) pads each axis at its far end to a multiple of the stride, and cropPadding gives back the grid and data", () => {
  // 3 microscopy slices of 30 × 21 voxels
  const v = createVolume(Float32Array, [30, 21, 3], [0.002, 0.002, 0.005], [0.002, 0, 0, 5, 0, -0.002, 0, 7, 0, 0, 0.005, -1, 0, 0, 0, 1]);
  v.data.forEach((_, n) => (v.data[n] = n + 1));
  const padded = padForModel(v, { stride: 8 });
  assert.deepEqual(padded.volume.dims, [32, 24, 8]);
  assert.deepEqual(
    [padded.start, padded.end],
    [
      [0, 0, 0],
      [30, 21, 3],
    ],
  );
  // input voxels keep their place in the world; the padding is 0
  assert.deepEqual(transformPoint(padded.volume.affine, [4, 5, 2]), transformPoint(v.affine, [4, 5, 2]));
  assert.equal(padded.volume.data[31 + 32 * (23 + 24 * 7)], 0);
  assert.equal(padded.volume.data[29 + 32 * (20 + 24 * 2)], v.data[29 + 30 * (20 + 21 * 2)]);
  const back = cropPadding(padded.volume, padded);
  assert.deepEqual([back.dims, back.spacing, back.affine], [v.dims, v.spacing, v.affine]);
  assert.deepEqual(back.data, v.data);
});

test("padForModel(volume, {stride}) returns the volume itself when every axis is already a multiple; a bad stride throws", () => {
  const v = createVolume(Float32Array, [16, 8, 24]);
  const padded = padForModel(v, { stride: 8 });
  assert.equal(padded.volume, v);
  assert.equal(cropPadding(v, padded), v);
  assert.throws(() => padForModel(v, { stride: 0 }), /stride = 0; give a positive integer/);
});
