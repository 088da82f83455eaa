import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { histogramControlPoints, histogramKernel, histogramShift, runKernels } from "../../src/imaging/index.js";
import { createVolume, type Volume } from "../../src/volume/index.js";

/** A volume holding the given values along x. */
function ramp(values: number[]): Volume<Float32Array> {
  const v = createVolume(Float32Array, [values.length, 1, 1]);
  v.data.set(values);
  return v;
}

test("histogramShift(image, {strength: 1, low, high, points}) maps the range endpoints to themselves and each control point where it says", () => {
  const points = [0, 0.1, 0.5, 0.55, 1];
  const low = -2,
    high = 6,
    span = 8;
  const xs = [low, ...points.slice(1, -1).map((_, k) => low + ((k + 1) / 4) * span), high];
  const out = histogramShift(ramp(xs), { strength: 1, low, high, points });
  assert.deepEqual(
    Array.from(out.data),
    xs.map((_, k) => Math.fround(low + span * points[k])),
  );
  // Between control points: linear.
  const mid = histogramShift(ramp([low + span / 8]), { strength: 1, low, high, points }).data[0];
  assert.ok(Math.abs(mid - (low + span * 0.05)) < 1e-6, `${mid}`);
});

test("histogramShift(image, params) keeps intensities outside [low, high] and is the identity at strength 0 or with no control points", () => {
  const img = ramp([-5, -2.0001, 6.0001, 100, Number.NaN]);
  const out = histogramShift(img, { strength: 1, low: -2, high: 6, points: [0, 0.9, 1] });
  assert.deepEqual(Array.from(out.data).slice(0, 4), Array.from(img.data).slice(0, 4));
  assert.ok(Number.isNaN(out.data[4]));
  const inside = ramp([0, 1, 2, 3]);
  assert.deepEqual(histogramShift(inside, { strength: 0, low: -2, high: 6, points: [0, 0.9, 1] }).data, inside.data);
  assert.deepEqual(histogramShift(inside, { strength: 1, low: -2, high: 6, points: [] }).data, inside.data);
  assert.equal(histogramKernel({ strength: 0, low: 0, high: 1, points: [0, 0.3, 1] }), null);
});

test("histogramShift(image, params) is monotone for random control points and any strength in [0, 1]; strength ½ goes halfway", () => {
  const xs = Array.from({ length: 2001 }, (_, i) => -0.1 + (1.3 * i) / 2000);
  for (let seed = 0; seed < 20; seed++) {
    const r = createRng(seed);
    const points = histogramControlPoints(r.int(2, 25), r);
    for (const strength of [0.3, 1]) {
      const out = histogramShift(ramp(xs), { strength, low: 0, high: 1.1, points }).data;
      for (let i = 1; i < out.length; i++) assert.ok(out[i] >= out[i - 1], `seed ${seed}, strength ${strength}: ${out[i - 1]} then ${out[i]}`);
    }
    const full = histogramShift(ramp(xs), { strength: 1, low: 0, high: 1.1, points }).data;
    const half = histogramShift(ramp(xs), { strength: 0.5, low: 0, high: 1.1, points }).data;
    for (let i = 0; i < xs.length; i += 50) assert.ok(Math.abs(half[i] - (Math.fround(xs[i]) + full[i]) / 2) < 1e-6);
  }
});

test("histogramControlPoints(n, rng) starts at 0, ends at 1, never decreases, and moves each point at most to its neighbours' places", () => {
  for (let seed = 0; seed < 30; seed++) {
    const n = 2 + (seed % 20);
    const y = histogramControlPoints(n, createRng(seed));
    assert.equal(y.length, n);
    assert.equal(y[0], 0);
    assert.equal(y[n - 1], 1);
    for (let k = 1; k < n; k++) assert.ok(y[k] >= y[k - 1]);
    for (let k = 1; k < n - 1; k++) assert.ok(y[k] <= (k + 1) / (n - 1) + 1e-12);
  }
  assert.deepEqual(histogramControlPoints(6, createRng(3)), histogramControlPoints(6, createRng(3)));
  assert.throws(() => histogramControlPoints(1, createRng(1)), /n = 1/);
});

test("histogramKernel(params) run in chunks gives the bytes of histogramShift", () => {
  const img = createVolume(Float32Array, [20, 10, 5]);
  const r = createRng(8);
  for (let v = 0; v < img.data.length; v++) img.data[v] = r.uniform(-0.2, 1.4);
  const params = { strength: 0.8, low: 0, high: 1.2, points: histogramControlPoints(12, r) };
  const chunked = img.data.slice();
  runKernels(chunked, [histogramKernel(params)], 77);
  assert.deepEqual(chunked, histogramShift(img, params).data);
});

test("histogramShift(image, params) refuses points that do not start at 0 and end at 1, decrease, or a range with high ≤ low, naming the field", () => {
  const img = ramp([0.5]);
  assert.throws(() => histogramShift(img, { strength: 1, low: 0, high: 1, points: [0.1, 1] }), /histogram\.points = \[0\.1, …, 1\]/);
  assert.throws(() => histogramShift(img, { strength: 1, low: 0, high: 1, points: [0, 0.6, 0.4, 1] }), /histogram\.points\[2\] = 0\.4/);
  assert.throws(() => histogramShift(img, { strength: 1, low: 1, high: 1, points: [0, 1] }), /histogram\.high = 1/);
  assert.throws(() => histogramShift(img, { strength: 2, low: 0, high: 1, points: [0, 1] }), /histogram\.strength = 2/);
  assert.throws(() => histogramShift(img, { strength: 1, low: 0, high: 1, points: [0] }), /histogram\.points has 1 values/);
});
