import { test } from "node:test";
import assert from "node:assert/strict";
import { parseModelCard, reconstructVolume } from "../../src/infer/index.js";
import { hiddenErrorImage, hiddenErrorRange, sliceOf, type Image2D } from "../../src/rendering/index.js";
import { createVolume } from "../../src/volume/index.js";

const image = (width: number, height: number, values: number[]): Image2D => ({ width, height, data: Float32Array.from(values), pixelSpacing: [1, 2] });
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);

test("hiddenErrorImage(input, reconstruction, mask) is (reconstruction − input)² on the hidden pixels and NaN on the visible ones, by hand", () => {
  // 3×2 pixels; the mask hides pixels 1, 2 and 4
  const input = image(3, 2, [0.25, 0.5, 0.75, 0.125, 1, 0]);
  const reconstruction = image(3, 2, [0.75, 0.25, 0.75, 1, 0.5, 1]);
  const mask = image(3, 2, [0, 1, 1, 0, 1, 0]);
  const e = hiddenErrorImage(input, reconstruction, mask);
  assert.deepEqual([e.width, e.height, e.pixelSpacing], [3, 2, [1, 2]]);
  // hidden: (0.25 − 0.5)² = 0.0625, (0.75 − 0.75)² = 0, (0.5 − 1)² = 0.25; the visible pixels' large errors are not shown
  assert.deepEqual([...e.data], [NaN, 0.0625, 0, NaN, 0.25, NaN]);
  assert.deepEqual([...e.scan], [0.25, 0.5, 0.75, 0.125, 1, 0], "the scan is kept for the visible pixels");
  assert.equal(e.hidden, 3);
  close(e.mean, (0.0625 + 0 + 0.25) / 3, "mean over the hidden pixels");
});

test("hiddenErrorImage of a view with nothing hidden is NaN everywhere, with mean NaN", () => {
  const e = hiddenErrorImage(image(2, 1, [0, 1]), image(2, 1, [1, 0]), image(2, 1, [0, 0]));
  assert.deepEqual([...e.data], [NaN, NaN]);
  assert.equal(e.hidden, 0);
  assert.ok(Number.isNaN(e.mean));
});

test("hiddenErrorImage of images that differ in size throws a RangeError naming both sizes", () => {
  assert.throws(
    () => hiddenErrorImage(image(2, 1, [0, 0]), image(1, 2, [0, 0]), image(2, 1, [0, 0])),
    /hiddenErrorImage: the reconstruction is 1×2, the input 2×1/,
  );
  assert.throws(() => hiddenErrorImage(image(2, 1, [0, 0]), image(2, 1, [0, 0]), image(3, 1, [0, 0, 0])), /hiddenErrorImage: the mask is 3×1, the input 2×1/);
});

test("hiddenErrorImage over every axial slice of reconstructVolume's result averages to its loss: the map counts the score's voxels and error", async () => {
  const card = parseModelCard({ stride: 4, tile: 16, normalisation: { percentiles: [0, 100] } });
  const v = createVolume(Float32Array, [12, 8, 10], [1, 1, 1]);
  for (let n = 0; n < v.data.length; n++) v.data[n] = (n * 37) % 101;
  // a reconstructor that answers a constant grey: the error is the input's distance to 0.4, hidden or not
  const r = await reconstructVolume(v, { card, runTile: async (x) => new Float32Array(x.length).fill(0.4), maskRatio: 0.5, maskPatch: 4, seed: 5 });
  assert.ok(r.visibleLoss > 0, "the visible voxels carry error too: the map must leave it out");
  let sum = 0;
  let hidden = 0;
  for (let z = 0; z < r.input.dims[2]; z++) {
    const e = hiddenErrorImage(sliceOf(r.input, 2, z), sliceOf(r.reconstruction, 2, z), sliceOf(r.mask, 2, z));
    const m = sliceOf(r.mask, 2, z);
    for (let i = 0; i < e.data.length; i++) {
      assert.equal(Number.isNaN(e.data[i]), m.data[i] === 0, `slice ${z}, pixel ${i}: NaN exactly where the decoder saw the voxel`);
      if (m.data[i]) sum += e.data[i];
    }
    hidden += e.hidden;
  }
  assert.equal(
    hidden,
    r.mask.data.reduce((a, b) => a + b, 0),
  );
  close(sum / hidden, r.loss, "mean of the map over the volume");
});

test("hiddenErrorRange(input, reconstruction, mask, q) is [0, the q quantile of the hidden squared errors, rounded up], by hand", () => {
  const input = [0, 0, 0, 0, 0];
  const reconstruction = [0.1, 0.2, 0.3, 0.4, 10];
  const mask = [1, 1, 1, 1, 0];
  // hidden errors 0.01, 0.04, 0.09, 0.16 (the visible error 100 is left out); q = 1: 0.16, rounded up on a step of 0.05
  assert.deepEqual(hiddenErrorRange(input, reconstruction, mask, 1), [0, 0.2]);
  // q = 0.5: the quantile 0.065 lies below the mean 0.075, which the scale must hold; rounded up on a step of 0.02
  assert.deepEqual(hiddenErrorRange(input, reconstruction, mask, 0.5), [0, 0.08]);
});

test("hiddenErrorRange with nothing hidden or no error is [0, 1]; arrays of other lengths or a bad q throw RangeErrors", () => {
  assert.deepEqual(hiddenErrorRange([0, 1], [1, 0], [0, 0]), [0, 1]);
  assert.deepEqual(hiddenErrorRange([0.5, 1], [0.5, 1], [1, 1]), [0, 1]);
  assert.throws(() => hiddenErrorRange([0, 1], [0], [0, 0]), /hiddenErrorRange: input 2, reconstruction 1 and mask 2 values/);
  assert.throws(() => hiddenErrorRange([0], [0], [1], 1.5), /hiddenErrorRange: q = 1.5/);
});
