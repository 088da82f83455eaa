import { test } from "node:test";
import assert from "node:assert/strict";
import { PRESETS } from "../../src/geometry/index.js";
import { MODALITIES } from "../../src/imaging/index.js";
import { SAMPLE_PRESETS, SAMPLE_PRESET_NAMES, checkSamplePreset, isSamplePreset } from "../../src/dataset/index.js";

test("SAMPLE_PRESETS pair an existing tree preset with an existing modality and a voxel size range in the tree's unit", () => {
  assert.deepEqual(SAMPLE_PRESET_NAMES, ["brain-tof", "brain-cta", "brain-cemra", "kidney-cta", "liver-cta", "liver-cemra", "coronary-cta", "microscopy"]);
  for (const [name, p] of Object.entries(SAMPLE_PRESETS)) {
    assert.ok(Object.hasOwn(PRESETS, p.tree), `${name}: tree preset ${p.tree}`);
    assert.ok((MODALITIES as readonly string[]).includes(p.modality), `${name}: modality ${p.modality}`);
    assert.equal(p.voxel.kind, "patch");
    const [lo, hi] = p.voxel.voxelSize;
    assert.ok(lo > 0 && lo < hi, `${name}: voxel sizes ${lo}–${hi}`);
    // A voxel no larger than the thickest vessel's diameter: the preset's vessels are resolved.
    assert.ok(hi < 2 * PRESETS[p.tree].params.rootRadius, `${name}: ${hi} vs root radius ${PRESETS[p.tree].params.rootRadius}`);
  }
  assert.equal(SAMPLE_PRESETS.microscopy.tree, "microvascular");
  assert.equal(SAMPLE_PRESETS.microscopy.modality, "microscopy");
});

test("checkSamplePreset(name) accepts the preset names and mix, and lists them all for an unknown name", () => {
  assert.equal(checkSamplePreset("brain-tof"), "brain-tof");
  assert.equal(checkSamplePreset("mix"), "mix");
  assert.throws(() => checkSamplePreset("mix", false), /valid presets: brain-tof, .*microscopy$/);
  assert.throws(
    () => checkSamplePreset("brain"),
    (e: Error) =>
      e instanceof RangeError &&
      /preset = "brain"; valid presets: brain-tof, brain-cta, brain-cemra, kidney-cta, liver-cta, liver-cemra, coronary-cta, microscopy, or mix/.test(
        e.message,
      ),
  );
  assert.equal(isSamplePreset("toString"), false);
  assert.equal(isSamplePreset(undefined), false);
});
