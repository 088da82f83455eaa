import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { gaussianNoise } from "../../src/imaging/index.js";
import { constantVolume, mean, std } from "./helpers.js";

test("gaussianNoise(image, {sigma}, rng) on a constant volume has standard deviation ≈ sigma and keeps the mean", () => {
  for (const sigma of [0.05, 3, 20]) {
    const img = constantVolume([48, 48, 48], 10);
    const out = gaussianNoise(img, { sigma }, createRng(1));
    assert.ok(Math.abs(std(out.data) / sigma - 1) < 0.01, `std ${std(out.data)} for sigma ${sigma}`);
    assert.ok(Math.abs(mean(out.data) - 10) < 0.01 * sigma + 1e-6, `mean ${mean(out.data)}`);
  }
});

test("gaussianNoise(image, {sigma}, rng) leaves its input alone unless out is the input, and sigma 0 changes nothing", () => {
  const img = constantVolume([8, 8, 8], 1);
  const out = gaussianNoise(img, { sigma: 1 }, createRng(2));
  assert.ok(img.data.every((x) => x === 1));
  assert.notDeepEqual(out.data, img.data);
  gaussianNoise(img, { sigma: 1 }, createRng(2), img);
  assert.deepEqual(img.data, out.data);
  assert.ok(gaussianNoise(out, { sigma: 0 }, createRng(3)).data.every((x, i) => x === out.data[i]));
});

test("gaussianNoise(image, {sigma}, rng) is the same for the same seed, different for another, and has no lag-1 correlation", () => {
  const img = constantVolume([32, 32, 32], 0);
  const a = gaussianNoise(img, { sigma: 1 }, createRng(5)).data;
  assert.deepEqual(a, gaussianNoise(img, { sigma: 1 }, createRng(5)).data);
  assert.notDeepEqual(a, gaussianNoise(img, { sigma: 1 }, createRng(6)).data);
  let c = 0;
  for (let i = 1; i < a.length; i++) c += a[i] * a[i - 1];
  assert.ok(Math.abs(c / a.length) < 0.01, `lag-1 correlation ${c / a.length}`);
});

test("gaussianNoise(image, {sigma}, rng) refuses a negative or NaN sigma with a RangeError naming it", () => {
  const img = constantVolume([4, 4, 4], 0);
  assert.throws(() => gaussianNoise(img, { sigma: -1 }, createRng(1)), /sigma = -1/);
  assert.throws(() => gaussianNoise(img, { sigma: NaN }, createRng(1)), RangeError);
});
