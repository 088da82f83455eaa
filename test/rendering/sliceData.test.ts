import { test } from "node:test";
import assert from "node:assert/strict";
import { sliceOf, mipOf, windowOf } from "../../src/rendering/index.js";
import { createVolume, index3 } from "../../src/volume/index.js";

// A 4×3×2 volume whose value encodes its coordinates: v = 100x + 10y + z.
function coded() {
  const vol = createVolume(Float32Array, [4, 3, 2], [1, 2, 3]);
  for (let z = 0; z < 2; z++) for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) vol.data[index3(vol.dims, x, y, z)] = 100 * x + 10 * y + z;
  return vol;
}

test("sliceOf(volume, 2, k) is the axial plane z = k, x to the right, y up", () => {
  const s = sliceOf(coded(), 2, 1);
  assert.equal(s.width, 4);
  assert.equal(s.height, 3);
  assert.deepEqual(s.pixelSpacing, [1, 2]);
  assert.equal(s.data[0], 100 * 0 + 10 * 2 + 1); // top-left: x=0, y=max
  assert.equal(s.data[s.width * 2 + 3], 100 * 3 + 0 + 1); // bottom-right: x=3, y=0
});

test("sliceOf(volume, 0, k) is the sagittal plane x = k, y to the right, z up", () => {
  const s = sliceOf(coded(), 0, 2);
  assert.equal(s.width, 3);
  assert.equal(s.height, 2);
  assert.deepEqual([...s.data], [201, 211, 221, 200, 210, 220]);
});

test("sliceOf clamps the index into the volume", () => {
  assert.deepEqual(sliceOf(coded(), 1, 99).data, sliceOf(coded(), 1, 2).data);
});

test("mipOf(volume, axis) is the maximum along the axis", () => {
  const m = mipOf(coded(), 2);
  assert.equal(m.data[0], 21);
  const mx = mipOf(coded(), 0);
  assert.deepEqual([...mx.data], [301, 311, 321, 300, 310, 320]);
});

test("sliceOf rejects an axis that is not 0, 1 or 2", () => {
  assert.throws(() => sliceOf(coded(), 3 as 0, 0), /axis = 3/);
});

test("windowOf(data) gives percentile bounds, and a unit window for a constant image", () => {
  const data = Float32Array.from({ length: 1001 }, (_, i) => i);
  const [lo, hi] = windowOf(data, 1, 99);
  assert.equal(lo, 10);
  assert.equal(hi, 990);
  assert.deepEqual(windowOf(new Float32Array(10).fill(3)), [3, 4]);
});
