import { test } from "node:test";
import assert from "node:assert/strict";
import { kspaceSpikes, spikeKernel, runKernels } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { constantVolume } from "./helpers.js";

const dims: Vec3 = [32, 24, 20];
/** Amplitude and phase (cycles) of the wave of frequency f in `d`, by projection onto cos and sin. */
function project(d: ArrayLike<number>, f: Vec3): { amplitude: number; phase: number } {
  let c = 0,
    s = 0,
    n = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, n++) {
        const t = 2 * Math.PI * (f[0] * i + f[1] * j + f[2] * k);
        c += d[n] * Math.cos(t);
        s += d[n] * Math.sin(t);
      }
  c *= 2 / n;
  s *= 2 / n;
  return { amplitude: Math.hypot(c, s), phase: Math.atan2(-s, c) / (2 * Math.PI) };
}

test("kspaceSpikes(image, {amplitude, points}) adds a sinusoid of the spike's frequency: its amplitude and phase measured by projection", () => {
  const f: Vec3 = [3 / 32, 5 / 24, -2 / 20];
  const img = constantVolume(dims, 0.3);
  const out = kspaceSpikes(img, { amplitude: 0.2, points: [{ frequency: f, phase: 0.1, weight: 0.5 }] });
  const d = Array.from(out.data, (x, v) => x - img.data[v]);
  const p = project(d, f);
  assert.ok(Math.abs(p.amplitude - 0.1) < 1e-5, `amplitude ${p.amplitude}, expected 0.2 × 0.5`);
  assert.ok(Math.abs(p.phase - 0.1) < 1e-5, `phase ${p.phase} cycles`);
  assert.ok(project(d, [5 / 32, 5 / 24, -2 / 20]).amplitude < 1e-5, "nothing at another frequency");
  assert.ok(Math.abs(Math.max(...d) - 0.1) < 1e-5 && Math.abs(Math.min(...d) + 0.1) < 1e-5, "peaks at ± the amplitude");
});

test("kspaceSpikes(image, params) adds two spikes as the sum of their waves, and stripes run across the spike's direction", () => {
  const f1: Vec3 = [0.25, 0, 0],
    f2: Vec3 = [0, 1 / 6, 0];
  const img = constantVolume(dims, 0);
  const both = kspaceSpikes(img, {
    amplitude: 1,
    points: [
      { frequency: f1, phase: 0, weight: 1 },
      { frequency: f2, phase: 0.25, weight: 0.4 },
    ],
  });
  assert.ok(Math.abs(project(both.data, f1).amplitude - 1) < 1e-5 && Math.abs(project(both.data, f2).amplitude - 0.4) < 1e-5);
  const one = kspaceSpikes(img, { amplitude: 1, points: [{ frequency: f1, phase: 0, weight: 1 }] });
  // f along x: constant over y and z, period 4 along x.
  for (let v = 0; v < one.data.length; v += 37)
    assert.ok(Math.abs(one.data[v] - one.data[v % 32]) < 1e-6 && Math.abs(one.data[v] - one.data[(v + 4) % one.data.length]) < 1e-6);
});

test("spikeKernel(dims, params) run in chunks gives the bytes of kspaceSpikes; amplitude 0, weight 0 or no spikes change nothing", () => {
  const img = constantVolume(dims, 0.5);
  const params = {
    amplitude: 0.07,
    points: [
      { frequency: [0.31, -0.12, 0.44] as Vec3, phase: 0.7, weight: 0.8 },
      { frequency: [-0.5, 0.5, 0.01] as Vec3, phase: 0.2, weight: 0.3 },
    ],
  };
  const whole = kspaceSpikes(img, params);
  const chunked = img.data.slice();
  runKernels(chunked, [spikeKernel(dims, params)], 100);
  assert.deepEqual(chunked, whole.data);
  assert.equal(spikeKernel(dims, { ...params, amplitude: 0 }), null);
  assert.equal(spikeKernel(dims, { amplitude: 1, points: [] }), null);
  assert.equal(spikeKernel(dims, { amplitude: 1, points: [{ ...params.points[0], weight: 0 }] }), null);
  assert.deepEqual(kspaceSpikes(img, { ...params, amplitude: 0 }).data, img.data);
});

test("kspaceSpikes(image, params) refuses a frequency beyond Nyquist, a weight above 1 and a negative amplitude, naming the field", () => {
  const img = constantVolume([4, 4, 4], 0);
  const s = { frequency: [0.1, 0.2, 0.3] as Vec3, phase: 0, weight: 1 };
  assert.throws(() => kspaceSpikes(img, { amplitude: 1, points: [{ ...s, frequency: [0.1, 0.6, 0] }] }), /spikes\.points\[0\]\.frequency\[1\] = 0\.6/);
  assert.throws(() => kspaceSpikes(img, { amplitude: 1, points: [s, { ...s, weight: 2 }] }), /spikes\.points\[1\]\.weight = 2/);
  assert.throws(() => kspaceSpikes(img, { amplitude: -1, points: [s] }), /spikes\.amplitude = -1/);
  assert.throws(() => kspaceSpikes(img, { amplitude: 1, points: [{ ...s, phase: NaN }] }), /spikes\.points\[0\]\.phase = NaN/);
});
