import type { Volume } from "../volume/index.js";

/**
 * "it holds two values only (0 and 1): a mask, not a scan?" when a scan given to segment, baseline, fit or info holds
 * at most two distinct values (a label passed as --in), else null. A scan, even a thresholded or skull-stripped one,
 * holds many.
 */
export function maskLikeNote(volume: Volume): string | null {
  const seen = new Set<number>();
  for (let i = 0; i < volume.data.length && seen.size < 3; i++) seen.add(volume.data[i]);
  if (seen.size >= 3 || volume.data.length < 2) return null;
  const values = [...seen].sort((a, b) => a - b);
  return `it holds ${values.length === 1 ? `one value only (${values[0]})` : `two values only (${values.join(" and ")})`}: a mask, not a scan? give the scan itself`;
}
