/**
 * Test-time adaptation of the input, chosen by the network's own output (docs/results/adaptation/rule.md): the scan
 * is segmented as made and after each candidate transform (smoothing, field correction, bias correction, gamma), and
 * also flipped on all three axes where the rule measures flip inconsistency; a transform's segmentation is kept only when it lowers every
 * label-free measure of the rule (ambiguity, foreground entropy, flip inconsistency) by the rule's margin, else the
 * scan's own. No gradient and no second model: forward passes of the segmenter only, so the page and the CLI run the
 * same code. models/train/input_adapt.py is its PyTorch twin.
 */
import { dice } from "../metrics/index.js";
import { smoothVoxels } from "../vesselness/index.js";
import type { Vec3, Volume } from "../volume/index.js";
import { estimateLogField, logFieldValues } from "./biasField.js";
import { fieldOfView } from "./fieldOfView.js";
import { type ModelCard, modelSpacing } from "./modelCard.js";
import { percentileNormalise } from "./percentileNormalise.js";
import type { SegmentResult } from "./segmentVolume.js";

/** An input transform, applied in this order to the normalised scan: field correction, bias correction, gamma, Gaussian smoothing. */
export interface InputTransform {
  /**
   * Divide by the scan's first-order bias field (biasField.ts: a robust fit of log x to a plane, inside the field of
   * view), renormalised: a smooth gradient of brightness across the scan removed, nothing narrower.
   */
  field?: boolean;
  /**
   * Divide by a Gaussian-smoothed copy (σ BIAS_SIGMA voxels of the model's grid, at least BIAS_FLOOR), renormalised.
   * Its edges are reflected; transform_probe.py's bias correction repeated them (mode "nearest"). No rule uses it yet.
   */
  biasCorrect?: boolean;
  /** x ↦ x^gamma of the normalised intensities (1: none). */
  gamma?: number;
  /** Gaussian smoothing, σ in voxels of the model's grid (0: none). */
  sigma?: number;
}

export type InputMeasure = "ambiguity" | "entropy" | "inconsistency";

export interface InputRule {
  /** What is tried besides the scan as made. */
  candidates: InputTransform[];
  /** A candidate is eligible when every measure is below (1 − margin) × the scan's own; the lowest first measure wins. */
  measures: InputMeasure[];
  margin: number;
}

/**
 * The rule chosen on the development set (rule.md, round 3): smoothing σ 0.8 or the first-order field removed, each
 * eligible when ambiguity and foreground entropy both fall by 5 %; of the eligible, the lower ambiguity.
 */
export const INPUT_RULE: InputRule = { candidates: [{ sigma: 0.8 }, { field: true }], measures: ["ambiguity", "entropy"], margin: 0.05 };
export const BIAS_SIGMA = 12;
export const BIAS_FLOOR = 0.02;
/** Probabilities strictly between these count as ambiguous. */
export const AMBIGUOUS: readonly [number, number] = [0.1, 0.9];
/** Foreground entropy is the mean over voxels of probability above this. */
export const ENTROPY_FLOOR = 0.05;

/** How many segmentations a rule runs: one per trial (the scan as made and each candidate), two where it measures flip inconsistency. */
export function inputSegmentations(rule: InputRule = INPUT_RULE): number {
  return (rule.measures.includes("inconsistency") ? 2 : 1) * (1 + rule.candidates.length);
}

/**
 * Voxels of probability strictly inside AMBIGUOUS per voxel above `threshold` (at least 1). adaptInput passes the
 * card's threshold (0.5 for the committed card, the value the rule was chosen with: input_adapt.py's is fixed at 0.5).
 */
export function ambiguity(probability: ArrayLike<number>, threshold = 0.5): number {
  let ambiguous = 0;
  let above = 0;
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    if (p > AMBIGUOUS[0] && p < AMBIGUOUS[1]) ambiguous++;
    if (p > threshold) above++;
  }
  return ambiguous / Math.max(1, above);
}

/** Mean binary entropy (nats) of the probabilities above ENTROPY_FLOOR (0 when none is): how undecided the network is where it sees anything. */
export function foregroundEntropy(probability: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    if (!(p > ENTROPY_FLOOR)) continue;
    const q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
    sum -= q * Math.log(q) + (1 - q) * Math.log(1 - q);
    n++;
  }
  return n ? sum / n : 0;
}

/** 1 − Dice of a mask and the mask of the flipped scan flipped back (0 when both are empty). */
export function inconsistency(mask: Volume, flippedBack: Volume): number {
  return 1 - dice(mask, flippedBack);
}

/** The volume flipped on all three axes: with x fastest, reversing the voxel order reverses x, y and z at once. */
export function flipScan<T extends Volume>(volume: T): T {
  const data = volume.data.slice().reverse();
  return { ...volume, data, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] } as T;
}

/**
 * `volume` transformed as the network would see it transformed: normalised by the card's percentiles (inside the field
 * of view when the background is masked), then field correction (fitted inside that field of view), bias correction,
 * gamma and smoothing, σ converted from the model's grid to the scan's voxels. A masked background is set just below every other value, so that segmentVolume finds the
 * same field of view in the result and its percentiles leave the transformed intensities as they are (within 1e-4).
 */
export function transformScan(volume: Volume, transform: InputTransform, card: ModelCard, options: { maskBackground?: boolean } = {}): Volume<Float32Array> {
  const { field = false, biasCorrect = false, gamma = 1, sigma = 0 } = transform;
  if (!(gamma > 0 && Number.isFinite(gamma))) throw new RangeError(`transformScan: gamma = ${gamma}; give a positive number`);
  if (!(sigma >= 0 && Number.isFinite(sigma))) throw new RangeError(`transformScan: sigma = ${sigma}; give a σ ≥ 0 in voxels of the model's grid`);
  const fov = options.maskBackground === false ? null : fieldOfView(volume);
  const { volume: normalised } = percentileNormalise(volume, card.normalisation.percentiles, { clip: card.normalisation.clip, within: fov?.mask });
  const target = modelSpacing(card.spacing, volume.spacing);
  const toScan = (s: number): Vec3 => volume.spacing.map((v, a) => (target === "native" ? s : (s * target[a]) / v)) as Vec3;
  let x = normalised.data;
  if (field) {
    const log = logFieldValues(estimateLogField(x, volume.dims, fov?.mask), volume.dims);
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] / Math.exp(log[i]);
    x = renormalise(y, volume, card, fov?.mask);
  }
  if (biasCorrect) {
    const field = smoothVoxels(x, volume.dims, toScan(BIAS_SIGMA), { truncate: 4 });
    const y = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) y[i] = x[i] / Math.max(field[i], BIAS_FLOOR);
    x = renormalise(y, volume, card, fov?.mask);
  }
  if (gamma !== 1) x = x.map((v) => Math.max(v, 0) ** gamma);
  if (sigma > 0) x = smoothVoxels(x, volume.dims, toScan(sigma), { truncate: 4 });
  if (fov) {
    // the background just below every other value: segmentVolume finds the same field of view, and its percentiles
    // (taken inside it, the background margin included) map the transformed intensities to themselves within 1e-4.
    // (−1 would become the low percentile and halve the scan's contrast.) x is this call's own array: safe to write.
    let lowest = Infinity;
    for (let i = 0; i < x.length; i++) if (volume.data[i] !== fov.background && x[i] < lowest) lowest = x[i];
    const marker = Math.fround((Number.isFinite(lowest) ? Math.min(lowest, 0) : 0) - 1e-4);
    for (let i = 0; i < x.length; i++) if (volume.data[i] === fov.background) x[i] = marker;
  }
  return { data: x, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
}

function renormalise(data: Float32Array, volume: Volume, card: ModelCard, within?: Uint8Array): Float32Array {
  const grid = { data, dims: volume.dims, spacing: volume.spacing, affine: volume.affine };
  return percentileNormalise(grid, card.normalisation.percentiles, { clip: card.normalisation.clip, within }).volume.data;
}

export interface InputTrial {
  transform: InputTransform | null;
  ambiguity: number;
  entropy: number;
  /** null where the rule does not measure it (no flipped segmentation was run). */
  inconsistency: number | null;
}

export interface AdaptInputResult {
  /**
   * The segmentation kept: of the chosen transform's scan, else of the scan as made (on the scan's grid). Its details'
   * low, high and background are the scan's own (the transformed scan's would be of its normalised intensities, and
   * its background the marker transformScan sets).
   */
  result: SegmentResult;
  /** The segmentation of the scan as made (the same object as `result` when nothing was chosen). */
  own: SegmentResult;
  /** The chosen transform; null: the scan as made. */
  chosen: InputTransform | null;
  /** The scan's own measures first, then each candidate's. */
  trials: InputTrial[];
  /** Segmentations run: one per trial, two where the rule measures flip inconsistency. */
  segmentations: number;
}

/**
 * The rule on one scan. `segment` segments a volume on the scan's grid (segmentVolume with the card, on any backend);
 * `card` gives the normalisation, the threshold and the voxel size σ is measured in (spacing resolved, not "auto").
 */
export async function adaptInput(
  volume: Volume,
  segment: (volume: Volume, label: string) => Promise<SegmentResult>,
  card: ModelCard,
  options: { rule?: InputRule; maskBackground?: boolean } = {},
): Promise<AdaptInputResult> {
  const { rule = INPUT_RULE, maskBackground = true } = options;
  if (!(rule.margin >= 0 && rule.margin < 1)) throw new RangeError(`adaptInput: margin = ${rule.margin}; give a fraction 0 ≤ margin < 1`);
  if (rule.measures.length === 0) throw new RangeError("adaptInput: give at least one measure");
  const flips = rule.measures.includes("inconsistency");
  const trial = async (scan: Volume, transform: InputTransform | null) => {
    const name = transform ? describeTransform(transform) : "as made";
    const result = await segment(scan, name);
    const flipped = flips ? await segment(flipScan(scan), `${name}, flipped`) : null;
    const measures: InputTrial = {
      transform,
      ambiguity: ambiguity(result.probability.data, card.threshold),
      entropy: foregroundEntropy(result.probability.data),
      inconsistency: flipped && inconsistency(result.mask, flipScan(flipped.mask)),
    };
    return { result, measures };
  };
  const own = await trial(volume, null);
  const trials: InputTrial[] = [own.measures];
  let best: { result: SegmentResult; measures: InputTrial } | null = null;
  for (const transform of rule.candidates) {
    const t = await trial(transformScan(volume, transform, card, { maskBackground }), transform);
    trials.push(t.measures);
    const eligible = rule.measures.every((m) => t.measures[m]! < (1 - rule.margin) * own.measures[m]!);
    const first = rule.measures[0];
    if (eligible && (!best || t.measures[first]! < best.measures[first]!)) best = t;
  }
  const d = own.result.details;
  const result = best ? { ...best.result, details: { ...best.result.details, low: d.low, high: d.high, background: d.background } } : own.result;
  return { result, own: own.result, chosen: best?.measures.transform ?? null, trials, segmentations: inputSegmentations(rule) };
}

/** "smoothed σ 0.8", "field-corrected", "bias-corrected, gamma 0.7", … */
export function describeTransform(t: InputTransform): string {
  const parts = [
    t.field ? "field-corrected" : "",
    t.biasCorrect ? "bias-corrected" : "",
    t.gamma !== undefined && t.gamma !== 1 ? `gamma ${t.gamma}` : "",
    t.sigma ? `smoothed σ ${t.sigma}` : "",
  ];
  return parts.filter(Boolean).join(", ") || "as made";
}

/** One line for a report: what was tried, the measures, and what was kept. */
export function describeInputAdaptation(r: AdaptInputResult): string {
  const fmt = (t: InputTrial) =>
    `ambiguity ${t.ambiguity.toFixed(3)}, foreground entropy ${t.entropy.toFixed(3)}` +
    (t.inconsistency === null ? "" : `, flip inconsistency ${t.inconsistency.toFixed(3)}`);
  const [own, ...rest] = r.trials;
  const tried = rest.map((t) => `${describeTransform(t.transform!)}: ${fmt(t)}`).join("; ");
  return r.chosen
    ? `input adaptation: kept the ${describeTransform(r.chosen)} scan (as made: ${fmt(own)}; ${tried})`
    : `input adaptation: kept the scan as made (${fmt(own)}; ${tried}): no transform lowered every measure by the rule's margin, so the mask is the unadapted one`;
}
