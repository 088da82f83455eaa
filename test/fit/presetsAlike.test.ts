import { test } from "node:test";
import assert from "node:assert/strict";
import { LIKE_FORMAT, LIKE_VERSION, SAMPLE_PRESET_NAMES, makeSample, sampleSpec, type LikeParams, type SamplePresetName } from "../../src/dataset/index.js";
import { modalityNote, presetsAlike, type FitResult, type ModalityTried } from "../../src/fit/index.js";

test("presetsAlike: the presets searched that grow the fitted preset's tree, itself first", () => {
  assert.deepEqual(presetsAlike("brain-cemra", SAMPLE_PRESET_NAMES), ["brain-cemra", "brain-tof", "brain-cta"]);
  assert.deepEqual(presetsAlike("liver-cta", SAMPLE_PRESET_NAMES), ["liver-cta", "liver-cemra"]);
  for (const p of ["kidney-cta", "coronary-cta", "microscopy"] as const) assert.deepEqual(presetsAlike(p, SAMPLE_PRESET_NAMES), [p]);
  assert.deepEqual(presetsAlike("brain-tof", ["brain-tof", "kidney-cta"]), ["brain-tof"], "only the presets searched count");
  assert.deepEqual(presetsAlike("brain-cta", ["brain-tof", "brain-cta"]), ["brain-cta", "brain-tof"]);
});

test("modalityNote: names the image's choice among presets of one tree with the distances, or says that without an image the search picked; how to choose either way; null where the fitted preset's tree is its own", () => {
  const fit = (preset: SamplePresetName, presets: SamplePresetName[], modalities: ModalityTried[] = [], modality: SamplePresetName | null = null) =>
    ({ like: { preset }, search: { presets, modalities, modality } }) as unknown as Pick<FitResult, "like" | "search">;
  const how = { image: "give the image", modality: "name one" };
  assert.equal(modalityNote(fit("kidney-cta", [...SAMPLE_PRESET_NAMES]), how), null);
  assert.equal(
    modalityNote(fit("kidney-cta", [...SAMPLE_PRESET_NAMES], [{ preset: "kidney-cta", imageDistance: 0.1, distance: null, evaluations: 80 }]), how),
    null,
  );
  assert.equal(modalityNote(fit("brain-tof", ["brain-tof", "liver-cta"]), how), null, "one brain preset searched");
  assert.equal(modalityNote(fit("brain-cemra", [...SAMPLE_PRESET_NAMES], [], "brain-cemra"), how), null, "the modality asked for");
  assert.equal(
    modalityNote(fit("brain-cemra", [...SAMPLE_PRESET_NAMES]), how),
    "brain-cemra, brain-tof and brain-cta grow the same trees and differ in their imaging, which a mask hardly shows: without the scan's image, the modality of brain-cemra is the search's pick, not a finding about the scan. To choose it, give the image, or name one.",
  );
  const tried: ModalityTried[] = [
    { preset: "liver-cta", imageDistance: 0.2, distance: 0.4, evaluations: 80 },
    { preset: "liver-cemra", imageDistance: 0.1, distance: 0.31, evaluations: 74 },
  ];
  assert.equal(
    modalityNote(fit("liver-cemra", [...SAMPLE_PRESET_NAMES], tried), how),
    "liver-cta and liver-cemra grow the same trees: with the scan's image, liver-cemra came nearest on a few fresh samples (the distances: liver-cta 0.400, liver-cemra 0.310), a hint rather than a finding. To choose otherwise, name one.",
  );
});

test("presets that presetsAlike groups draw the very same vessels: their lumen labels agree voxel for voxel, and a preset of another tree's do not", () => {
  const like = (preset: SamplePresetName): LikeParams => ({
    format: LIKE_FORMAT,
    version: LIKE_VERSION,
    preset,
    growth: { terminals: 1, lengthRatio: 1, curvature: 1, tortuosity: 1 },
    imaging: { contrast: 1, noise: 1, blur: 1 },
    voxelSize: 0.4,
    anisotropy: 1,
    depth: 1,
  });
  const label = (preset: SamplePresetName) => makeSample(sampleSpec(3, { seed: 5, size: 24, labelConvention: "lumen", like: like(preset) })).label.data;
  const tof = label("brain-tof");
  assert.ok(
    tof.some((v) => v > 0),
    "the sample holds vessels",
  );
  assert.deepEqual(label("brain-cemra"), tof);
  assert.deepEqual(label("brain-cta"), tof);
  assert.deepEqual(label("liver-cemra"), label("liver-cta"));
  assert.notDeepEqual(label("kidney-cta"), tof);
});
