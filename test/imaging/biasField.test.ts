import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { biasField, biasFieldValues, biasTerms } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { constantVolume } from "./helpers.js";

function randomBias(seed: number, order: number, strength: number) {
  const r = createRng(seed);
  return { strength, coefficients: biasTerms(order).map(() => r.uniform(-1, 1)) };
}

test("biasFieldValues(dims, params) lies within [e^−strength, e^strength] and comes close to one of the bounds", () => {
  for (const [seed, order, strength] of [
    [1, 1, 0.3],
    [2, 2, 0.5],
    [3, 3, 0.2],
  ]) {
    const b = biasFieldValues([40, 36, 32], randomBias(seed, order, strength));
    let lo = Infinity,
      hi = -Infinity;
    for (const x of b) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    assert.ok(lo >= Math.exp(-strength) - 1e-6 && hi <= Math.exp(strength) + 1e-6, `[${lo}, ${hi}]`);
    assert.ok(Math.max(Math.abs(Math.log(hi)), Math.abs(Math.log(lo))) > strength * 0.8, `[${lo}, ${hi}] uses most of the range`);
  }
});

test("biasFieldValues(dims, params) is smooth: gradient within Markov's bound for its degree, second differences ≪ gradient", () => {
  const dims: Vec3 = [48, 48, 48];
  const strength = 0.5,
    order = 3;
  const b = biasFieldValues(dims, randomBias(7, order, strength));
  const idx = (i: number, j: number, k: number) => i + 48 * (j + 48 * k);
  let maxD1 = 0,
    maxD2 = 0;
  for (let k = 1; k < 47; k++)
    for (let j = 1; j < 47; j++)
      for (let i = 1; i < 47; i++) {
        for (const [dx, dy, dz] of [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ]) {
          const c = b[idx(i, j, k)],
            p = b[idx(i + dx, j + dy, k + dz)],
            m = b[idx(i - dx, j - dy, k - dz)];
          maxD1 = Math.max(maxD1, Math.abs(p - m) / 2);
          maxD2 = Math.max(maxD2, Math.abs(p - 2 * c + m));
        }
      }
  // |d log b / dt| ≤ strength · order² on t ∈ [−1, 1] (Markov), and t moves 2 / 47 per voxel.
  const bound = Math.exp(strength) * strength * order ** 2 * (2 / 47);
  assert.ok(maxD1 < bound, `largest gradient ${maxD1} per voxel, bound ${bound}`);
  assert.ok(maxD1 > 0.005, "not flat");
  assert.ok(maxD2 < maxD1 / 5, `largest second difference ${maxD2} vs gradient ${maxD1}`);
});

test("biasField(image, {strength, coefficients, floor}) multiplies the signal above the floor; strength 0 changes nothing", () => {
  const p = randomBias(4, 2, 0.4);
  const img = constantVolume([20, 20, 20], 40);
  const out = biasField(img, { ...p, floor: -1024 });
  const b = biasFieldValues([20, 20, 20], p);
  for (let v = 0; v < b.length; v += 97) assert.ok(Math.abs(out.data[v] - (-1024 + b[v] * 1064)) < 1e-2);
  assert.deepEqual(biasField(img, { ...p, strength: 0, floor: 0 }).data, img.data);
});

test("biasTerms(order) lists 3, 9 and 19 non-constant terms of total degree ≤ order", () => {
  assert.deepEqual(
    [1, 2, 3].map((o) => biasTerms(o).length),
    [3, 9, 19],
  );
  assert.ok(biasTerms(3).every(([a, b, c]) => a + b + c >= 1 && a + b + c <= 3));
});

test("biasField(image, params) refuses a coefficient list of the wrong length and a negative strength", () => {
  const img = constantVolume([4, 4, 4], 1);
  assert.throws(() => biasField(img, { strength: 0.1, coefficients: [1, 2], floor: 0 }), /coefficients has 2/);
  assert.throws(() => biasField(img, { strength: -0.1, coefficients: [1, 0, 0], floor: 0 }), /bias\.strength = -0.1/);
});
