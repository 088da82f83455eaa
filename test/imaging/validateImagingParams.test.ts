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
