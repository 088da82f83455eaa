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

/** Each method's mask of `image` scored against `label` (same grid). */
export async function scoreMethods(
  image: Volume,
  label: Volume,
  { segment, methods = QUALITY_METHODS, withClDice = true }: ScoreOptions,
): Promise<MethodScore[]> {
  const scores: MethodScore[] = [];
  const clDiceOf = withClDice ? clDiceAgainst(label) : null; // the label skeletonised once for every method
  for (const method of methods) {
    const t0 = performance.now();
    const mask = method === "model" ? await segment(image) : baselineMask(image, { method }).mask;
    const seconds = (performance.now() - t0) / 1000;
    const counts = confusionCounts(mask, label);
    const { dice, precision, recall } = overlapScores(counts);
    scores.push({
      method,
      dice,
      clDice: clDiceOf ? clDiceOf(mask) : NaN,
      precision,
      recall,
      marked: (counts.truePositive + counts.falsePositive) / mask.data.length,
      seconds,
    });
  }
  return scores;
}
