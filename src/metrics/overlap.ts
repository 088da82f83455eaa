import { type VoxelGrid, assertSameDims, binarize } from "./mask.js";

/** Voxel counts of a prediction against a label (foreground = value > 0). */
export interface ConfusionCounts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
}

/** The confusion counts of `pred` against `label`, which must share dims. */
export function confusionCounts(pred: VoxelGrid, label: VoxelGrid): ConfusionCounts {
  assertSameDims(pred, label, "confusionCounts");
  const p = binarize(pred).data,
    l = binarize(label).data;
  let tp = 0,
    fp = 0,
    fn = 0;
  for (let n = 0; n < p.length; n++) {
    if (p[n]) {
      if (l[n]) tp++;
      else fp++;
    } else if (l[n]) fn++;
  }
  return { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: p.length - tp - fp - fn };
}

/** numerator / denominator, where 0 / 0 (nothing to find and nothing found) scores 1. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : numerator / denominator;
}

/** Dice, IoU, precision and recall of one set of counts, with the empty-mask rules of the functions below. */
export function overlapScores(c: ConfusionCounts): { dice: number; iou: number; precision: number; recall: number } {
  const { truePositive: tp, falsePositive: fp, falseNegative: fn } = c;
  return {
    dice: ratio(2 * tp, 2 * tp + fp + fn),
    iou: ratio(tp, tp + fp + fn),
    // empty prediction: 1 if the label is empty too, else 0 (nothing right was found); empty label likewise
    precision: tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp),
    recall: tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn),
  };
}

/** Dice = 2|P∩L| / (|P| + |L|). Both empty: 1; one empty: 0. */
export function dice(pred: VoxelGrid, label: VoxelGrid): number {
  return overlapScores(confusionCounts(pred, label)).dice;
}

/** IoU (Jaccard) = |P∩L| / |P∪L|. Both empty: 1; one empty: 0. */
export function iou(pred: VoxelGrid, label: VoxelGrid): number {
  return overlapScores(confusionCounts(pred, label)).iou;
}

/** Precision = |P∩L| / |P|. Empty prediction: 1 if the label is empty too, else 0 (nothing right was found). */
export function precision(pred: VoxelGrid, label: VoxelGrid): number {
  return overlapScores(confusionCounts(pred, label)).precision;
}

/** Recall (sensitivity) = |P∩L| / |L|. Empty label: 1 if the prediction is empty too, else 0. */
export function recall(pred: VoxelGrid, label: VoxelGrid): number {
  return overlapScores(confusionCounts(pred, label)).recall;
}
