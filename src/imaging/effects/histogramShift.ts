/**
 * Histogram shift (nnU-Net's and vesselFM's histogram augmentation, MONAI's
 * RandHistogramShift): a random monotone piecewise-linear remap of the intensities in
 * [low, high]. With t = (in − low) / (high − low) and m(t) the polyline through the control
 * points (k / (n − 1), points[k]), k = 0..n − 1 (points[0] = 0, points[n − 1] = 1, non-decreasing),
 *
 *   out = low + (high − low) · (t + strength · (m(t) − t))     for low < in < high,
 *
 * and out = in elsewhere. low and high map to themselves, and for strength in [0, 1] the map
 * is a convex combination of two non-decreasing maps, so it keeps the order of intensities.
 * strength 0 (or no control points) is the identity.
 */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { HistogramParams } from "../params.js";

/** At most this many control points. */
export const MAX_HISTOGRAM_POINTS = 64;

export function checkHistogramParams(p: HistogramParams, fn: string): void {
  checkRange(fn, "histogram.strength", p.strength, 0, 1, "0 for none, 1 for the full remap");
  checkFinite(fn, "histogram.low", p.low);
  checkFinite(fn, "histogram.high", p.high);
  if (!(p.high > p.low)) throw new RangeError(`${fn}: histogram.high = ${p.high} is not above histogram.low = ${p.low}; give low < high`);
  if (!Array.isArray(p.points)) throw new TypeError(`${fn}: histogram.points must be an array`);
  const n = p.points.length;
  if (n === 1 || n > MAX_HISTOGRAM_POINTS) throw new RangeError(`${fn}: histogram.points has ${n} values; give none or 2 to ${MAX_HISTOGRAM_POINTS}`);
  p.points.forEach((y, k) => checkRange(fn, `histogram.points[${k}]`, y, 0, 1, "fraction of [low, high]"));
  if (n > 0 && (p.points[0] !== 0 || p.points[n - 1] !== 1))
    throw new RangeError(`${fn}: histogram.points = [${p.points[0]}, …, ${p.points[n - 1]}]; the first must be 0 and the last 1`);
  for (let k = 1; k < n; k++) {
    if (p.points[k] < p.points[k - 1])
      throw new RangeError(
        `${fn}: histogram.points[${k}] = ${p.points[k]} is below histogram.points[${k - 1}] = ${p.points[k - 1]}; give a non-decreasing list`,
      );
  }
}

/**
 * n random control points as MONAI draws them: from 0, 1/(n − 1), …, 1, each inner point in
 * turn uniform between the (moved) previous one and the next one's original position.
 */
export function histogramControlPoints(n: number, rng: Rng): number[] {
  if (!(Number.isInteger(n) && n >= 2 && n <= MAX_HISTOGRAM_POINTS))
    throw new RangeError(`histogramControlPoints: n = ${n}; give an integer from 2 to ${MAX_HISTOGRAM_POINTS}`);
  const y = Array.from({ length: n }, (_, k) => k / (n - 1));
  for (let k = 1; k < n - 1; k++) y[k] = rng.uniform(y[k - 1], y[k + 1]);
  return y;
}

/** The effect as a kernel over voxel ranges (null when it is the identity). */
export function histogramKernel(params: HistogramParams): PointwiseKernel | null {
  checkHistogramParams(params, "histogramShift");
  const n = params.points.length;
  if (params.strength === 0 || n === 0) return null;
  const { low, high, strength } = params;
  const span = high - low,
    toT = (n - 1) / span;
  // Per segment k: out = base[k] + slope[k] · (in − low − k · span / (n − 1)).
  const base = new Float64Array(n),
    slope = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) {
    const t0 = k / (n - 1),
      m0 = params.points[k],
      m1 = params.points[k + 1];
    base[k] = low + span * (t0 + strength * (m0 - t0));
    slope[k] = 1 - strength + strength * (m1 - m0) * (n - 1);
  }
  base[n - 1] = high;
  const step = span / (n - 1);
  return (data, v0, v1) => remap(data, v0, v1, low, high, toT, step, n - 2, base, slope);
}

/** The remap over data[v0..v1) (arguments as locals, for the JIT). */
function remap(
  data: Float32Array,
  v0: number,
  v1: number,
  low: number,
  high: number,
  toT: number,
  step: number,
  last: number,
  base: Float64Array,
  slope: Float64Array,
): void {
  for (let v = v0; v < v1; v++) {
    const x = data[v];
    if (!(x > low && x < high)) continue;
    let k = ((x - low) * toT) | 0; // in [0, n − 1]: x is inside (low, high)
    if (k > last) k = last;
    data[v] = base[k] + slope[k] * (x - low - k * step);
  }
}

export function histogramShift(image: Volume<Float32Array>, params: HistogramParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = histogramKernel(params);
  const o = outputFor(image, out, "histogramShift");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
