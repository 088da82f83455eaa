import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { IMAGING_RANGES, MODALITIES, MODALITY_INFO, sampleImagingParams, isModality, type Range } from "../../src/imaging/index.js";

const within = (x: number, r: Range) => x >= r[0] - 1e-9 && x <= r[1] + 1e-9;

test("MODALITIES holds the --preset names brain-tof, cta, ce-mra and microscopy, each with info and ranges", () => {
  assert.deepEqual([...MODALITIES], ["brain-tof", "cta", "ce-mra", "microscopy"]);
  for (const m of MODALITIES) {
    assert.ok(isModality(m) && MODALITY_INFO[m] && IMAGING_RANGES[m]);
    assert.match(m, /^[a-z0-9-]+$/);
  }
  assert.ok(!isModality("mri"));
});

test("sampleImagingParams(modality, rng) gives plain JSON that survives a round trip unchanged", () => {
  for (const m of MODALITIES) {
    const p = sampleImagingParams(m, createRng(1));
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
    assert.equal(p.modality, m);
    assert.equal(p.floor, MODALITY_INFO[m].floor);
  }
});

test("sampleImagingParams(modality, rng) is a function of the seed: same seed, same params; another seed, others", () => {
  for (const m of MODALITIES) {
    assert.deepEqual(sampleImagingParams(m, createRng(5)), sampleImagingParams(m, createRng(5)));
    assert.notDeepEqual(sampleImagingParams(m, createRng(5)), sampleImagingParams(m, createRng(6)));
  }
});

test("sampleImagingParams(modality, rng) stays within IMAGING_RANGES for 200 seeds per modality", () => {
  for (const m of MODALITIES) {
    const R = IMAGING_RANGES[m];
    for (let s = 0; s < 200; s++) {
      const p = sampleImagingParams(m, createRng(s));
      assert.ok(within(p.background.level, R.background.level));
      assert.ok(within(p.background.texture.amplitude / p.background.level, R.background.textureAmplitude));
      assert.ok(within(p.background.blobs.length, R.background.blobs));
      assert.ok(within(p.vessels.level, R.vessels.level));
      assert.ok(within(p.vessels.flowFade, R.vessels.flowFade));
      assert.ok(within(p.distractors.tubes.length, R.distractors.tubes) && within(p.distractors.blobs.length, R.distractors.blobs));
      p.distractors.blobs.forEach((b) => assert.ok(within(b.level, R.distractors.blobLevel)));
      assert.ok(within(p.bias.strength, R.bias.strength));
      assert.ok(within(p.attenuation.endRatio, R.attenuation.endRatio));
      assert.ok(within(p.dropouts.length, R.dropouts.count));
      assert.ok(within(p.blur.sigma[0], R.blur.sigmaXY) && within(p.blur.sigma[2], R.blur.sigmaZ));
      assert.ok(within(p.resolution.factor[0], R.resolution.factorXY) && within(p.resolution.factor[2], R.resolution.factorZ));
      for (const k of ["poisson", "gaussian", "rician"] as const) assert.ok(p.noise[k] === 0 || within(p.noise[k], R.noise[k]), `${m} noise.${k}`);
      if (R.noise.exclusive) assert.equal(["poisson", "gaussian", "rician"].filter((k) => p.noise[k as "rician"] > 0).length, 1);
      assert.ok(within(p.intensity.gamma, R.intensity.gamma) && within(p.intensity.gain, R.intensity.gain));
      if (p.motion.kind === "ghost") p.motion.ghosts.forEach((g) => assert.ok(within(Math.abs(g.shift), R.motion.ghostShift)));
      if (R.body.probability === 0) assert.equal(p.body.enabled, false);
    }
  }
});

test("sampleImagingParams(modality, rng) draws every optional effect somewhere across seeds (inversion, ghosts, motion blur, drop-outs)", () => {
  const seen = new Set<string>();
  for (let s = 0; s < 300; s++) {
    const p = sampleImagingParams("brain-tof", createRng(s));
    if (p.vessels.invert) seen.add("invert");
    seen.add(`motion:${p.motion.kind}`);
    if (p.dropouts.length) seen.add("dropouts");
    if (!p.vessels.partialVolume) seen.add("binary");
    if (p.body.enabled) seen.add("body");
  }
  for (const k of ["invert", "motion:ghost", "motion:blur", "motion:none", "dropouts", "binary", "body"]) assert.ok(seen.has(k), k);
});

test("sampleImagingParams(modality, rng, overrides) merges overrides deeply without moving the other effects' draws", () => {
  const p = sampleImagingParams("cta", createRng(3));
  const q = sampleImagingParams("cta", createRng(3), { noise: { gaussian: 12, poisson: 0 }, blur: { sigma: [0, 0, 0] } });
  assert.deepEqual(q.noise, { ...p.noise, gaussian: 12, poisson: 0 });
  assert.deepEqual(q.blur.sigma, [0, 0, 0]);
  assert.deepEqual(q.background, p.background);
  assert.deepEqual(q.distractors, p.distractors);
});

test("sampleImagingParams(modality, rng, overrides) refuses an unknown modality, an unknown key and an out-of-range override", () => {
  assert.throws(() => sampleImagingParams("pet" as never, createRng(1)), /modality = "pet"; give one of brain-tof, cta, ce-mra, microscopy/);
  assert.throws(() => sampleImagingParams("cta", createRng(1), { nosie: {} } as never), /overrides\.nosie is not an imaging parameter/);
  assert.throws(() => sampleImagingParams("cta", createRng(1), { blur: { sigma: [0, 0, -1] } }), /blur\.sigma\[2\] = -1/);
});

test("sampleImagingParams(modality, rng) draws Perlin, Voronoi, added vessels, Gibbs, k-space spikes and histogram shifts within their ranges, each about as often as its probability", () => {
  const seeds = 400;
  for (const m of MODALITIES) {
    const R = IMAGING_RANGES[m];
    const on = { perlin: 0, voronoi: 0, added: 0, gibbs: 0, spikes: 0, histogram: 0 };
    for (let s = 0; s < seeds; s++) {
      const p = sampleImagingParams(m, createRng(s));
      const L = p.background.level;
      if (p.perlin.amplitude > 0) {
        on.perlin++;
        assert.ok(within(p.perlin.amplitude / L, R.perlin.amplitude));
      }
      assert.ok(within(p.perlin.scale, R.perlin.scale) && within(p.perlin.octaves, R.perlin.octaves) && Number.isInteger(p.perlin.octaves));
      if (p.voronoi.amplitude > 0) {
        on.voronoi++;
        assert.ok(within(p.voronoi.amplitude / L, R.voronoi.amplitude));
      }
      assert.ok(within(p.voronoi.scale, R.voronoi.scale));
      assert.ok(p.vessels.additive === 0 || p.vessels.additive === 1);
      on.added += p.vessels.additive;
      if (p.gibbs.cutoff < 1) {
        on.gibbs++;
        assert.ok(within(p.gibbs.cutoff, R.gibbs.cutoff));
      }
      assert.ok(p.gibbs.axes.length >= 1);
      if (p.spikes.amplitude > 0) {
        on.spikes++;
        assert.ok(within(p.spikes.amplitude / L, R.spikes.amplitude));
      }
      assert.ok(within(p.spikes.points.length, R.spikes.count), "spike positions are drawn even when off");
      if (p.histogram.strength > 0) on.histogram++;
      assert.ok(within(p.histogram.points.length, R.histogram.points));
      assert.equal(p.histogram.low, p.floor);
      assert.ok(within((p.histogram.high - p.floor) / (p.vessels.level - p.floor), R.histogram.high));
    }
    const expected = {
      perlin: R.perlin.probability,
      voronoi: R.voronoi.probability,
      added: R.vessels.additiveProbability,
      gibbs: R.gibbs.probability,
      spikes: R.spikes.probability,
      histogram: R.histogram.probability,
    };
    for (const [k, p] of Object.entries(expected)) {
      const got = on[k as keyof typeof on] / seeds,
        sd = Math.sqrt((p * (1 - p)) / seeds);
      assert.ok(Math.abs(got - p) <= 4 * sd + 1e-9, `${m} ${k}: ${got} of the samples, probability ${p}`);
    }
  }
});

test("sampleImagingParams(modality, rng) keeps the draws of the effects that came before the new ones (each new effect has a fork of its own)", () => {
  // Values drawn by the code before Perlin, Voronoi, added vessels, Gibbs, spikes and histogram shifts existed.
  const p = sampleImagingParams("brain-tof", createRng(0));
  assert.equal(p.background.level, 0.13915675319731236);
  assert.equal(p.vessels.level, 0.7132799201179295);
  assert.equal(p.noise.rician, 0.06817627373617142);
  assert.equal(p.intensity.gamma, 0.7372558117844163);
  assert.equal(sampleImagingParams("cta", createRng(2)).noise.poisson, 8.89143840491306);
  assert.equal(sampleImagingParams("microscopy", createRng(3)).noise.poisson, 335.0302506238222);
});
