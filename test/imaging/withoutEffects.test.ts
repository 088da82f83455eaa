import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { EFFECTS, sampleImagingParams, synthesiseImage, withoutEffects } from "../../src/imaging/index.js";
import { constantVolume, tubeLabels } from "./helpers.js";

test("withoutEffects(params, EFFECTS) leaves background + partial-volume vessels: synthesis is then exact", () => {
  const labels = tubeLabels([16, 15, 15], 3);
  const p = withoutEffects(
    sampleImagingParams("brain-tof", createRng(2)),
    [...EFFECTS].filter((e) => e !== "partialVolume"),
  );
  const img = synthesiseImage(labels, p, 1);
  const B = p.background.level,
    V = p.vessels.level;
  for (let v = 0; v < img.data.length; v++) {
    const f = labels.fraction.data[v];
    assert.ok(Math.abs(img.data[v] - ((1 - f) * B + f * V)) < 1e-5);
  }
});

test("withoutEffects(params, names) changes only the named effects and does not modify its argument", () => {
  const p = sampleImagingParams("cta", createRng(4));
  const copy = structuredClone(p);
  const q = withoutEffects(p, ["noise", "blur"]);
  assert.deepEqual(p, copy);
  assert.deepEqual(q.noise, { poisson: 0, gaussian: 0, rician: 0 });
  assert.deepEqual(q.blur.sigma, [0, 0, 0]);
  assert.deepEqual(q.background, p.background);
  assert.deepEqual(q.resolution, p.resolution);
});

test("withoutEffects(params, ['noise']) removes the voxel noise: a flat phantom stays flat", () => {
  const p = withoutEffects(sampleImagingParams("microscopy", createRng(1)), [...EFFECTS]);
  const img = synthesiseImage({ fraction: constantVolume([8, 8, 8], 0) }, p, 3);
  assert.ok(img.data.every((x) => x === img.data[0]));
});

test("withoutEffects(params, names) sets Perlin, Voronoi, added vessels, Gibbs, spikes and the histogram shift to their neutral values", () => {
  const p = sampleImagingParams("brain-tof", createRng(5), {
    perlin: { amplitude: 0.05 },
    voronoi: { amplitude: 0.02 },
    vessels: { additive: 1 },
    gibbs: { cutoff: 0.5 },
    spikes: { amplitude: 0.03 },
    histogram: { strength: 1 },
  });
  const q = withoutEffects(p, ["perlin", "voronoi", "addedVessels", "gibbs", "spikes", "histogram"]);
  assert.equal(q.perlin.amplitude, 0);
  assert.equal(q.voronoi.amplitude, 0);
  assert.equal(q.vessels.additive, 0);
  assert.equal(q.gibbs.cutoff, 1);
  assert.equal(q.spikes.amplitude, 0);
  assert.equal(q.histogram.strength, 0);
  // Only the switch changes: the drawn geometry is kept, so switching back on restores the effect.
  assert.deepEqual(q.spikes.points, p.spikes.points);
  assert.deepEqual(q.histogram.points, p.histogram.points);
});

test("withoutEffects(params, names) refuses an unknown effect name", () => {
  assert.throws(() => withoutEffects(sampleImagingParams("cta", createRng(1)), ["sparkle" as never]), /effect = "sparkle"/);
});
