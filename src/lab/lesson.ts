/**
 * The Lesson page's computations (notebooks/lesson.md, a 45-minute class on sim-to-real), as pure functions the engine
 * worker runs and the tests check:
 *
 * - lessonSample: one small synthetic scan and its label (the lumen, or the visible edge the committed model learnt),
 *   with chosen imaging effects switched off (the same tree, grid, lumen and random streams; only the switched-off
 *   effects change the image);
 * - labelCost, busiestSlice: how much of a scan a label has to mark (why labels are scarce), and where it marks most;
 * - EFFECT_GROUPS, effectsOff: the simulator's 23 effects in a few plain groups a student can switch;
 * - thresholdDice, learnThreshold, randomisationExperiment: the smallest "learner" there is, one threshold on the
 *   model's normalised intensities, learnt with the simulator's labels on samples made with some effects off and tested
 *   on samples made with every effect on: what a model learns from a simulator that randomises too little.
 */
import { type LabelConvention, sampleGeometry, sampleLabel, sampleSpec, type SamplePresetName } from "../dataset/index.js";
import { EFFECTS, synthesiseImage, withoutEffects, type EffectName } from "../imaging/index.js";
import { percentileNormalise } from "../infer/percentileNormalise.js";
import { binarize, confusionCounts, overlapScores } from "../metrics/index.js";
import type { Volume } from "../volume/index.js";

/** The lesson's scans: small enough for a class's laptops (one 48³ tile of the model). */
export const LESSON_SIZE = 48;
/** The sample presets the lesson offers (a brain MRA, a brain CT angiogram, a microscopy stack). */
export const LESSON_PRESETS = ["brain-tof", "brain-cta", "microscopy"] as const satisfies readonly SamplePresetName[];
export type LessonPreset = (typeof LESSON_PRESETS)[number];

export interface EffectGroup {
  key: string;
  /** What the page shows. */
  plain: string;
  effects: readonly EffectName[];
}

/** Every imaging effect (src/imaging EFFECTS) in exactly one group, in the order the page lists them. */
export const EFFECT_GROUPS: readonly EffectGroup[] = [
  { key: "texture", plain: "tissue texture and patches", effects: ["texture", "blobs", "cells", "perlin", "voronoi"] },
  { key: "body", plain: "body outline (air, skull)", effects: ["body"] },
  {
    key: "vessels",
    plain: "how vessels look (soft edges, fading, dark vessels)",
    effects: ["inversion", "classGain", "flowFade", "partialVolume", "addedVessels"],
  },
  { key: "distractors", plain: "look-alike tubes and spots", effects: ["distractors"] },
  { key: "brightness", plain: "uneven brightness and lost signal", effects: ["bias", "attenuation", "dropouts"] },
  { key: "blur", plain: "blur and coarse voxels", effects: ["blur", "resolution"] },
  { key: "artefacts", plain: "scanner artefacts (motion, ringing, stripes)", effects: ["motion", "gibbs", "spikes"] },
  { key: "noise", plain: "noise", effects: ["noise"] },
  { key: "levels", plain: "brightness curve and levels", effects: ["intensity", "histogram"] },
];

/** The effects switched off when only the groups named in `kept` stay on (unknown keys are ignored). */
export function effectsOff(kept: readonly string[]): EffectName[] {
  const on = new Set(EFFECT_GROUPS.filter((g) => kept.includes(g.key)).flatMap((g) => g.effects));
  return EFFECTS.filter((e) => !on.has(e));
}

export interface LessonSampleOptions {
  preset: LessonPreset | SamplePresetName;
  /** The data set's seed. */
  seed: number;
  /** The sample's index in that data set. */
  index: number;
  size?: number;
  /** Effects switched off (default none). */
  off?: readonly EffectName[];
  /**
   * Which voxels the label marks (src/dataset's conventions): "lumen" (default) or "visible", the half-maximum extent
   * of the vessels in this image, as the model the pages load learnt it (labelConventionOf its card).
   */
  labelConvention?: LabelConvention;
}

export interface LessonSample {
  image: Volume<Float32Array>;
  /** The label: the vessel lumen (the same whichever effects are off) or, asked for, its visible extent in this image. */
  label: Volume<Uint8Array>;
  off: EffectName[];
  /** Milliseconds to make it. */
  ms: number;
}

/**
 * Sample `index` of data set `seed` as `vessel-lab synth --preset P --seed S --index i --size N --voxels scanner
 * [--label-convention visible]` makes it (scanner voxels: the training data of the three-level model committed until stop 33), with the effects in `off` set to their neutral values.
 */
export function lessonSample({ preset, seed, index, size = LESSON_SIZE, off = [], labelConvention = "lumen" }: LessonSampleOptions): LessonSample {
  const t0 = performance.now();
  const spec = sampleSpec(index, { preset, seed, size, voxels: "scanner" });
  const g = sampleGeometry(spec);
  const imaging = withoutEffects(g.imaging, off);
  const image = synthesiseImage(g.maps, imaging, spec.imaging.seed);
  return { image, label: sampleLabel(g.maps, imaging, labelConvention), off: [...off], ms: performance.now() - t0 };
}

export interface LabelCost {
  voxels: number;
  vesselVoxels: number;
  /** vesselVoxels / voxels. */
  fraction: number;
  /** Axial slices (along z), and how many of them hold a vessel voxel: each of those a reader must trace. */
  slices: number;
  slicesWithVessel: number;
}

/** How much a label marks: its voxels, its vessel voxels and the axial slices a reader would have to trace. */
export function labelCost(label: Volume): LabelCost {
  const perSlice = axialCounts(label);
  const vesselVoxels = perSlice.reduce((a, b) => a + b, 0);
  const voxels = label.data.length;
  return {
    voxels,
    vesselVoxels,
    fraction: voxels ? vesselVoxels / voxels : 0,
    slices: perSlice.length,
    slicesWithVessel: perSlice.filter((c) => c > 0).length,
  };
}

/** The label's vessel voxels (value > 0) in each axial slice z. */
function axialCounts(label: Volume): number[] {
  const [nx, ny, nz] = label.dims;
  const counts = new Array<number>(nz).fill(0);
  for (let z = 0; z < nz; z++) for (let n = z * nx * ny; n < (z + 1) * nx * ny; n++) if (label.data[n] > 0) counts[z]++;
  return counts;
}

/** The axial slice (z) with the most vessel voxels, the first such on a tie: where a figure of one slice shows the vessels. */
export function busiestSlice(label: Volume): number {
  const perSlice = axialCounts(label);
  return perSlice.indexOf(Math.max(...perSlice));
}

/** The thresholds the learner tries on normalised intensities: 0.02, 0.04, …, 0.98. */
export const THRESHOLDS: readonly number[] = Array.from({ length: 49 }, (_, i) => (i + 1) / 50);

/** Dice of the mask `values > t` against `label` (label voxels > 0); 1 when both are empty. */
export function thresholdDice(values: ArrayLike<number>, label: ArrayLike<number>, t: number): number {
  if (values.length !== label.length) throw new RangeError(`thresholdDice: ${values.length} values but ${label.length} label voxels`);
  const grid = (data: ArrayLike<number>) => ({
    data: data as Float32Array,
    dims: [data.length, 1, 1] as [number, number, number],
    spacing: [1, 1, 1] as [number, number, number],
  });
  return overlapScores(confusionCounts(binarize(grid(values), t), grid(label))).dice;
}

/** The threshold of `thresholds` with the highest mean Dice over the samples (the lowest such one on a tie), and that Dice. */
export function learnThreshold(
  samples: ReadonlyArray<{ values: ArrayLike<number>; label: ArrayLike<number> }>,
  thresholds: readonly number[] = THRESHOLDS,
): { threshold: number; dice: number } {
  if (!samples.length || !thresholds.length) throw new RangeError("learnThreshold: give at least one sample and one threshold");
  let best = { threshold: thresholds[0], dice: -1 };
  for (const t of thresholds) {
    const mean = samples.reduce((sum, s) => sum + thresholdDice(s.values, s.label, t), 0) / samples.length;
    if (mean > best.dice) best = { threshold: t, dice: mean };
  }
  return best;
}

export interface RandomisationOptions {
  preset: LessonPreset | SamplePresetName;
  /** Groups of EFFECT_GROUPS left on in the training samples; the rest are switched off. */
  kept: readonly string[];
  /** Training and test samples (default 3 each). */
  count?: number;
  size?: number;
  /** Data-set seeds of the training and the test samples (defaults 1 and 99: never the same scans). */
  trainSeed?: number;
  testSeed?: number;
}

export interface RandomisationRun {
  preset: string;
  kept: string[];
  off: EffectName[];
  /** The threshold learnt on the training samples (normalised intensities) and its mean Dice there. */
  threshold: number;
  trainDice: number;
  /** The same threshold on the test samples, made with every effect on: each, and their mean. */
  testDices: number[];
  testDice: number;
  seconds: number;
}

/**
 * Learn one threshold with the simulator's labels on `count` samples made with only the `kept` groups of effects on,
 * then test it on `count` other samples made with every effect on. Samples are normalised as the model's input is
 * (0.5th and 99.5th percentiles to 0 and 1). Progress after each sample; the signal is checked between samples.
 */
export async function randomisationExperiment(
  options: RandomisationOptions,
  hooks: { onProgress?: (done: number, total: number, note?: string) => void; signal?: AbortSignal } = {},
): Promise<RandomisationRun> {
  const { preset, kept, count = 3, size = LESSON_SIZE, trainSeed = 1, testSeed = 99 } = options;
  if (!Number.isInteger(count) || count < 1 || count > 16) throw new RangeError(`randomisationExperiment: count = ${count}; give 1 to 16 samples`);
  const t0 = performance.now();
  const off = effectsOff(kept);
  const total = 2 * count;
  const make = async (seed: number, index: number, without: readonly EffectName[], done: number, note: string) => {
    hooks.signal?.throwIfAborted();
    const s = lessonSample({ preset, seed, index, size, off: without });
    hooks.onProgress?.(done, total, note);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { values: percentileNormalise(s.image).volume.data, label: s.label.data };
  };
  const train = [];
  for (let i = 0; i < count; i++) train.push(await make(trainSeed, i, off, i + 1, `training sample ${i + 1} of ${count}`));
  const learnt = learnThreshold(train);
  const testDices = [];
  for (let i = 0; i < count; i++) {
    const s = await make(testSeed, i, [], count + i + 1, `test scan ${i + 1} of ${count}`);
    testDices.push(thresholdDice(s.values, s.label, learnt.threshold));
  }
  return {
    preset,
    kept: EFFECT_GROUPS.filter((g) => kept.includes(g.key)).map((g) => g.key),
    off,
    threshold: learnt.threshold,
    trainDice: learnt.dice,
    testDices,
    testDice: testDices.reduce((a, b) => a + b, 0) / count,
    seconds: (performance.now() - t0) / 1000,
  };
}
