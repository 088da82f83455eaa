import { test } from "node:test";
import assert from "node:assert/strict";
import { percentileNormalise } from "../../src/infer/index.js";
import { createVolume, percentileOfSorted, percentilesOf } from "../../src/volume/index.js";

test("percentileNormalise(volume, [0.5, 99.5]) of 0…999 maps 4.995 to 0 and 994.005 to 1 and clips beyond", () => {
  const v = createVolume(Int16Array, [10, 10, 10], [0.5, 0.5, 2]);
  v.data.forEach((_, n) => (v.data[n] = 999 - n)); // order must not matter
  const { volume, low, high } = percentileNormalise(v, [0.5, 99.5]);
  assert.ok(Math.abs(low - 4.995) < 1e-9 && Math.abs(high - 994.005) < 1e-9, `${low} ${high}`);
  assert.ok(volume.data instanceof Float32Array);
  assert.deepEqual([volume.dims, volume.spacing, volume.affine], [v.dims, v.spacing, v.affine]);
  for (let n = 0; n < 1000; n++) {
    const expected = Math.min(1, Math.max(0, (999 - n - 4.995) / (994.005 - 4.995)));
    assert.ok(Math.abs(volume.data[n] - expected) < 1e-6, `voxel ${n}: ${volume.data[n]} vs ${expected}`);
  }
  assert.equal(volume.data[999], 0);
  assert.equal(volume.data[0], 1);
  const unclipped = percentileNormalise(v, [0.5, 99.5], { clip: false });
  assert.ok(unclipped.volume.data[0] > 1 && unclipped.volume.data[999] < 0);
});

test("percentilesOf(data, ps) equals sorting then percentileOfSorted, with duplicates, in any order of ps", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const n of [1, 2, 3, 10, 1001]) {
    const data = Uint8Array.from({ length: n }, () => Math.floor(random() * 20)); // many ties
    const sorted = Float64Array.from(data).sort();
    const ps = [99.5, 0, 0.5, 50, 100, 37.3];
    assert.deepEqual(
      percentilesOf(data, ps),
      ps.map((p) => percentileOfSorted(sorted, p)),
      `n = ${n}`,
    );
  }
});

test("percentileNormalise(volume) skips NaN and ±Infinity for the percentiles and writes 0 there; a constant volume becomes all 0", () => {
  const v = createVolume(Float32Array, [4, 1, 1]);
  v.data.set([NaN, 2, Infinity, 4]);
  const { volume, low, high } = percentileNormalise(v, [0, 100]);
  assert.deepEqual([low, high], [2, 4]);
  assert.deepEqual([...volume.data], [0, 0, 0, 1]);
  const constant = createVolume(Float32Array, [3, 3, 3]);
  constant.data.fill(5);
  assert.ok(percentileNormalise(constant).volume.data.every((x) => x === 0));
  const empty = createVolume(Float32Array, [2, 1, 1]);
  empty.data.fill(NaN);
  assert.ok(Number.isNaN(percentileNormalise(empty).low));
  assert.throws(() => percentileNormalise(v, [50, 10]), /percentiles = \[50, 10\]; give \[low, high\]/);
});

test("percentileNormalise(within) takes the percentiles inside the mask and maps every voxel", () => {
  const v = createVolume(Float32Array, [8, 1, 1], [1, 1, 1]);
  v.data.set([0, 0, 0, 0, 10, 20, 30, 40]);
  const r = percentileNormalise(v, [0, 100], { within: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]) });
  assert.deepEqual([r.low, r.high], [10, 40]);
  assert.deepEqual(Array.from(r.volume.data), [0, 0, 0, 0, 0, 1 / 3, 2 / 3, 1].map(Math.fround));
  const unclipped = percentileNormalise(v, [0, 100], { within: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]), clip: false });
  assert.equal(unclipped.volume.data[0], Math.fround(-1 / 3));
  assert.throws(() => percentileNormalise(v, [0, 100], { within: new Uint8Array(3) }), /mask has 3 voxels/);
});
