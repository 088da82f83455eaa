import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { inverseNormalCdf, normalDeviate } from "../../src/imaging/index.js";

test("normalDeviate(rng) has mean 0, variance 1, no skew, normal kurtosis and normal quantiles", () => {
  const rng = createRng(11);
  const n = 400_000;
  const xs = new Float64Array(n);
  let s = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0;
  for (let i = 0; i < n; i++) {
    const x = normalDeviate(rng);
    xs[i] = x;
    s += x;
    s2 += x * x;
    s3 += x ** 3;
    s4 += x ** 4;
  }
  assert.ok(Math.abs(s / n) < 0.005);
  assert.ok(Math.abs(s2 / n - 1) < 0.01);
  assert.ok(Math.abs(s3 / n) < 0.02);
  assert.ok(Math.abs(s4 / n - 3) < 0.06, `kurtosis ${s4 / n}`);
  xs.sort();
  for (const p of [0.01, 0.1, 0.5, 0.9, 0.99]) assert.ok(Math.abs(xs[Math.floor(p * n)] - inverseNormalCdf(p)) < 0.02, `quantile ${p}`);
});

test("inverseNormalCdf(p) gives the known quantiles and refuses p outside (0, 1)", () => {
  assert.ok(Math.abs(inverseNormalCdf(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(inverseNormalCdf(0.5)) < 1e-12);
  assert.ok(Math.abs(inverseNormalCdf(1e-6) + 4.753424) < 1e-5);
  assert.throws(() => inverseNormalCdf(1), /p = 1/);
});
