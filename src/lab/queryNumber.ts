/**
 * A number from a page's address: `?iseed=0` is 0, not "absent". `Number(q.get(k)) || fallback`
 * turned a legitimate 0 (a seed, an index) back into the fallback, so a shared link to seed 0
 * opened another sample.
 */
export function queryNumber(query: URLSearchParams, key: string, fallback: number): number {
  const text = query.get(key);
  const value = text === null || text.trim() === "" ? NaN : Number(text);
  return Number.isFinite(value) ? value : fallback;
}
