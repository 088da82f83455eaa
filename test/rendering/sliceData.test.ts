import { test } from "node:test";
import assert from "node:assert/strict";
import { sliceOf, mipOf, fullestSlice, windowOf } from "../../src/rendering/index.js";
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

test("fullestSlice finds the plane that holds a tube lying in it, on each axis, and the middle of an empty volume", () => {
  const vol = createVolume(Float32Array, [20, 16, 12], [1, 1, 1]);
  // a tube along x in the plane z = 3 (y = 11), a shorter one along y in the plane x = 15 (z = 8), a dot at y = 2
  for (let x = 0; x < 20; x++) vol.data[index3(vol.dims, x, 11, 3)] = 1;
  for (let y = 0; y < 10; y++) vol.data[index3(vol.dims, 15, y, 8)] = 1;
  vol.data[index3(vol.dims, 5, 2, 5)] = 0.5;
  vol.data[index3(vol.dims, 6, 2, 5)] = Number.NaN; // not counted
  assert.equal(fullestSlice(vol, 2), 3); // 20 against 10 (z = 8) and 0.5 (z = 5)
  assert.equal(fullestSlice(vol, 1), 11); // 20 against 1 for each other y < 10, 1.5 at y = 2
  assert.equal(fullestSlice(vol, 0), 15); // 11 against 1 (or 1.5 at x = 5)
  assert.deepEqual(
    [0, 1, 2].map((a) => fullestSlice(createVolume(Float32Array, [20, 16, 12], [1, 1, 1]), a as 0 | 1 | 2)),
    [10, 8, 6],
  );
});

test("fullestSlice takes the first of equal slices", () => {
  const vol = createVolume(Float32Array, [4, 4, 9], [1, 1, 1]);
  vol.data[index3(vol.dims, 1, 1, 7)] = 2;
  vol.data[index3(vol.dims, 1, 1, 2)] = 2;
  assert.equal(fullestSlice(vol, 2), 2);
});
