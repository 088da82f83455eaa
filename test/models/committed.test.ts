// The committed models (models/segmenter.onnx, models/reconstructor.onnx and their cards):
// they load, have the documented inputs and outputs, and segment a small generated volume they
// never saw (a held-out data set seed) above a stated Dice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OrtNodeModel } from "../../src/infer/node.js";
import { adaptInput, labelConventionOf, mirrorIntensities, parseModelCard, segmentVolume } from "../../src/infer/index.js";
import { vesselContrast } from "../../src/quality/index.js";
import { OFF_DOMAIN_PRESETS, offDomainCase } from "../../src/lab/offDomainSet.js";
import type { DomainShift } from "../../src/lab/offDomain.js";
import { type LabelConvention, makeSample, sampleSpec } from "../../src/dataset/index.js";
import { resolveAutoSpacing } from "../../src/scale/index.js";
import { dice } from "../../src/metrics/index.js";

const card = (name: string) => parseModelCard(JSON.parse(readFileSync(`models/${name}.json`, "utf8")), `models/${name}.json`);

/**
 * The mean Dice the committed segmenter must reach on three held-out 64³ samples of a preset
 * (samples 1–3 of data set seed 4242 at the preset's scanner voxel size, none with inverted contrast; labels in the
 * convention the model learnt, at the scale its card picks), 0.05 below what it measured: the committed five-level
 * g33/c5s model 0.576 on brain-tof (0.450, 0.496, 0.780) and 0.664 on liver-cta (0.454, 0.838, 0.699) since stop 45's
 * automatic scale by the thinner quarter of the vessels (liver-cta's third sample kept its grid instead of ×1.59; at
 * stop 33's median rule 0.614, its third 0.549); the same at stop 50's card radius of 24, every sample on its own grid.
 * The three-level step-6,750 model before it measured 0.666 and 0.693 on the lumen labels of its own training world.
 */
export const MIN_MEAN_DICE: Record<"brain-tof" | "liver-cta", number> = { "brain-tof": 0.526, "liver-cta": 0.614 };
/** The voxel policy of those samples: the committed model's training world. */
const SAMPLE_VOXELS = "scanner" as const;

test("models/segmenter.onnx loads with its card: image + adapt_scale + adapt_shift → seg_logit, seg_prob", async () => {
  const model = await OrtNodeModel.load("models/segmenter.onnx", { card: card("segmenter") });
  try {
    assert.deepEqual([...model.inputNames].sort(), ["adapt_scale", "adapt_shift", "image"]);
    assert.deepEqual([...model.outputNames].sort(), ["seg_logit", "seg_prob"]);
    assert.equal(model.io.output, "seg_prob");
  } finally {
    model.dispose();
  }
});

test("models/reconstructor.onnx loads: image + adapt_scale + adapt_shift → recon", async () => {
  const model = await OrtNodeModel.load("models/reconstructor.onnx", { card: card("reconstructor") });
  try {
    assert.deepEqual([...model.outputNames], ["recon"]);
  } finally {
    model.dispose();
  }
});

/** The label convention the committed model learnt (export.py writes it into the card's training field). */
const convention = (): LabelConvention => labelConventionOf(JSON.parse(readFileSync("models/segmenter.json", "utf8")));

for (const preset of ["brain-tof", "liver-cta"] as const) {
  test(`the committed segmenter segments held-out 64³ ${preset} samples with a mean Dice ≥ MIN_MEAN_DICE`, async () => {
    const c = card("segmenter");
    const model = await OrtNodeModel.load("models/segmenter.onnx", { card: c });
    try {
      const scores: number[] = [];
      for (const index of [1, 2, 3]) {
        const sample = makeSample(sampleSpec(index, { seed: 4242, preset, size: 64, voxels: SAMPLE_VOXELS, labelConvention: convention() }));
        const { mask } = await segmentVolume(sample.image, { card: resolveAutoSpacing(c, sample.image).card, runTile: model.runTile });
        scores.push(dice(mask, sample.label));
      }
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      assert.ok(mean >= MIN_MEAN_DICE[preset], `mean Dice ${mean.toFixed(3)} (${scores.map((d) => d.toFixed(3)).join(", ")}) < ${MIN_MEAN_DICE[preset]}`);
    } finally {
      model.dispose();
    }
  });
}

/**
 * Dark vessels with the committed segmenter (`segment --dark`): the first two samples of each of brain-tof, microscopy
 * and liver-cta of seed 4242 drawn with dark vessels (64³, wide voxels, `generate --dark-vessels 1`) whose vessels are
 * darker than the tissue around them, mirrored, reach a mean Dice 0.05 below what it measured at stop 57, when dark
 * vessels took the bright draw's contrast over lifted tissue (brain-tof 0.701, 0.133; microscopy 0.747, 0.855;
 * liver-cta 0.412, 0.417: 0.544; before, with the faint dark vessels of stops 53–56, liver-cta alone: 0.683, and
 * brain-tof and microscopy 0.07–0.10); as made it misses them.
 */
export const MIN_MIRRORED_DARK_DICE = 0.494;

test("the committed segmenter reads dark vessels mirrored (segment --dark) and misses them as made", async () => {
  const c = card("segmenter");
  const model = await OrtNodeModel.load("models/segmenter.onnx", { card: c });
  try {
    const asMade: number[] = [];
    const mirrored: number[] = [];
    for (const preset of ["brain-tof", "microscopy", "liver-cta"] as const) {
      let taken = 0;
      for (let index = 0; taken < 2; index++) {
        const sample = makeSample(sampleSpec(index, { seed: 4242, preset, size: 64, voxels: "wide", labelConvention: convention(), darkVessels: 1 }));
        if (!(vesselContrast(sample.image, sample.label) < 0)) continue;
        taken++;
        for (const [scores, scan] of [
          [asMade, sample.image],
          [mirrored, mirrorIntensities(sample.image)],
        ] as const) {
          const { mask } = await segmentVolume(scan, { card: resolveAutoSpacing(c, scan).card, runTile: model.runTile });
          scores.push(dice(mask, sample.label));
        }
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(mean(mirrored) >= MIN_MIRRORED_DARK_DICE, `mirrored: mean Dice ${mean(mirrored).toFixed(3)} (${mirrored.map((d) => d.toFixed(3)).join(", ")})`);
    assert.ok(mean(asMade) < mean(mirrored) - 0.3, `as made ${mean(asMade).toFixed(3)}, mirrored ${mean(mirrored).toFixed(3)}`);
  } finally {
    model.dispose();
  }
});

/**
 * Adaptation by the input with the committed segmenter (`segment --adapt-input`, INPUT_RULE) on the quick adaptation
 * set (`npm run bench -- adapt --quick`: seed 97, 2 scans of each of brain-tof, liver-cta and microscopy), mean Dice
 * change against the scan as made, 0.05 below what it measured in stop 38 (bias field +0.155; unshifted +0.001, where
 * the floor is the goal's −0.005 instead).
 */
export const MIN_INPUT_ADAPTATION_GAIN: Partial<Record<DomainShift, number>> = { none: -0.005, "strong bias field": 0.105 };

test("adaptation by the input wins back Dice under a strong bias field and leaves unshifted scans as they were", async () => {
  const c = card("segmenter");
  const model = await OrtNodeModel.load("models/segmenter.onnx", { card: c });
  try {
    for (const [shift, floor] of Object.entries(MIN_INPUT_ADAPTATION_GAIN) as Array<[DomainShift, number]>) {
      const changes: number[] = [];
      for (const preset of OFF_DOMAIN_PRESETS)
        for (const i of [0, 1]) {
          const { image, label } = offDomainCase(preset, i, shift, { seed: 97 });
          const scanCard = resolveAutoSpacing(c, image).card;
          const r = await adaptInput(image, (v) => segmentVolume(v, { card: scanCard, runTile: model.runTile }), scanCard);
          changes.push(dice(r.result.mask, label) - dice(r.own.mask, label));
        }
      const mean = changes.reduce((a, b) => a + b, 0) / changes.length;
      assert.ok(mean >= floor, `${shift}: mean change ${mean.toFixed(3)} (${changes.map((d) => d.toFixed(3)).join(", ")}) < ${floor}`);
    }
  } finally {
    model.dispose();
  }
});
