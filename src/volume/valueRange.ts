/**
 * What a volume's finite values are: their range, whether every one is a whole number (a mask, a label map, or a scan
 * stored as integers), and how many distinct values there are, counted while all are whole and only up to `countUpTo`
 * + 1 (enough to tell a label map from a scan without a set of every value). Empty or all non-finite: min Infinity.
 */
export function valueRange(
  data: ArrayLike<number>,
  { countUpTo = 0 }: { countUpTo?: number } = {},
): { min: number; max: number; whole: boolean; distinct: number } {
  let min = Infinity,
    max = -Infinity,
    whole = true;
  const seen = new Set<number>();
  for (let v = 0; v < data.length; v++) {
    const x = data[v];
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    if (whole && !Number.isInteger(x)) whole = false;
    if (whole && seen.size <= countUpTo) seen.add(x);
  }
  return { min, max, whole, distinct: seen.size };
}
