import type { Volume } from "../volume/index.js";
import { bettiNumbers } from "./betti.js";
import { clDice } from "./clDice.js";
import { hausdorffDistance } from "./hausdorff.js";
import { assertSameAffine, assertSameDims, binarize } from "./mask.js";
import { confusionCounts, overlapScores } from "./overlap.js";

/** The metrics of one predicted mask against its label. */
export interface CaseMetrics {
  dice: number;
  clDice: number;
  precision: number;
  recall: number;
  /** mm; 0 when both masks are empty, Infinity when exactly one is. */
  hd95: number;
  betti0Error: number;
  betti1Error: number;
}

/**
 * Every segmentation metric of `pred` against `label`, both binarised at value > `threshold` (default 0). The two
 * must lie on one grid (same dims, affines equal within 1e-3 mm), else a RangeError says to resample.
 * Empty masks: Dice, clDice, precision and recall are 1 when both are empty and 0 when only one is.
 */
export function evaluateCase(pred: Volume, label: Volume, options: { threshold?: number } = {}): CaseMetrics {
  assertSameDims(pred, label, "evaluateCase");
  assertSameAffine(pred, label, "evaluateCase");
  const p = binarize(pred, options.threshold ?? 0),
    l = binarize(label, options.threshold ?? 0);
  const bp = bettiNumbers(p),
    bl = bettiNumbers(l);
  const overlap = overlapScores(confusionCounts(p, l));
  return {
    dice: overlap.dice,
    clDice: clDice(p, l),
    precision: overlap.precision,
    recall: overlap.recall,
    hd95: hausdorffDistance(p, l, 95),
    betti0Error: Math.abs(bp.b0 - bl.b0),
    betti1Error: Math.abs(bp.b1 - bl.b1),
  };
}
