import { test } from "node:test";
import assert from "node:assert/strict";
import { HIDDEN_ERROR_GREY, hiddenErrorColor, hiddenErrorPixels, type HiddenErrorImage } from "../../src/rendering/index.js";

// viridis' published ends: #440154 (0) and #fde725 (1)
const VIRIDIS_LOW = [68, 1, 84];
const VIRIDIS_HIGH = [253, 231, 37];

function errorImage(width: number, height: number, errors: number[], scan: number[]): HiddenErrorImage {
  const data = Float32Array.from(errors);
  const hidden = errors.filter((e) => !Number.isNaN(e)).length;
  return { width, height, pixelSpacing: [1, 1], data, scan: Float32Array.from(scan), hidden, mean: NaN };
}
const pixel = (rgba: Uint8ClampedArray, n: number) => [...rgba.subarray(4 * n, 4 * n + 4)];

test("hiddenErrorColor(t) runs viridis from its purple at 0 to its yellow at 1, clamped outside", () => {
  assert.deepEqual(hiddenErrorColor(0), VIRIDIS_LOW);
  assert.deepEqual(hiddenErrorColor(1), VIRIDIS_HIGH);
  assert.deepEqual(hiddenErrorColor(-3), VIRIDIS_LOW);
  assert.deepEqual(hiddenErrorColor(7), VIRIDIS_HIGH);
  assert.deepEqual(hiddenErrorColor(NaN), VIRIDIS_LOW);
});

test("hiddenErrorPixels(image, {range}) paints visible pixels in grey from the scan and hidden ones in the error's colour, by hand", () => {
  // four pixels: visible (scan 0.5), visible (scan 2: above the window), hidden with error 0, hidden with error 0.3 > top 0.2
  const rgba = hiddenErrorPixels(errorImage(4, 1, [NaN, NaN, 0, 0.3], [0.5, 2, 0.9, 0.9]), { range: [0, 0.2] });
  assert.equal(rgba.length, 16);
  const g = Math.round(HIDDEN_ERROR_GREY / 2);
  assert.deepEqual(pixel(rgba, 0), [g, g, g, 255], "half the window: half the brightest grey");
  assert.deepEqual(pixel(rgba, 1), [HIDDEN_ERROR_GREY, HIDDEN_ERROR_GREY, HIDDEN_ERROR_GREY, 255], "greys stop below white");
  assert.deepEqual(pixel(rgba, 2), [...VIRIDIS_LOW, 255], "a hidden voxel without error is still coloured, not grey");
  assert.deepEqual(pixel(rgba, 3), [...VIRIDIS_HIGH, 255], "above the range: the top colour");
});

test("hiddenErrorPixels(image, {scale: 3}) draws 3×3 pixels a voxel and outlines a hidden voxel on its sides that touch visible ones", () => {
  // 2×1 voxels: left visible (scan 0), right hidden (error 0)
  const rgba = hiddenErrorPixels(errorImage(2, 1, [NaN, 0], [0, 0]), { range: [0, 1], scale: 3 });
  assert.equal(rgba.length, 6 * 3 * 4);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 6; col++) {
      const p = pixel(rgba, row * 6 + col);
      // only the hidden voxel's left column borders a visible voxel; the image's border is not outlined
      const expected = col < 3 ? [0, 0, 0, 255] : col === 3 ? [255, 255, 255, 255] : [...VIRIDIS_LOW, 255];
      assert.deepEqual(p, expected, `row ${row}, column ${col}`);
    }
  }
});

test("hiddenErrorPixels at scale 2 draws no outline (it would hide half of each voxel's error)", () => {
  const rgba = hiddenErrorPixels(errorImage(2, 1, [NaN, 1], [0, 0]), { range: [0, 1], scale: 2 });
  for (const n of [2, 3, 6, 7]) assert.deepEqual(pixel(rgba, n), [...VIRIDIS_HIGH, 255]);
});

test("hiddenErrorPixels with a scale that is not a positive whole number, or an empty range, throws a RangeError naming it", () => {
  const img = errorImage(1, 1, [0], [0]);
  assert.throws(() => hiddenErrorPixels(img, { range: [0, 1], scale: 1.5 }), /hiddenErrorPixels: scale = 1.5/);
  assert.throws(() => hiddenErrorPixels(img, { range: [0, 1], scale: 0 }), /hiddenErrorPixels: scale = 0/);
  assert.throws(() => hiddenErrorPixels(img, { range: [0.2, 0.2] }), /hiddenErrorPixels: range = \[0.2, 0.2\]/);
});
