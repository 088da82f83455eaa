import { quantileSorted } from "d3-array";

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
 * d3's `quickselect` (selectFinite, the same steps on finite numbers) in O(n) without sorting, each in the part right of
 * the previous one; the value at the next rank is the minimum of the part right of the rank, as d3's `quantile` takes it.
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
    selectFinite(a, lo, from, n - 1);
    from = lo;
    const next = lo + 1 < n && rank > lo ? minOf(a, lo + 1, n) : a[lo];
    result[i] = a[lo] + (rank - lo) * (next - a[lo]);
  }
  return result;
}

/**
 * d3-array's `quickselect` (Floyd–Rivest, v3.2) with its default order, for arrays of finite numbers: the same
 * comparisons and swaps, so the same array afterwards, without a comparator call per comparison. Rearranges
 * a[left…right] so that a[k] is the value of rank k, the values left of it ≤ and right of it ≥.
 */
function selectFinite(a: Float32Array | Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectFinite(a, k, newLeft, newRight);
    }
    const t = a[k];
    let i = left;
    let j = right;
    let x = a[left];
    ((a[left] = a[k]), (a[k] = x));
    if (a[right] > t) ((x = a[left]), (a[left] = a[right]), (a[right] = x));
    while (i < j) {
      ((x = a[i]), (a[i] = a[j]), (a[j] = x));
      ++i;
      --j;
      while (a[i] < t) ++i;
      while (a[j] > t) --j;
    }
    if (a[left] === t) ((x = a[left]), (a[left] = a[j]), (a[j] = x));
    else (++j, (x = a[j]), (a[j] = a[right]), (a[right] = x));
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/** The least of a[from…to − 1] (the first of equals, as d3's `min`). */
function minOf(a: Float32Array | Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i < to; i++) if (a[i] < m) m = a[i];
  return m;
}
