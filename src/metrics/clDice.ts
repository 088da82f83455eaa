import { type Mask, type VoxelGrid, assertSameDims, binarize } from "./mask.js";
import { skeletonizeMask } from "./skeletonize.js";

/** Fraction of `skeleton`'s voxels that lie inside `mask`; 1 for an empty skeleton. */
function coveredFraction(skeleton: Mask, mask: Mask): number {
  let total = 0,
    inside = 0;
  for (let n = 0; n < skeleton.data.length; n++) {
    if (!skeleton.data[n]) continue;
    total++;
    if (mask.data[n]) inside++;
  }
  return total === 0 ? 1 : inside / total;
}

/**
 * Centreline Dice (Shit et al. 2021): with S(·) the 3D skeleton, Tprec = |S(P) ∩ L| / |S(P)| and
 * Tsens = |S(L) ∩ P| / |S(L)|, clDice = 2 · Tprec · Tsens / (Tprec + Tsens). Foreground is value > 0.
 * Both empty: 1; exactly one empty: 0.
 */
export function clDice(pred: VoxelGrid, label: VoxelGrid): number {
  return clDiceAgainst(label)(pred);
}

/**
 * clDice against one label for many predictions: the label is binarised and skeletonised once (the slow step), not
 * once per prediction as calling clDice for each would.
 */
export function clDiceAgainst(label: VoxelGrid): (pred: VoxelGrid) => number {
  const l = binarize(label);
  const lEmpty = !l.data.includes(1);
  let skeleton: Mask | null = null;
  return (pred) => {
    assertSameDims(pred, label, "clDice");
    const p = binarize(pred);
    const pEmpty = !p.data.includes(1);
    if (pEmpty || lEmpty) return pEmpty && lEmpty ? 1 : 0;
    skeleton ??= skeletonizeMask(l);
    const tprec = coveredFraction(skeletonizeMask(p), l);
    const tsens = coveredFraction(skeleton, p);
    return tprec + tsens === 0 ? 0 : (2 * tprec * tsens) / (tprec + tsens);
  };
}
