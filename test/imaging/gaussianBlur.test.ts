import { test } from "node:test";
import assert from "node:assert/strict";
import { gaussianBlur, gaussianKernel, MAX_SIGMA } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { constantVolume, deltaVolume } from "./helpers.js";

/** Sum, centroid and second central moment per axis. */
function moments(v: { data: Float32Array; dims: Vec3 }): { sum: number; mu: Vec3; m2: Vec3 } {
  const [nx, ny, nz] = v.dims;
  let s = 0;
  const m1: Vec3 = [0, 0, 0],
    q: Vec3 = [0, 0, 0];
  for (let k = 0, i = 0; k < nz; k++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const w = v.data[i];
        s += w;
        m1[0] += w * x;
        m1[1] += w * y;
        m1[2] += w * k;
        q[0] += w * x * x;
        q[1] += w * y * y;
        q[2] += w * k * k;
      }
  const mu = m1.map((m) => m / s) as Vec3;
  return { sum: s, mu, m2: [0, 1, 2].map((a) => q[a] / s - mu[a] ** 2) as Vec3 };
}

test("gaussianBlur(image, {sigma}) of a delta has second moment ≈ sigma² per axis, unit mass and an unmoved centre", () => {
  for (const sigma of [
    [0.3, 0.7, 1.5],
    [1, 1, 2.5],
    [0, 0.5, 4],
  ] as Vec3[]) {
    const out = gaussianBlur(deltaVolume([33, 33, 41], [16, 16, 20]), { sigma });
    const { sum, mu, m2 } = moments(out);
    assert.ok(Math.abs(sum - 1) < 1e-5, `sum ${sum}`);
    for (let a = 0; a < 3; a++) {
      assert.ok(Math.abs(mu[a] - [16, 16, 20][a]) < 1e-4);
      assert.ok(Math.abs(m2[a] - sigma[a] ** 2) < 1e-3 + 1e-3 * sigma[a] ** 2, `axis ${a}: second moment ${m2[a]} for sigma ${sigma[a]}`);
    }
  }
});

test("gaussianBlur(image, {sigma}) keeps a constant volume constant (edges repeat the border)", () => {
  const out = gaussianBlur(constantVolume([12, 9, 7], 3.5), { sigma: [1, 2, 3] });
  assert.ok(out.data.every((x) => Math.abs(x - 3.5) < 1e-5));
});

test("gaussianBlur(image, {sigma}) with sigma 0 on every axis returns the same values", () => {
  const img = deltaVolume([5, 5, 5], [2, 2, 2]);
  assert.deepEqual(gaussianBlur(img, { sigma: [0, 0, 0] }).data, img.data);
});

test("gaussianKernel(sigma) is symmetric, sums to 1, peaks at the centre and is non-negative", () => {
  for (const s of [0.2, 0.8, 2, MAX_SIGMA]) {
    const k = gaussianKernel(s);
    const r = (k.length - 1) / 2;
    assert.ok(Math.abs(k.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    for (let i = 0; i <= r; i++) assert.ok(Math.abs(k[r + i] - k[r - i]) < 1e-15);
    assert.ok(k.every((w) => w >= 0 && w <= k[r]));
  }
});

test("gaussianBlur(image, {sigma}) refuses a negative sigma or one above MAX_SIGMA with a RangeError naming the axis", () => {
  const img = constantVolume([4, 4, 4], 0);
  assert.throws(() => gaussianBlur(img, { sigma: [0, -1, 0] }), /blur\.sigma\[1\] = -1/);
  assert.throws(() => gaussianBlur(img, { sigma: [0, 0, MAX_SIGMA + 1] }), /blur\.sigma\[2\]/);
});
