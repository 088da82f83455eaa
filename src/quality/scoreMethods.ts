/**
 * One volume with a known label scored for several segmentation methods side by side: the model (through a
 * function the caller gives, so Node and the page run it their own way) and the classical baselines.
 */
import { baselineMask, type BaselineMethod } from "../baselines/index.js";
import { clDiceAgainst, confusionCounts, overlapScores } from "../metrics/index.js";
import type { Volume } from "../volume/index.js";

export type QualityMethod = "model" | BaselineMethod;
export const QUALITY_METHODS: readonly QualityMethod[] = ["model", "otsu", "frangi"];

export interface MethodScore {
  method: QualityMethod;
  dice: number;
  clDice: number;
  precision: number;
  recall: number;
  /** Fraction of the volume marked. */
  marked: number;
  seconds: number;
}

export interface ScoreOptions {
  /** The model's mask of a volume (uint8 0/1 on its grid). */
  segment: (volume: Volume) => Promise<Volume<Uint8Array>>;
  methods?: readonly QualityMethod[];
  /** Skip clDice (a skeletonisation of each mask), for large partial labels where only recall means anything. */
  withClDice?: boolean;
}

/** One method's mask of an image, and the seconds it took. */
export interface MethodMask {
  method: QualityMethod;
  mask: Volume<Uint8Array>;
  seconds: number;
}

/** Each method's mask of `image`: the model's through `segment`, the baselines' computed here. */
export async function methodMasks(image: Volume, { segment, methods = QUALITY_METHODS }: Pick<ScoreOptions, "segment" | "methods">): Promise<MethodMask[]> {
  const masks: MethodMask[] = [];
  for (const method of methods) {
    const t0 = performance.now();
    const mask = method === "model" ? await segment(image) : baselineMask(image, { method }).mask;
    masks.push({ method, mask, seconds: (performance.now() - t0) / 1000 });
  }
  return masks;
}

/** Masks already made (methodMasks) scored against `label` (same grid): one label, as many masks as given. */
export function scoreMasks(masks: readonly MethodMask[], label: Volume, withClDice = true): MethodScore[] {
  const clDiceOf = withClDice ? clDiceAgainst(label) : null; // the label skeletonised once for every method
  return masks.map(({ method, mask, seconds }) => {
    const counts = confusionCounts(mask, label);
    const { dice, precision, recall } = overlapScores(counts);
    return {
      method,
      dice,
      clDice: clDiceOf ? clDiceOf(mask) : NaN,
      precision,
      recall,
      marked: (counts.truePositive + counts.falsePositive) / mask.data.length,
      seconds,
    };
  });
}

/** Each method's mask of `image` scored against `label` (same grid). */
export async function scoreMethods(image: Volume, label: Volume, { segment, methods, withClDice = true }: ScoreOptions): Promise<MethodScore[]> {
  return scoreMasks(await methodMasks(image, { segment, methods }), label, withClDice);
}
