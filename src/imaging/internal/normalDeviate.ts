/**
 * Fast standard normal deviates for per-voxel noise: one uniform from the seeded Rng, mapped
 * through a piecewise-linear inverse normal CDF (8192 bins). The table is rescaled so that the
 * distribution has mean 0 and variance exactly 1; its tails stop at about ±3.9σ, which no
 * image-noise statistic here can tell apart from a true normal. About 4× faster than
 * Box–Muller, which matters at 2 million voxels. Built with src/math's log, so the table is the
 * same in every engine.
 */
import type { Rng } from "../../random/index.js";
import { log } from "../../math/index.js";

const BINS = 8192;

/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`inverseNormalCdf: p = ${p}; give 0 < p < 1`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormalCdf(1 - p);
  const q = p - 0.5,
    r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function buildTable(): Float64Array {
  const t = new Float64Array(BINS + 1);
  for (let i = 1; i < BINS; i++) t[i] = inverseNormalCdf(i / BINS);
  t[0] = inverseNormalCdf(0.25 / BINS);
  t[BINS] = -t[0];
  // Each bin carries mass 1/BINS, spread uniformly between its two ends.
  let m2 = 0;
  for (let i = 0; i < BINS; i++) m2 += (t[i] * t[i] + t[i] * t[i + 1] + t[i + 1] * t[i + 1]) / 3;
  const scale = 1 / Math.sqrt(m2 / BINS);
  for (let i = 0; i <= BINS; i++) t[i] *= scale;
  return t;
}

/** The quantile table; exported for the noise effects' inner loops. */
export const NORMAL_TABLE: Float64Array = buildTable();
export const NORMAL_BINS = BINS;

/** One standard normal deviate from one uniform of `rng`. */
export function normalDeviate(rng: Rng): number {
  const u = rng.next() * BINS;
  const i = u | 0;
  return NORMAL_TABLE[i] + (NORMAL_TABLE[i + 1] - NORMAL_TABLE[i]) * (u - i);
}
