import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { ricianNoise } from "../../src/imaging/index.js";
import { constantVolume, mean, std } from "./helpers.js";

test("ricianNoise(image, {sigma, floor}, rng) on a zero background is Rayleigh: mean sigma·√(π/2), all ≥ 0", () => {
  const sigma = 0.05;
  const out = ricianNoise(constantVolume([48, 48, 48], 0), { sigma, floor: 0 }, createRng(1));
  const expected = sigma * Math.sqrt(Math.PI / 2);
  assert.ok(Math.abs(mean(out.data) / expected - 1) < 0.01, `mean ${mean(out.data)} vs ${expected}`);
  // Rayleigh standard deviation: sigma·√(2 − π/2).
  assert.ok(Math.abs(std(out.data) / (sigma * Math.sqrt(2 - Math.PI / 2)) - 1) < 0.02);
  assert.ok(out.data.every((x) => x >= 0));
});

test("ricianNoise(image, {sigma, floor}, rng) on a strong signal A is nearly Gaussian: mean ≈ √(A² + σ²), std ≈ σ", () => {
  const A = 1,
    sigma = 0.05;
  const out = ricianNoise(constantVolume([40, 40, 40], A), { sigma, floor: 0 }, createRng(2));
  assert.ok(Math.abs(mean(out.data) - Math.sqrt(A * A + sigma * sigma)) < 2e-3);
  assert.ok(Math.abs(std(out.data) / sigma - 1) < 0.02);
});

test("ricianNoise(image, {sigma, floor}, rng) works above the floor: a volume at the floor gets floor + Rayleigh", () => {
  const out = ricianNoise(constantVolume([32, 32, 32], -1024), { sigma: 10, floor: -1024 }, createRng(3));
  assert.ok(Math.abs(mean(out.data) + 1024 - 10 * Math.sqrt(Math.PI / 2)) < 0.3);
  assert.ok(out.data.every((x) => x >= -1024));
});

test("ricianNoise(image, {sigma, floor}, rng) is reproducible from the seed and refuses a negative sigma", () => {
  const img = constantVolume([16, 16, 16], 0.2);
  assert.deepEqual(ricianNoise(img, { sigma: 0.1, floor: 0 }, createRng(9)).data, ricianNoise(img, { sigma: 0.1, floor: 0 }, createRng(9)).data);
  assert.throws(() => ricianNoise(img, { sigma: -0.1, floor: 0 }, createRng(9)), /sigma = -0.1/);
});
