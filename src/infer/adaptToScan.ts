import { createRng } from "../random/index.js";
import { type Vec3, type Volume, cropVolume } from "../volume/index.js";
import { cubeMask, hideMasked } from "./cubeMask.js";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { prepareForModel } from "./prepareForModel.js";
import type { TileDims } from "./runTile.js";
import { yieldToEvents } from "./yieldToEvents.js";

/** Reconstruction of one masked tile with the given adaptation inputs (name → values). */
export type RunAdapted = (input: Float32Array, dims: TileDims, adaptation: Record<string, Float32Array>) => Promise<Float32Array>;

export interface AdaptOptions {
  card?: ModelCard;
  /** The reconstructor, fed masked tiles and adaptation inputs. */
  reconstruct: RunAdapted;
  /** The adaptation inputs: name → [shape, identity value] (OrtModel.adaptationShapes with the card's adaptationInputs). */
  inputs: Record<string, { shape: readonly number[]; identity: number }>;
  /** SPSA iterations (2 evaluations of the loss each); default 20. */
  steps?: number;
  /** Crops of the scan the loss is measured on (fixed, with fixed masks); default 2. */
  crops?: number;
  /** Side of a crop in model voxels, a multiple of the stride (shorter axes: the whole axis); default 48. */
  cropSize?: number;
  maskRatio?: number;
  maskPatch?: number;
  seed?: number;
  /** First step length per parameter (it decays as (k + 1 + A)^−0.602); default 0.05. */
  rate?: number;
  /** First perturbation size (it decays as (k + 1)^−0.101); default 0.05. */
  perturbation?: number;
  /** Called after each step with its estimate of the loss (mean of the two evaluations). */
  onStep?: (step: AdaptStep) => void;
  signal?: AbortSignal;
  maxVoxels?: number;
}

export interface AdaptStep {
  step: number;
  /** (L(θ + cΔ) + L(θ − cΔ)) / 2: the loss near θ, which the search lowers. */
  loss: number;
}

export interface AdaptResult {
  /** The adaptation inputs to segment with: the search's best point when it lowered the loss, else the identity. */
  adaptation: Record<string, Float32Array>;
  /** Masked-reconstruction loss on the fixed crops at the identity (the model as trained) and at `adaptation`. */
  before: number;
  after: number;
  /** False when the search did not lower the loss: the identity is kept and segmentation is unchanged. */
  accepted: boolean;
  curve: AdaptStep[];
  /** Forward passes of the reconstructor. */
  passes: number;
}

/**
 * Test-time adaptation with forward passes only (onnxruntime-web cannot train): SPSA (Spall 1992) over the model's
 * adaptation inputs (per-channel scale and shift of the first feature map), minimising the masked-reconstruction loss
 * on fixed crops of the scan with fixed masks, so every evaluation compares like with like. Each step perturbs every
 * parameter by ±c at once, evaluates the loss on both sides, and moves each parameter by the step length against the
 * sign of its gradient estimate (normalised SPSA: the step does not depend on the loss's scale). The best point seen
 * is measured exactly at the end and kept only if its loss is below the identity's: adaptation never makes the
 * reconstruction worse on the scan it adapts to. The same code runs in the CLI (--adapt) and in the page.
 */
export async function adaptToScan(volume: Volume, options: AdaptOptions): Promise<AdaptResult> {
  const {
    card = DEFAULT_MODEL_CARD as ModelCard,
    reconstruct,
    inputs,
    steps = 20,
    crops = 2,
    cropSize = 48,
    maskRatio = 0.5,
    maskPatch = 8,
    seed = 0,
    rate = 0.05,
    perturbation = 0.05,
    onStep,
    signal,
    maxVoxels,
  } = options;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`adaptToScan: steps = ${steps}; give a whole number ≥ 0`);
  if (!Number.isInteger(crops) || crops < 1) throw new RangeError(`adaptToScan: crops = ${crops}; give a positive integer`);
  if (!Number.isInteger(cropSize) || cropSize < card.stride || cropSize % card.stride)
    throw new RangeError(`adaptToScan: cropSize = ${cropSize}; give a multiple of the model's stride ${card.stride}`);
  const names = Object.keys(inputs);
  if (names.length === 0)
    throw new Error("adaptToScan: the model has no adaptation inputs; export it with adapt_scale and adapt_shift (models/train/export.py)");
  const sizes = names.map((n) => inputs[n].shape.reduce((a, b) => a * b, 1));
  const theta0 = new Float64Array(sizes.reduce((a, b) => a + b, 0));
  for (let p = 0, i = 0; p < names.length; p++) for (let q = 0; q < sizes[p]; q++) theta0[i++] = inputs[names[p]].identity;
  const unpack = (theta: Float64Array) => {
    const out: Record<string, Float32Array> = {};
    for (let p = 0, i = 0; p < names.length; p++) {
      out[names[p]] = Float32Array.from(theta.subarray(i, i + sizes[p]));
      i += sizes[p];
    }
    return out;
  };

  const prepared = prepareForModel(volume, card, maxVoxels);
  const full = prepared.padded.volume;
  const side = full.dims.map((n) => Math.min(cropSize, n)) as Vec3;
  const rng = createRng(seed).fork("adapt");
  const batch: { masked: Float32Array; original: Float32Array; hidden: Uint8Array }[] = [];
  for (let c = 0; c < crops; c++) {
    const start = full.dims.map((n, a) => rng.int(0, n - side[a])) as Vec3;
    const original = cropVolume(full, start, start.map((s, a) => s + side[a]) as Vec3).data;
    const hidden = cubeMask(side, maskPatch, maskRatio, rng.fork(c));
    batch.push({ original, hidden, masked: hideMasked(original, hidden) });
  }
  const dims: TileDims = [1, 1, side[2], side[1], side[0]];
  let passes = 0;
  const loss = async (theta: Float64Array): Promise<number> => {
    const adaptation = unpack(theta);
    let sum = 0;
    let count = 0;
    for (const b of batch) {
      if (signal) await yieldToEvents(); // lets a worker read a cancel between passes
      signal?.throwIfAborted();
      const y = await reconstruct(b.masked.slice(), dims, adaptation);
      passes++;
      for (let n = 0; n < y.length; n++) {
        if (!b.hidden[n]) continue;
        const d = y[n] - b.original[n];
        sum += d * d;
        count++;
      }
    }
    return count ? sum / count : 0;
  };

  const before = await loss(theta0);
  const curve: AdaptStep[] = [{ step: 0, loss: before }];
  onStep?.(curve[0]);
  const theta = Float64Array.from(theta0);
  let best = Float64Array.from(theta0);
  let bestEstimate = before;
  const stability = Math.max(1, steps / 10);
  const plus = new Float64Array(theta.length);
  const minus = new Float64Array(theta.length);
  const delta = new Int8Array(theta.length);
  for (let k = 0; k < steps; k++) {
    const a = rate / (k + 1 + stability) ** 0.602;
    const c = perturbation / (k + 1) ** 0.101;
    for (let i = 0; i < theta.length; i++) {
      delta[i] = rng.chance(0.5) ? 1 : -1;
      plus[i] = theta[i] + c * delta[i];
      minus[i] = theta[i] - c * delta[i];
    }
    const lp = await loss(plus);
    const lm = await loss(minus);
    const estimate = (lp + lm) / 2;
    if (estimate < bestEstimate) {
      bestEstimate = estimate;
      best = Float64Array.from(theta);
    }
    const direction = Math.sign(lp - lm);
    for (let i = 0; i < theta.length; i++) theta[i] -= a * direction * delta[i];
    const step = { step: k + 1, loss: estimate };
    curve.push(step);
    onStep?.(step);
  }
  const after = steps > 0 ? await loss(best) : before;
  const accepted = after < before;
  return { adaptation: unpack(accepted ? best : theta0), before, after: accepted ? after : before, accepted, curve, passes };
}
