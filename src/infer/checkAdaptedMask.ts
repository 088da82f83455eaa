/** How far test-time adaptation moved a segmentation, and whether that is within what the lab trusts it for. */
export interface AdaptedMaskCheck {
  /** Voxels marked in one mask and not the other. */
  changed: number;
  /** Voxels marked without adaptation. */
  marked: number;
  /** changed / marked (Infinity when nothing was marked and something changed). */
  fraction: number;
  /** fraction ≤ maxChange: keep the adapted mask; else keep the unadapted one. */
  kept: boolean;
  maxChange: number;
}

/**
 * The trust region of test-time adaptation. The reconstruction loss adaptation lowers is not the segmentation's
 * quality: on synthetic scans pushed off-domain (heavy noise above all) the adapted inputs that reconstruct better
 * often shrink or grow the mask and lower Dice. So the adapted mask is kept only when it differs from the unadapted
 * one in at most `maxChange` (default 5 %) of the unadapted mask's voxels (symmetric difference). With c changed
 * voxels, the true positives move by at most c and the mask's size by at most c, so Dice can fall by at most about
 * 2c / (|mask| + |label|): with the default, 0.05 when mask and label are of one size (models/README.md gives the measurements).
 */
export function checkAdaptedMask(unadapted: ArrayLike<number>, adapted: ArrayLike<number>, maxChange = 0.05): AdaptedMaskCheck {
  if (unadapted.length !== adapted.length) throw new RangeError(`checkAdaptedMask: masks of ${unadapted.length} and ${adapted.length} voxels`);
  if (!(maxChange >= 0)) throw new RangeError(`checkAdaptedMask: maxChange = ${maxChange}; give a fraction ≥ 0`);
  let changed = 0;
  let marked = 0;
  for (let i = 0; i < unadapted.length; i++) {
    const a = unadapted[i] > 0;
    if (a) marked++;
    if (a !== adapted[i] > 0) changed++;
  }
  const fraction = changed === 0 ? 0 : marked === 0 ? Infinity : changed / marked;
  return { changed, marked, fraction, kept: fraction <= maxChange, maxChange };
}

/** How much the mask moved, in words: "10.5 % of the unadapted mask's voxels", or "12 voxels, where the unadapted mask marks none". */
export function describeMaskChange(check: Pick<AdaptedMaskCheck, "changed" | "marked" | "fraction">): string {
  if (check.marked === 0) return `${check.changed} voxel${check.changed === 1 ? "" : "s"}, where the unadapted mask marks none`;
  return `${(100 * check.fraction).toFixed(1)} % of the unadapted mask's voxels`;
}
