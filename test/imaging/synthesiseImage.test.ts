import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createRng } from "../../src/random/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import {
  IMAGING_RANGES,
  MODALITIES,
  sampleImagingParams,
  synthesiseImage,
  withoutEffects,
  EFFECTS,
  type EffectName,
  type ImagingParams,
  backgroundTexture,
  bodyRegion,
  composeVessels,
  distractors,
  biasField,
  depthAttenuation,
  dropouts,
  motion,
  gaussianBlur,
  resolution,
  poissonNoise,
  gaussianNoise,
  ricianNoise,
  intensityTransform,
  perlinTexture,
  voronoiTexture,
  gibbsRinging,
  kspaceSpikes,
  histogramShift,
} from "../../src/imaging/index.js";
import { allFinite, at, maskedMean, tubeLabels } from "./helpers.js";

test("synthesiseImage(labels, params, seed) gives identical bytes for the same labels, params and seed", () => {
  const labels = tubeLabels([24, 20, 16], 3, 1, [0.5, 0.5, 0.8]);
  for (const m of MODALITIES) {
    const p = sampleImagingParams(m, createRng(7));
    const a = synthesiseImage(labels, p, 7),
      b = synthesiseImage(labels, structuredClone(p), 7);
    assert.deepEqual(new Uint8Array(a.data.buffer), new Uint8Array(b.data.buffer), m);
  }
});

test("synthesiseImage(labels, params, seed) differs for another seed with the same params", () => {
  const labels = tubeLabels([16, 16, 16], 3);
  for (const m of MODALITIES) {
    const p = sampleImagingParams(m, createRng(1));
    assert.notDeepEqual(synthesiseImage(labels, p, 1).data, synthesiseImage(labels, p, 2).data, m);
  }
});

test("synthesiseImage(labels, params, seed) returns a Float32 image on the labels' grid (dims, spacing, affine) and leaves the labels alone", () => {
  const labels = tubeLabels([12, 10, 8], 2, 1, [0.4, 0.4, 0.7]);
  labels.fraction.affine = [0, -0.4, 0, 10, 0.4, 0, 0, -5, 0, 0, 0.7, 2, 0, 0, 0, 1];
  const before = labels.fraction.data.slice();
  const img = synthesiseImage(labels, sampleImagingParams("ce-mra", createRng(1)), 1);
  assert.ok(img.data instanceof Float32Array);
  assert.deepEqual(img.dims, labels.fraction.dims);
  assert.deepEqual(img.spacing, labels.fraction.spacing);
  assert.deepEqual(img.affine, labels.fraction.affine);
  assert.deepEqual(labels.fraction.data, before);
});

test("synthesiseImage(labels, params, seed) for cta is in Hounsfield units: air ≈ −1000 in the corners, vessels 200–450 HU, tissue near 40", () => {
  const labels = tubeLabels([48, 48, 48], 4);
  const p = sampleImagingParams("cta", createRng(2), {
    body: { enabled: true, radii: [0.45, 0.45, 0.45], center: [0.5, 0.5, 0.5] },
    distractors: { tubes: [], blobs: [] },
    vessels: { invert: false, flowFade: 1 },
    background: { blobs: [] },
    dropouts: [],
  });
  const img = synthesiseImage(labels, p, 2);
  assert.ok(at(img, 0, 0, 0) < -900, `corner ${at(img, 0, 0, 0)}`);
  const vessel = maskedMean(img.data, (v) => labels.fraction.data[v] === 1);
  assert.ok(vessel > 150 && vessel < 500, `vessel ${vessel} HU`);
  const tissue = at(img, 24, 12, 24);
  assert.ok(tissue > -100 && tissue < 150, `tissue ${tissue} HU`);
});

test("synthesiseImage(labels, params, seed) for every modality keeps vessels brighter than the background unless inverted", () => {
  const labels = tubeLabels([32, 32, 32], 4);
  const inside = (v: number) => labels.fraction.data[v] === 1;
  const near = (v: number) => labels.fraction.data[v] === 0 && Math.abs((Math.floor(v / 32) % 32) - 15.5) < 10;
  for (const m of MODALITIES) {
    for (const invert of [false, true]) {
      const p = sampleImagingParams(m, createRng(3), { vessels: { invert }, distractors: { tubes: [], blobs: [] }, dropouts: [], body: { enabled: false } });
      const img = synthesiseImage(labels, p, 3);
      const vi = maskedMean(img.data, inside),
        bi = maskedMean(img.data, near);
      assert.ok(invert ? vi < bi : vi > bi, `${m} invert=${invert}: vessel ${vi}, background ${bi}`);
    }
  }
});

test("synthesiseImage(labels, params, seed) draws dark vessels with the bright draw's contrast, downward: tissue lifted by it, air outside the body not", () => {
  const labels = tubeLabels([32, 32, 32], 4);
  const f = labels.fraction.data;
  // every effect off but the object's: its texture, body, distractors (none drawn) and partial volume, and the inversion
  const kept: readonly EffectName[] = ["texture", "blobs", "cells", "perlin", "voronoi", "body", "distractors", "partialVolume", "inversion"];
  const off = EFFECTS.filter((e) => !kept.includes(e));
  for (const m of MODALITIES) {
    const draw = (invert: boolean, body: boolean) =>
      withoutEffects(
        sampleImagingParams(m, createRng(5), { vessels: { invert }, distractors: { tubes: [], blobs: [] }, dropouts: [], body: { enabled: body } }),
        [...off],
      );
    const p = draw(false, false);
    const lift = p.vessels.level - p.background.level;
    const bright = synthesiseImage(labels, p, 5).data,
      dark = synthesiseImage(labels, draw(true, false), 5).data;
    // Painted vessels over textured tissue t: bright (1 − f)·t + f·L, dark (1 − f)·(t + L − B) + f·B.
    for (let v = 0; v < f.length; v++) {
      const want = lift * (1 - 2 * f[v]);
      assert.ok(
        Math.abs(dark[v] - bright[v] - want) < 1e-4 * (1 + Math.abs(p.vessels.level)),
        `${m} voxel ${v}: dark − bright ${dark[v] - bright[v]}, want ${want}`,
      );
    }
    const withBody = synthesiseImage(labels, draw(true, true), 5);
    assert.equal(at(withBody, 0, 0, 0), at(synthesiseImage(labels, draw(false, true), 5), 0, 0, 0), `${m}: the air in the corner is not lifted`);
    assert.ok(at(withBody, 16, 16, 2) > at(withBody, 0, 0, 0), `${m}: the lifted tissue is brighter than the air`);
  }
});

test("synthesiseImage(labels, params, seed) for microscopy attenuates with depth (z)", () => {
  const labels = tubeLabels([16, 16, 48], 0);
  const p = withoutEffects(sampleImagingParams("microscopy", createRng(1), { attenuation: { endRatio: 0.3 } }), [
    "noise",
    "texture",
    "cells",
    "blobs",
    "bias",
    "dropouts",
    "distractors",
    "intensity",
  ]);
  const img = synthesiseImage(labels, p, 1);
  assert.ok(at(img, 8, 8, 45) < 0.5 * at(img, 8, 8, 2));
});

/** Parameters drawn anywhere in the modality's ranges, including the extremes. */
const extremes = (m: (typeof MODALITIES)[number], seed: number, corner: number): ImagingParams => {
  const R = IMAGING_RANGES[m];
  const pick = (r: readonly [number, number]) => (corner === 0 ? r[0] : corner === 1 ? r[1] : undefined);
  const p = sampleImagingParams(m, createRng(seed));
  if (corner === 2) return p;
  return sampleImagingParams(m, createRng(seed), {
    blur: { sigma: [pick(R.blur.sigmaXY)!, pick(R.blur.sigmaXY)!, pick(R.blur.sigmaZ)!] },
    resolution: { factor: [pick(R.resolution.factorXY)!, pick(R.resolution.factorXY)!, pick(R.resolution.factorZ)!] },
    intensity: { gamma: pick(R.intensity.gamma)!, gain: pick(R.intensity.gain)!, offset: pick(R.intensity.offset)! },
    bias: { strength: pick(R.bias.strength)! },
    vessels: { flowFade: pick(R.vessels.flowFade)!, level: pick(R.vessels.level)! },
    background: { level: pick(R.background.level)! },
  });
};

test("synthesiseImage(labels, params, seed) has no NaN or Infinity for params anywhere in the ranges (property, small volumes)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...MODALITIES),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.integer({ min: 0, max: 2 }),
      fc.tuple(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 })),
      fc.double({ min: 0, max: 4, noNaN: true }),
      (m, seed, corner, dims, radius) => {
        const labels = tubeLabels(dims as Vec3, radius);
        const img = synthesiseImage(labels, extremes(m, seed, corner), seed);
        return img.data.length === dims[0] * dims[1] * dims[2] && allFinite(img.data) && img.data.every((x) => x >= (m === "cta" ? -1024 : 0));
      },
    ),
    { numRuns: 120, seed: 20260527 },
  );
});

test("synthesiseImage(labels, params, seed) on empty labels (no vessels) still gives a finite background", () => {
  const fraction = createVolume(Float32Array, [10, 10, 10]);
  for (const m of MODALITIES) assert.ok(allFinite(synthesiseImage({ fraction }, sampleImagingParams(m, createRng(1)), 1).data));
});

test("synthesiseImage(labels, params, seed) refuses missing labels, labels on another grid and invalid params with clear errors", () => {
  const p = sampleImagingParams("brain-tof", createRng(1));
  assert.throws(() => synthesiseImage({} as never, p, 1), /labels must hold a fraction volume/);
  const labels = tubeLabels([8, 8, 8], 2);
  assert.throws(() => synthesiseImage({ ...labels, flow: createVolume(Float32Array, [8, 8, 7]) }, p, 1), /labels\.flow has 448 voxels but the image has 512/);
  assert.throws(() => synthesiseImage(labels, { ...p, blur: { sigma: [1, 1, NaN] } }, 1), /synthesiseImage: blur\.sigma\[2\] = NaN/);
  assert.throws(() => synthesiseImage(labels, p, NaN), /seed = NaN/);
});

test("synthesiseImage(labels, params, seed) equals its effects applied one by one in the documented order (to float rounding)", () => {
  const labels = tubeLabels([20, 18, 16], 3);
  for (const m of MODALITIES) {
    const p = sampleImagingParams(m, createRng(11), { motion: { kind: "ghost", axis: 1, ghosts: [{ shift: 0.2, amplitude: 0.1 }], length: 1 } });
    const rng = createRng(11),
      floor = p.floor;
    let img = backgroundTexture(labels.fraction, { ...p.background, floor }, rng.fork("background"));
    img = bodyRegion(img, p.body);
    img = composeVessels(img, labels, { ...p.vessels, backgroundLevel: p.background.level, floor });
    img = distractors(img, p.distractors, labels.fraction);
    img = biasField(img, { ...p.bias, floor });
    img = depthAttenuation(img, { ...p.attenuation, floor });
    img = dropouts(img, { boxes: p.dropouts, floor });
    img = motion(img, p.motion);
    img = gaussianBlur(img, p.blur);
    img = resolution(img, p.resolution);
    img = poissonNoise(img, { photonsPerUnit: p.noise.poisson, floor }, rng.fork("noise.poisson"));
    img = gaussianNoise(img, { sigma: p.noise.gaussian }, rng.fork("noise.gaussian"));
    img = ricianNoise(img, { sigma: p.noise.rician, floor }, rng.fork("noise.rician"));
    img = intensityTransform(img, { ...p.intensity, floor });
    const out = synthesiseImage(labels, p, 11);
    let worst = 0,
      scale = 0;
    for (let v = 0; v < out.data.length; v++) {
      worst = Math.max(worst, Math.abs(out.data[v] - img.data[v]));
      scale = Math.max(scale, Math.abs(img.data[v]));
    }
    // Poisson counts can move by one where rounding differs: allow one photon, else float rounding.
    const tolerance = p.noise.poisson > 0 ? 1.001 / p.noise.poisson + 1e-4 * scale : 1e-4 * scale;
    assert.ok(worst <= tolerance, `${m}: largest difference ${worst} (scale ${scale})`);
  }
});

/** Every effect added after the first pipeline switched on, over the seed's draws. */
const allNew = (m: (typeof MODALITIES)[number], seed: number): ImagingParams => {
  const L = sampleImagingParams(m, createRng(seed)).background.level;
  return sampleImagingParams(m, createRng(seed), {
    perlin: { amplitude: 0.2 * L },
    voronoi: { amplitude: 0.1 * L },
    vessels: { additive: 1 },
    gibbs: { cutoff: 0.6, axes: [0, 2] },
    spikes: { amplitude: 0.2 * L },
    histogram: { strength: 1 },
  });
};

test("synthesiseImage(labels, params, seed) with Perlin, Voronoi, added vessels, Gibbs, spikes and a histogram shift on: same bytes for the same seed, finite, above the floor", () => {
  const labels = tubeLabels([24, 20, 16], 3, 1, [0.5, 0.5, 0.8]);
  for (const m of MODALITIES) {
    const p = allNew(m, 7);
    const a = synthesiseImage(labels, p, 7),
      b = synthesiseImage(labels, structuredClone(p), 7);
    assert.deepEqual(new Uint8Array(a.data.buffer), new Uint8Array(b.data.buffer), m);
    assert.ok(allFinite(a.data) && a.data.every((x) => x >= p.floor), m);
    assert.notDeepEqual(a.data, synthesiseImage(labels, withoutEffects(p, ["perlin", "voronoi", "addedVessels", "gibbs", "spikes", "histogram"]), 7).data, m);
  }
});

test("synthesiseImage(labels, params, seed) with the new effects on equals them applied one by one at their documented stages (to float rounding)", () => {
  const labels = tubeLabels([20, 18, 16], 3);
  for (const m of MODALITIES) {
    // No resampling, so that Gibbs ringing on the acquired grid is ringing on this one.
    const p = sampleImagingParams(m, createRng(12), { ...allNew(m, 12), resolution: { factor: [1, 1, 1] }, motion: { kind: "none", ghosts: [], length: 1 } });
    const rng = createRng(12),
      floor = p.floor;
    let img = backgroundTexture(labels.fraction, { ...p.background, floor }, rng.fork("background"));
    img = perlinTexture(img, { ...p.perlin, floor }, rng.fork("perlin"));
    img = voronoiTexture(img, { ...p.voronoi, floor }, rng.fork("voronoi"));
    img = bodyRegion(img, p.body);
    img = composeVessels(img, labels, { ...p.vessels, backgroundLevel: p.background.level, floor });
    img = distractors(img, p.distractors, labels.fraction);
    img = biasField(img, { ...p.bias, floor });
    img = depthAttenuation(img, { ...p.attenuation, floor });
    img = dropouts(img, { boxes: p.dropouts, floor });
    img = gaussianBlur(img, p.blur);
    img = gibbsRinging(img, p.gibbs);
    img = kspaceSpikes(img, p.spikes);
    img = poissonNoise(img, { photonsPerUnit: p.noise.poisson, floor }, rng.fork("noise.poisson"));
    img = gaussianNoise(img, { sigma: p.noise.gaussian }, rng.fork("noise.gaussian"));
    img = ricianNoise(img, { sigma: p.noise.rician, floor }, rng.fork("noise.rician"));
    img = intensityTransform(img, { ...p.intensity, floor });
    img = histogramShift(img, p.histogram);
    const out = synthesiseImage(labels, p, 12);
    let worst = 0,
      scale = 0;
    for (let v = 0; v < out.data.length; v++) {
      worst = Math.max(worst, Math.abs(out.data[v] - img.data[v]));
      scale = Math.max(scale, Math.abs(img.data[v]));
    }
    const tolerance = p.noise.poisson > 0 ? 1.001 / p.noise.poisson + 1e-4 * scale : 1e-4 * scale;
    assert.ok(worst <= tolerance * 1.5, `${m}: largest difference ${worst} (scale ${scale})`);
  }
});
