import { test } from "node:test";
import assert from "node:assert/strict";
import { convolveAxis, gaussianKernel, reflectIndex, smoothVolume } from "../../src/vesselness/index.js";

test("gaussianKernel(σ) sums to 1, has variance σ² and scipy's radius round(4σ)", () => {
  for (const sigma of [0.7, 1.5, 3.2]) {
    const { taps, radius } = gaussianKernel(sigma);
    assert.equal(radius, Math.round(4 * sigma));
    let sum = taps[0],
      second = 0;
    for (let r = 1; r <= radius; r++) {
      sum += 2 * taps[r];
      second += 2 * r * r * taps[r];
    }
    assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
    // a sampled Gaussian's variance is σ² up to the sampling error, which is tiny from σ ≈ 1 on
    assert.ok(Math.abs(second - sigma * sigma) < (sigma < 1 ? 0.02 : 1e-3 * sigma * sigma), `variance ${second} for σ ${sigma}`);
  }
  assert.throws(() => gaussianKernel(0), /sigma = 0/);
  assert.throws(() => gaussianKernel(NaN), /positive/);
});

test("reflectIndex(i, n) mirrors as scipy's mode 'reflect' (d c b a | a b c d | d c b a)", () => {
  const n = 4;
  const expected: Record<number, number> = { [-8]: 0, [-6]: 2, [-5]: 3, [-4]: 3, [-3]: 2, [-2]: 1, [-1]: 0, 0: 0, 3: 3, 4: 3, 5: 2, 7: 0, 8: 0, 11: 3 };
  for (const [i, want] of Object.entries(expected)) assert.equal(reflectIndex(Number(i), n), want, `i = ${i}`);
  assert.equal(reflectIndex(-1, 1), 0);
  assert.equal(reflectIndex(5, 1), 0);
});

/** The convolution written out directly: Σ_r taps(|r|) · src[reflect(i − r)] along one axis. */
function direct(src: Float32Array, dims: [number, number, number], axis: 0 | 1 | 2, taps: Float64Array): Float64Array {
  const out = new Float64Array(src.length);
  const R = taps.length - 1;
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        const p = [x, y, z];
        let acc = 0;
        for (let r = -R; r <= R; r++) {
          const q = [...p];
          q[axis] = reflectIndex(p[axis] - r, dims[axis]);
          acc += taps[Math.abs(r)] * src[q[0] + dims[0] * (q[1] + dims[1] * q[2])];
        }
        out[x + dims[0] * (y + dims[1] * z)] = acc;
      }
  return out;
}

test("convolveAxis(src, dims, axis, taps, out) equals the convolution written out, along each axis, radius beyond the volume's side included", () => {
  const dims: [number, number, number] = [7, 5, 3];
  const src = new Float32Array(7 * 5 * 3).map((_, i) => Math.sin(i * 1.7) * 10 + (i % 4));
  for (const axis of [0, 1, 2] as const)
    for (const sigma of [0.8, 2.5]) {
      const { taps } = gaussianKernel(sigma);
      const out = new Float32Array(src.length);
      convolveAxis(src, dims, axis, taps, out);
      const want = direct(src, dims, axis, taps);
      for (let i = 0; i < src.length; i++) assert.ok(Math.abs(out[i] - want[i]) < 1e-4, `axis ${axis} σ ${sigma} voxel ${i}: ${out[i]} vs ${want[i]}`);
    }
});

test("convolveAxis refuses a wrong-sized output and the input as its own output", () => {
  const src = new Float32Array(8);
  const { taps } = gaussianKernel(1);
  assert.throws(() => convolveAxis(src, [2, 2, 2], 0, taps, new Float32Array(7)), /output has 7 voxels/);
  assert.throws(() => convolveAxis(src, [2, 2, 2], 0, taps, src), /another array/);
});

test("smoothVolume keeps a constant volume constant and a linear ramp linear away from the edges (σ in mm, anisotropic voxels)", () => {
  const dims: [number, number, number] = [16, 12, 10];
  const spacing: [number, number, number] = [0.5, 1, 2];
  const n = dims[0] * dims[1] * dims[2];
  const constant = smoothVolume(new Float32Array(n).fill(3.5), dims, spacing, 1.2);
  for (const v of constant) assert.ok(Math.abs(v - 3.5) < 1e-5);
  const ramp = new Float32Array(n);
  for (let z = 0; z < dims[2]; z++) for (let y = 0; y < dims[1]; y++) for (let x = 0; x < dims[0]; x++) ramp[x + 16 * (y + 12 * z)] = 2 * x * 0.5 - 3 * z * 2;
  const s = smoothVolume(ramp, dims, spacing, 1);
  // σ = 1 mm is 2 voxels along x (radius 6) and 0.5 along z (radius 2): check voxels that far from the edges
  for (let z = 2; z < 8; z++)
    for (let y = 0; y < 12; y++)
      for (let x = 6; x < 10; x++) {
        const i = x + 16 * (y + 12 * z);
        assert.ok(Math.abs(s[i] - ramp[i]) < 1e-3, `(${x}, ${y}, ${z}): ${s[i]} vs ${ramp[i]}`);
      }
});
