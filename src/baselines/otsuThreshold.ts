/**
 * Otsu's threshold (1979) as scikit-image's `threshold_otsu` computes it for float images: a histogram of `bins`
 * equal bins between the smallest and largest value, the bin centre that maximises the between-class variance; the
 * foreground is `value > threshold`. Non-finite values are skipped.
 */
export interface OtsuOptions {
  /** Histogram bins; default 256 (scikit-image's). */
  bins?: number;
  /** Only the values where this mask is set (a field of view); default all. */
  within?: Uint8Array;
}

/** The threshold, or NaN when there are no finite values; the one value itself when all are equal. */
export function otsuThreshold(values: ArrayLike<number>, { bins = 256, within }: OtsuOptions = {}): number {
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`otsuThreshold: bins = ${bins}; give a whole number ≥ 2`);
  if (within && within.length !== values.length) throw new RangeError(`otsuThreshold: the mask has ${within.length} voxels, the values ${values.length}`);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (within && !within[i]) continue;
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return NaN;
  if (lo === hi) return lo;
  const hist = new Float64Array(bins);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    if (within && !within[i]) continue;
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    // numpy's histogram: bins are [e_k, e_k+1), the last one closed.
    let k = Math.floor((v - lo) / width);
    if (k >= bins) k = bins - 1;
    hist[k]++;
  }
  const centre = (k: number) => lo + (k + 0.5) * width;
  let total = 0,
    totalSum = 0;
  for (let k = 0; k < bins; k++) {
    total += hist[k];
    totalSum += hist[k] * centre(k);
  }
  // Split after bin k: class 1 = bins 0…k, class 2 = bins k+1…; the variance w1·w2·(m1 − m2)².
  let w1 = 0,
    s1 = 0,
    best = -1,
    bestK = 0;
  for (let k = 0; k < bins - 1; k++) {
    w1 += hist[k];
    s1 += hist[k] * centre(k);
    const w2 = total - w1;
    if (w1 === 0 || w2 === 0) continue;
    const m1 = s1 / w1,
      m2 = (totalSum - s1) / w2;
    const between = w1 * w2 * (m1 - m2) * (m1 - m2);
    if (between > best) {
      best = between;
      bestK = k;
    }
  }
  return centre(bestK);
}
