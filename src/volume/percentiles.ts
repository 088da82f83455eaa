import { min, quantileSorted, quickselect } from "d3-array";

/**
 * The project's percentiles, all by d3-array's rule (its `quantile` / `quantileSorted`, R-7): percentile p (0…100) of n
 * values lies at rank (p / 100) · (n − 1) of the ascending values, linear between the two ranks around it — numpy's
 * default (`np.percentile(…, method="linear")`), which the Python training code uses.
 */

/** Percentile p (0…100) of ascending values, linear between ranks (d3's quantileSorted); NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  return quantileSorted(sorted as number[], p / 100) ?? NaN; // d3 reads any array-like by index; its types ask for an Array
}

/**
 * Percentiles ps (0…100) of the finite values of `data` (NaN and ±Infinity skipped), by the rule above; NaN each when
 * there are none.
 *
 * Written for whole scans, where d3's `quantile` is not affordable: it copies its input into a Float64Array on every
 * call (1 GiB per percentile for a 512³ scan, twice what the scan itself takes as float32). Here the finite values are
 * copied once, into a Float32Array when every value fits one (float32, 8- and 16-bit data), and the ranks are found by
 * d3's `quickselect` in O(n) without sorting, each in the part right of the previous one; the value at the next rank
 * is the minimum of the part right of the rank, as d3's `quantile` takes it.
 */
export function percentilesOf(data: ArrayLike<number>, ps: number[]): number[] {
  for (const p of ps) if (!(p >= 0 && p <= 100)) throw new RangeError(`percentilesOf: percentile ${p}; give numbers in 0…100`);
  const wide = data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint32Array || Array.isArray(data);
  const values = wide ? new Float64Array(data.length) : new Float32Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) values[n++] = data[i];
  if (n === 0) return ps.map(() => NaN);
  const a = values.subarray(0, n);
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const result = new Array<number>(ps.length);
  let from = 0;
  for (const { p, i } of order) {
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    quickselect(a, lo, from, n - 1);
    from = lo;
    const next = lo + 1 < n && rank > lo ? (min(a.subarray(lo + 1)) as number) : a[lo];
    result[i] = a[lo] + (rank - lo) * (next - a[lo]);
  }
  return result;
}
