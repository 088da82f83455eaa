import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { poissonDeviate, poissonNoise } from "../../src/imaging/index.js";
import { constantVolume, mean, std } from "./helpers.js";

test("poissonNoise(image, {photonsPerUnit, floor}, rng): counts have variance ≈ mean, exact path (λ < 12) and normal path", () => {
  for (const lambda of [0.3, 3, 7.77, 50, 400]) {
    const k = 10;
    const out = poissonNoise(constantVolume([40, 40, 40], lambda / k), { photonsPerUnit: k, floor: 0 }, createRng(lambda));
    const counts = Array.from(out.data, (x) => x * k);
    const m = mean(counts),
      v = std(counts) ** 2;
    assert.ok(Math.abs(m / lambda - 1) < 0.02, `λ ${lambda}: mean ${m}`);
    assert.ok(Math.abs(v / lambda - 1) < 0.04, `λ ${lambda}: variance ${v}`);
    assert.ok(
      counts.every((c) => Math.abs(c - Math.round(c)) < 1e-3 && c >= 0),
      "counts are non-negative integers",
    );
  }
});

test("poissonNoise(image, {photonsPerUnit, floor}, rng) at small λ gives the Poisson probabilities P(0) = e^−λ, P(1) = λe^−λ", () => {
  const lambda = 1.3;
  const out = poissonNoise(constantVolume([40, 40, 40], lambda), { photonsPerUnit: 1, floor: 0 }, createRng(4));
  const n = out.data.length;
  const p0 = out.data.filter((x) => x === 0).length / n,
    p1 = out.data.filter((x) => x === 1).length / n;
  assert.ok(Math.abs(p0 - Math.exp(-lambda)) < 0.005, `P(0) ${p0}`);
  assert.ok(Math.abs(p1 - lambda * Math.exp(-lambda)) < 0.005, `P(1) ${p1}`);
});

test("poissonNoise(image, {photonsPerUnit, floor}, rng) counts above the floor and leaves the floor and below at the floor", () => {
  const img = constantVolume([16, 16, 16], -1024);
  img.data[0] = -2000;
  const out = poissonNoise(img, { photonsPerUnit: 5, floor: -1024 }, createRng(1));
  assert.ok(out.data.every((x) => x === -1024));
  const hu = poissonNoise(constantVolume([32, 32, 32], 40), { photonsPerUnit: 2, floor: -1024 }, createRng(2));
  // Variance in HU: (in − floor) / photonsPerUnit.
  assert.ok(Math.abs(std(hu.data) / Math.sqrt(1064 / 2) - 1) < 0.03);
});

test("poissonDeviate(lambda, rng) has mean ≈ variance ≈ lambda and is 0 for lambda 0", () => {
  const rng = createRng(3);
  for (const lambda of [2.5, 30]) {
    const xs = Array.from({ length: 40000 }, () => poissonDeviate(lambda, rng));
    assert.ok(Math.abs(mean(xs) / lambda - 1) < 0.02);
    assert.ok(Math.abs(std(xs) ** 2 / lambda - 1) < 0.05);
  }
  assert.equal(poissonDeviate(0, rng), 0);
});

test("poissonNoise(image, {photonsPerUnit, floor}, rng) refuses a negative photon count", () => {
  assert.throws(() => poissonNoise(constantVolume([2, 2, 2], 1), { photonsPerUnit: -1, floor: 0 }, createRng(1)), /photonsPerUnit = -1/);
});
