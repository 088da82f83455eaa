import { test } from "node:test";
import assert from "node:assert/strict";
import { GIBBS_LOBES, acquisitionSteps, gibbsKernel, gibbsOperator, gibbsRinging } from "../../src/imaging/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { constantVolume } from "./helpers.js";

/** A step along x: 0 for i < n/2, 1 from there (same in every row). */
function step(dims: Vec3) {
  const v = createVolume(Float32Array, dims);
  for (let i = 0; i < v.data.length; i++) v.data[i] = i % dims[0] >= dims[0] / 2 ? 1 : 0;
  return v;
}

test("gibbsKernel(cutoff, lobes) is the sinc of the kept band, truncated after `lobes` lobes, symmetric and summing to 1", () => {
  for (const c of [0.3, 0.5, 0.85]) {
    const k = gibbsKernel(c);
    const R = (k.length - 1) / 2;
    assert.equal(R, Math.ceil(GIBBS_LOBES / c));
    assert.ok(Math.abs(k.reduce((s, w) => s + w, 0) - 1) < 1e-12);
    for (let t = 1; t <= R; t++) assert.equal(k[R + t], k[R - t]);
    // Proportional to sin(π c t) / (π t): zero crossings every 1/c voxels, centre c.
    const norm = k[R] / c;
    for (const t of [1, 2, 3]) assert.ok(Math.abs(k[R + t] - (norm * Math.sin(Math.PI * c * t)) / (Math.PI * t)) < 1e-12);
  }
  assert.deepEqual(Array.from(gibbsKernel(1)), [1]);
  assert.equal(gibbsOperator(16, 1), null);
});

test("gibbsKernel(cutoff, lobes): a step edge through a long truncated sinc overshoots by Gibbs' 9 % of the jump", () => {
  for (const [c, lobes] of [
    [0.1, 40],
    [0.2, 40],
  ]) {
    const k = gibbsKernel(c, lobes);
    // The filtered unit step is the running sum of the kernel.
    let sum = 0,
      max = 0;
    for (const w of k) {
      sum += w;
      max = Math.max(max, sum);
    }
    assert.ok(Math.abs(max - 1 - 0.0895) < 0.006, `cutoff ${c}: overshoot ${(max - 1).toFixed(4)}`);
  }
});

test("gibbsRinging(image, {cutoff, axes}) rings at a step along x only: overshoot and undershoot 2/cutoff voxels apart, flat far away", () => {
  const dims: Vec3 = [64, 3, 2];
  const img = step(dims);
  const out = gibbsRinging(img, { cutoff: 0.4, axes: [0] });
  const row = Array.from(out.data.subarray(0, 64));
  const hi = Math.max(...row),
    lo = Math.min(...row);
  assert.ok(hi - 1 > 0.05 && hi - 1 < 0.15, `overshoot ${hi - 1}`);
  assert.ok(-lo > 0.05 && -lo < 0.15, `undershoot ${-lo}`);
  // The first lobes peak about 1/c voxels from the edge on each side (Si(π c x) is largest at x = 1/c).
  const peak = row.indexOf(hi),
    dip = row.indexOf(lo);
  assert.ok(Math.abs(peak - dip - 2 / 0.4) <= 1, `peak at ${peak}, dip at ${dip}`);
  assert.ok(Math.abs(row[2]) < 1e-6 && Math.abs(row[61] - 1) < 1e-6, "flat far from the edge");
  for (let v = 0; v < out.data.length; v++) assert.equal(out.data[v], out.data[v % 64], "every row the same");
  // Axes not listed are left alone: the same step along x is unchanged by ringing along y and z.
  assert.deepEqual(gibbsRinging(img, { cutoff: 0.4, axes: [1, 2] }).data, img.data);
});

test("gibbsRinging(image, params) keeps a flat image flat and cutoff 1 changes nothing", () => {
  const flat = constantVolume([12, 10, 9], 0.7);
  const out = gibbsRinging(flat, { cutoff: 0.5, axes: [0, 1, 2] });
  for (const x of out.data) assert.ok(Math.abs(x - 0.7) < 1e-6);
  const img = step([16, 4, 4]);
  assert.deepEqual(gibbsRinging(img, { cutoff: 1, axes: [0, 1, 2] }).data, img.data);
});

test("acquisitionSteps(dims, params, gibbs) rings on the acquired grid: after the box average of coarse slices, before the interpolation back", () => {
  const none = {
    motion: { kind: "none" as const, axis: 0 as const, ghosts: [], length: 1 },
    blur: { sigma: [0, 0, 0] as Vec3 },
    resolution: { factor: [1, 1, 2] as Vec3 },
  };
  const plain = acquisitionSteps([16, 16, 32], none);
  const rung = acquisitionSteps([16, 16, 32], none, { cutoff: 0.5, axes: [0, 2] });
  assert.equal(plain.length, 2, "down and up along z");
  // z: the box average 32 → 16, the ringing on those 16 acquired slices (kept apart: composing
  // would cost more taps), then x; the interpolation back along z last.
  assert.deepEqual(
    rung.map((s) => [s.axis, s.op.nIn, s.op.nOut]),
    [
      [2, 32, 16],
      [2, 16, 16],
      [0, 16, 16],
      [2, 16, 32],
    ],
  );
  assert.equal(acquisitionSteps([16, 16, 32], none, { cutoff: 1, axes: [0, 1, 2] }).length, 2);
  assert.equal(
    acquisitionSteps([16, 16, 32], { ...none, gibbs: { cutoff: 0.5, axes: [0, 1, 2] } } as typeof none).length,
    2,
    "only when given apart (visibleLabel's reader does not trace ringing)",
  );
});

test("gibbsRinging(image, params) refuses a cutoff of 0 or above 1 and a repeated or unknown axis, naming the field", () => {
  const img = constantVolume([4, 4, 4], 0);
  assert.throws(() => gibbsRinging(img, { cutoff: 0, axes: [0] }), /gibbs\.cutoff = 0/);
  assert.throws(() => gibbsRinging(img, { cutoff: 1.2, axes: [0] }), /gibbs\.cutoff = 1\.2/);
  assert.throws(() => gibbsRinging(img, { cutoff: 0.5, axes: [0, 0] }), /gibbs\.axes/);
  assert.throws(() => gibbsRinging(img, { cutoff: 0.5, axes: [3 as never] }), /gibbs\.axes\[0\] = 3/);
});
