import { test } from "node:test";
import assert from "node:assert/strict";
import { keptSampleId } from "../../src/lab/index.js";

test("keptSampleId names a kept sample by its batch and index, marking visible labels", () => {
  assert.equal(keptSampleId({ preset: "brain-tof", seed: 7, size: 64, label: "visible" }, 3), "brain-tof-s7-64-visible-0003");
  assert.equal(keptSampleId({ preset: "microscopy", seed: 0, size: 48, label: "lumen" }, 12), "microscopy-s0-48-0012");
  // a chance of dark vessels (generate --dark-vessels) names its batch apart; none given is each modality's own
  assert.equal(keptSampleId({ preset: "mix", seed: 1, size: 64, label: "lumen", dark: 1 }, 0), "mix-s1-64-dark1-0000");
  assert.equal(keptSampleId({ preset: "mix", seed: 1, size: 64, label: "visible", dark: 0 }, 2), "mix-s1-64-visible-dark0-0002");
  assert.equal(keptSampleId({ preset: "mix", seed: 1, size: 64, label: "lumen", dark: null }, 2), "mix-s1-64-0002");
});

test("keptSampleId refuses an index or seed that is not a whole number", () => {
  assert.throws(() => keptSampleId({ preset: "p", seed: 1, size: 64, label: "lumen" }, -1), /index must be a whole number/);
  assert.throws(() => keptSampleId({ preset: "p", seed: 1.5, size: 64, label: "lumen" }, 0), /seed and size/);
  for (const dark of [NaN, -0.1, 2]) assert.throws(() => keptSampleId({ preset: "p", seed: 1, size: 64, label: "lumen", dark }, 0), /dark = .*from 0 to 1/);
});
