import { test } from "node:test";
import assert from "node:assert/strict";
import { SAMPLE_PRESET_NAMES, makeSample, sampleGeometry, sampleSpec } from "../../src/dataset/index.js";
import { imageStats, measureMask, mixPreset, mixSetStats, sampleSetStats, statsOf } from "../../src/fit/index.js";
import { mirrorIntensities } from "../../src/infer/index.js";

// The default mix measured stratified: index i of the list is made as preset i mod 8, whatever preset the mix would
// have drawn for it, and the pooled statistics are those of those samples made one by one.
const options = { seed: 4, size: 20, labelConvention: "visible" as const, image: false };

test("mixPreset(i) gives the sample presets in turn, each once in every 8", () => {
  const first = Array.from({ length: 16 }, (_, i) => mixPreset(i));
  assert.deepEqual(first.slice(0, 8), [...SAMPLE_PRESET_NAMES]);
  assert.deepEqual(first.slice(8), [...SAMPLE_PRESET_NAMES]);
});

test("mixSetStats pools the samples made as mixPreset(i) of each listed index, and none made as the mix's own draw", () => {
  const indices = [30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
  const mix = mixSetStats({ ...options, indices });
  const byHand = indices.map((index, i) => measureMask(sampleGeometry(sampleSpec(index, { ...options, preset: mixPreset(i) })).label));
  assert.equal(mix.measures.length, indices.length);
  // pooled over the same samples (the order of pooling does not matter to counts and percentiles)
  const expected = statsOf(byHand);
  assert.equal(mix.mask.vesselVoxels, expected.vesselVoxels);
  assert.equal(mix.mask.branches, expected.branches);
  assert.deepEqual(mix.mask.radiusVox, expected.radiusVox);
  assert.deepEqual(mix.mask.branchLengthVox, expected.branchLengthVox);
  // and it differs from the mix's own draws on these indices (each sample's preset drawn from its seed)
  const drawn = sampleSetStats(null, { ...options, indices });
  const presetsDrawn = indices.map((index) => sampleSpec(index, options).preset);
  assert.notDeepEqual(
    presetsDrawn,
    indices.map((_, i) => mixPreset(i)),
  );
  assert.notEqual(drawn.mask.vesselVoxels, mix.mask.vesselVoxels);
});

test("sampleSetStats with dark: every sample drawn with dark vessels, its masks unchanged, its image statistics read on its mirrored image", () => {
  const indices = [40, 41, 42, 43];
  const imaged = { ...options, size: 24, image: true };
  const dark = sampleSetStats(null, { ...imaged, indices, dark: true });
  const bright = sampleSetStats(null, { ...imaged, indices });
  // the masks: the same trees, and on these samples the same visible labels (which dark vessels could move only through their level)
  assert.deepEqual(dark.mask, bright.mask);
  indices.forEach((index, i) => {
    const spec = sampleSpec(index, { ...imaged, darkVessels: 1 });
    assert.equal(spec.imaging.params.vessels.invert, true, `sample ${index} is drawn dark`);
    const sample = makeSample(spec);
    // by hand: the dark sample's image mirrored, read against its label
    assert.deepEqual(dark.images[i], imageStats(mirrorIntensities(sample.image), sample.label));
    // Dark samples lift their tissue, not the air outside the body: where air is most of the background (sample 40's
    // small body), the mirrored air reads brightest, as a real black-blood head scan's would.
    if (!spec.imaging.params.body.enabled) assert.ok(dark.images[i].contrast > 0, `sample ${index}: mirrored, its vessels are brighter than their background`);
  });
  assert.notDeepEqual(dark.image, bright.image);
});
