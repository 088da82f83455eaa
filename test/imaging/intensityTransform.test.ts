import { test } from "node:test";
import assert from "node:assert/strict";
import { intensityTransform } from "../../src/imaging/index.js";
import { createVolume } from "../../src/volume/index.js";

function ramp(n: number, lo: number, hi: number) {
  const v = createVolume(Float32Array, [n, 1, 1]);
  for (let i = 0; i < n; i++) v.data[i] = lo + ((hi - lo) * i) / (n - 1);
  return v;
}

test("intensityTransform(image, {gamma, gain, offset, reference, floor}) is monotone non-decreasing for any gamma and gain > 0", () => {
  const img = ramp(5000, -0.2, 6);
  for (const gamma of [0.5, 0.7, 1, 1.4, 2.5]) {
    for (const gain of [0.8, 1.25]) {
      const out = intensityTransform(img, { gamma, gain, offset: 0.01, reference: 1, floor: 0, pivot: 0 });
      for (let i = 1; i < out.data.length; i++) assert.ok(out.data[i] >= out.data[i - 1], `gamma ${gamma}: ${out.data[i - 1]} > ${out.data[i]} at ${i}`);
    }
  }
});

test("intensityTransform(image, params) follows pivot + offset + gain·(floor + ref·((x − floor)/ref)^gamma − pivot), also beyond its table", () => {
  const img = ramp(101, -1024, 6000);
  const p = { gamma: 0.8, gain: 1.1, offset: 5, reference: 1324, floor: -1024, pivot: 40 };
  const out = intensityTransform(img, p);
  for (let i = 0; i < 101; i++) {
    const x = img.data[i] - p.floor;
    const g = p.floor + p.reference * Math.pow(Math.max(x, 0) / p.reference, p.gamma);
    const expected = Math.max(p.floor, p.pivot + p.offset + p.gain * (g - p.pivot));
    assert.ok(Math.abs(out.data[i] - expected) < 1e-3 * Math.abs(expected) + 0.05, `${out.data[i]} vs ${expected}`);
  }
});

test("intensityTransform(image, params) with gamma 1, gain 1, offset 0 is the identity above the floor and clips below it", () => {
  const img = ramp(50, -1, 3);
  const out = intensityTransform(img, { gamma: 1, gain: 1, offset: 0, reference: 1, floor: 0, pivot: 0 });
  for (let i = 0; i < 50; i++) assert.equal(out.data[i], Math.max(0, img.data[i]));
  // gamma keeps the reference fixed.
  const ref = ramp(2, 0, 2);
  assert.ok(Math.abs(intensityTransform(ref, { gamma: 1.7, gain: 1, offset: 0, reference: 2, floor: 0, pivot: 0 }).data[1] - 2) < 1e-5);
});

test("intensityTransform(image, params) keeps the pivot where gamma is 1 and offset 0 (CT tissue stays at its HU)", () => {
  const img = ramp(3, -1024, 40);
  img.data[1] = 40;
  const out = intensityTransform(img, { gamma: 1, gain: 1.2, offset: 0, reference: 1324, floor: -1024, pivot: 40 });
  assert.ok(Math.abs(out.data[1] - 40) < 1e-3);
  assert.equal(out.data[0], -1024, "air stretched below the floor is clipped to it");
});

test("intensityTransform(image, params) with gamma > 1 lowers mid-tones and gamma < 1 raises them", () => {
  const img = ramp(3, 0, 1);
  assert.ok(intensityTransform(img, { gamma: 2, gain: 1, offset: 0, reference: 1, floor: 0, pivot: 0 }).data[1] < 0.5);
  assert.ok(intensityTransform(img, { gamma: 0.5, gain: 1, offset: 0, reference: 1, floor: 0, pivot: 0 }).data[1] > 0.5);
});

test("intensityTransform(image, params) refuses a non-positive gamma or gain", () => {
  const img = ramp(3, 0, 1);
  assert.throws(() => intensityTransform(img, { gamma: 0, gain: 1, offset: 0, reference: 1, floor: 0, pivot: 0 }), /intensity\.gamma = 0/);
  assert.throws(() => intensityTransform(img, { gamma: 1, gain: -1, offset: 0, reference: 1, floor: 0, pivot: 0 }), /intensity\.gain = -1/);
});
