import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { sampleImagingParams, validateImagingParams } from "../../src/imaging/index.js";

test("validateImagingParams(params) accepts what sampleImagingParams makes and returns it", () => {
  const p = sampleImagingParams("microscopy", createRng(1));
  assert.equal(validateImagingParams(p), p);
});

test("validateImagingParams(params) names the bad field: format, version, modality, a missing section, a NaN", () => {
  const p = sampleImagingParams("brain-tof", createRng(1));
  assert.throws(() => validateImagingParams({ ...p, format: "x" as never }), /format = "x"/);
  assert.throws(() => validateImagingParams({ ...p, version: 2 as never }), /version = 2/);
  assert.throws(() => validateImagingParams({ ...p, modality: "mr" as never }), /modality = "mr"/);
  assert.throws(() => validateImagingParams({ ...p, noise: undefined as never }), /noise is missing/);
  assert.throws(() => validateImagingParams({ ...p, noise: { ...p.noise, rician: NaN } }), /noise\.rician = NaN/);
  assert.throws(() => validateImagingParams({ ...p, vessels: { ...p.vessels, flowFade: 2 } }), /vessels\.flowFade = 2/);
  assert.throws(() => validateImagingParams(null as never), TypeError);
});

test("validateImagingParams(params) names the bad field of Perlin, Voronoi, added vessels, Gibbs, k-space spikes and histogram shifts", () => {
  const p = sampleImagingParams("ce-mra", createRng(2));
  assert.throws(() => validateImagingParams({ ...p, perlin: undefined as never }), /perlin is missing/);
  assert.throws(() => validateImagingParams({ ...p, perlin: { ...p.perlin, scale: 1 } }), /perlin\.scale = 1/);
  assert.throws(() => validateImagingParams({ ...p, voronoi: { ...p.voronoi, amplitude: -0.1 } }), /voronoi\.amplitude = -0\.1/);
  assert.throws(() => validateImagingParams({ ...p, vessels: { ...p.vessels, additive: NaN } }), /vessels\.additive = NaN/);
  assert.throws(() => validateImagingParams({ ...p, gibbs: { cutoff: 0, axes: [0] } }), /gibbs\.cutoff = 0/);
  assert.throws(
    () => validateImagingParams({ ...p, spikes: { amplitude: 0.1, points: [{ frequency: [0, 0, 0.7], phase: 0, weight: 1 }] } }),
    /spikes\.points\[0\]\.frequency\[2\] = 0\.7/,
  );
  assert.throws(() => validateImagingParams({ ...p, histogram: { ...p.histogram, points: [0, 0.5, 0.2, 1] } }), /histogram\.points\[2\] = 0\.2/);
  assert.throws(() => validateImagingParams({ ...p, histogram: undefined as never }), /histogram is missing/);
});
