import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import {
  EFFECTS,
  MODALITIES,
  peakRadius,
  sampleImagingParams,
  vesselSignal,
  visibleLabel,
  withoutEffects,
  type ImagingParams,
} from "../../src/imaging/index.js";
import { tubeLabels } from "./helpers.js";

/** Brain-TOF parameters with every effect off but partial volume, and a Gaussian PSF of `sigma` voxels. */
function blurred(sigma: Vec3): ImagingParams {
  const p = withoutEffects(sampleImagingParams("brain-tof", createRng(1)), EFFECTS);
  p.vessels.partialVolume = true;
  p.blur.sigma = sigma;
  return p;
}

/**
 * The radius where a disc of radius r blurred by an isotropic 2D Gaussian of σ falls to half its
 * value at the centre: the disc's mass under the Gaussian centred d away, integrated on a fine grid,
 * and d found by bisection.
 */
function halfMaxRadius(r: number, sigma: number): number {
  const h = 0.02;
  const mass = (d: number) => {
    let s = 0;
    for (let x = -r + h / 2; x < r; x += h)
      for (let y = -r + h / 2; y < r; y += h) if (x * x + y * y <= r * r) s += Math.exp(-((x - d) ** 2 + y * y) / (2 * sigma * sigma));
    return s;
  };
  const top = mass(0);
  let lo = 0,
    hi = r + 6 * sigma;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (mass(mid) > top / 2) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The label's voxels in the tube's middle cross-section (x = 4 of 9), with their distance from the axis. */
function crossSection(label: { data: Uint8Array }, n: number): { d: number; on: boolean }[] {
  const c = (n - 1) / 2,
    out: { d: number; on: boolean }[] = [];
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out.push({ d: Math.hypot(j - c, k - c), on: label.data[4 + 9 * (j + n * k)] === 1 });
  return out;
}

test("visibleLabel(labels, params) of a tube under a Gaussian PSF marks the cross-section within the blurred disc's half-maximum radius", () => {
  const n = 33;
  for (const [r, sigma] of [
    [2, 0.5],
    [2, 1.5],
    [2, 2.5],
    [4, 1],
    [1, 1.5],
  ]) {
    const labels = tubeLabels([9, n, n], r);
    // The helper's linear partial-volume edge acts as a one-voxel box along each axis: variance 1/12 more.
    const half = halfMaxRadius(r, Math.sqrt(sigma ** 2 + 1 / 12));
    for (const { d, on } of crossSection(visibleLabel(labels, blurred([sigma, sigma, sigma])), n)) {
      if (d < half - 0.3) assert.ok(on, `r ${r}, σ ${sigma}: a voxel ${d.toFixed(2)} from the axis, inside the half maximum (${half.toFixed(2)}), is left out`);
      if (d > half + 0.3 && d > r + 0.3)
        assert.ok(!on, `r ${r}, σ ${sigma}: a voxel ${d.toFixed(2)} from the axis, outside the half maximum (${half.toFixed(2)}) and the lumen, is marked`);
    }
  }
});

test("visibleLabel(labels, params) is wider under a large PSF than under a small one, and holds the lumen under both", () => {
  const labels = tubeLabels([9, 33, 33], 2);
  const count = (sigma: number) => {
    const label = visibleLabel(labels, blurred([sigma, sigma, sigma]));
    labels.binary.data.forEach((b, v) => {
      if (b) assert.equal(label.data[v], 1, `σ ${sigma}: lumen voxel ${v} left out`);
    });
    return label.data.reduce((s, x) => s + x, 0);
  };
  const lumen = labels.binary.data.reduce((s, x) => s + x, 0);
  const small = count(0.5),
    large = count(2.5);
  assert.ok(small >= lumen && small < 1.3 * lumen, `σ 0.5: ${small} voxels, lumen ${lumen}`);
  assert.ok(large > 2 * lumen, `σ 2.5: ${large} voxels, lumen ${lumen}`);
});

test("visibleLabel(labels, params) holds the lumen and gives the same bytes twice for every modality's drawn effects (stenosis, fading, ghosts, dark vessels)", () => {
  const labels = tubeLabels([24, 21, 21], 2, 1, [0.5, 0.5, 0.8]);
  labels.classes.data.forEach((c, v) => {
    if (c && v % 24 < 8) labels.classes.data[v] = 2;
  });
  for (const m of MODALITIES) {
    for (const seed of [1, 2, 3]) {
      const p = sampleImagingParams(m, createRng(seed));
      const a = visibleLabel(labels, p),
        b = visibleLabel(labels, structuredClone(p));
      assert.deepEqual(a.data, b.data, `${m} ${seed}`);
      assert.deepEqual([a.dims, a.spacing, a.affine], [labels.fraction.dims, labels.fraction.spacing, labels.fraction.affine]);
      labels.binary.data.forEach((x, v) => {
        if (x) assert.equal(a.data[v], 1, `${m} ${seed}: lumen voxel ${v} left out`);
      });
      assert.ok(a.data.every((x) => x === 0 || x === 1));
    }
  }
});

test("visibleLabel(labels, params) is the same for dark and bright vessels and ignores motion ghosts; without contrast it is empty", () => {
  const labels = tubeLabels([12, 25, 25], 2);
  const p = blurred([1.2, 1.2, 1.2]);
  const want = visibleLabel(labels, p);
  const dark = structuredClone(p);
  dark.vessels.invert = true;
  assert.deepEqual(visibleLabel(labels, dark).data, want.data);
  const ghosts = structuredClone(p);
  ghosts.motion = {
    kind: "ghost",
    axis: 1,
    ghosts: [
      { shift: 0.3, amplitude: 0.1 },
      { shift: -0.4, amplitude: 0.05 },
    ],
    length: 1,
  };
  assert.deepEqual(visibleLabel(labels, ghosts).data, want.data);
  const flat = structuredClone(p);
  flat.vessels.level = flat.background.level;
  assert.ok(visibleLabel(labels, flat).data.every((x) => x === 0));
  assert.ok(vesselSignal(labels, flat).data.every((x) => x === 0));
});

test("visibleLabel(labels, params) follows an anisotropic PSF: wider along z, blurred more, than along y", () => {
  const n = 33;
  const label = visibleLabel(tubeLabels([9, n, n], 1.5), blurred([0.3, 0.3, 2]));
  const c = (n - 1) / 2;
  let y = 0,
    z = 0;
  for (let t = 0; t < n; t++) {
    y += label.data[4 + 9 * (t + n * c)];
    z += label.data[4 + 9 * (c + n * t)];
  }
  assert.ok(z >= y + 2, `${z} voxels along z, ${y} along y`);
});

test("peakRadius(dims, params) is ⌈2w + 1⌉ per axis, w the acquisition's spread: 1 with none, from the PSF, and the same with ghosts", () => {
  assert.deepEqual(peakRadius([16, 16, 16], blurred([0, 0, 0])), [1, 1, 1]);
  const p = blurred([0.6, 1.3, 2.2]);
  assert.deepEqual(peakRadius([32, 32, 32], p), [3, 4, 6]);
  p.motion = { kind: "ghost", axis: 0, ghosts: [{ shift: 0.25, amplitude: 0.2 }], length: 1 };
  assert.deepEqual(peakRadius([32, 32, 32], p), [3, 4, 6]);
  p.resolution.factor = [1, 1, 3]; // thick slices widen z further
  assert.ok(peakRadius([32, 32, 32], p)[2] > 6);
});

test("vesselSignal(labels, params) is |contrast| × fraction without acquisition effects, and visibleLabel checks its arguments", () => {
  const labels = tubeLabels([6, 11, 11], 2);
  const p = blurred([0, 0, 0]);
  const contrast = p.vessels.level - p.background.level;
  const s = vesselSignal(labels, p);
  s.data.forEach((x, v) => assert.ok(Math.abs(x - contrast * labels.fraction.data[v]) < 1e-6, `voxel ${v}: ${x}`));
  assert.throws(() => visibleLabel({} as never, p), /visibleLabel: labels must hold a fraction volume/);
  assert.throws(() => visibleLabel(labels, { ...p, blur: { sigma: [-1, 0, 0] } }), /visibleLabel: blur\.sigma\[0\] = -1/);
});
