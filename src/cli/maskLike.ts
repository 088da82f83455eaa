import type { Volume } from "../volume/index.js";

/**
 * "it holds two values only (0 and 1): a mask, not a scan?" when a scan given to segment, baseline, fit or info holds
 * at most two distinct values besides NaN (a label passed as --in, padded with NaN or not), "it holds one value only
 * (7): a flat volume, not a scan?" for one, else null. A scan, even a thresholded or skull-stripped one, holds many.
 */
export function maskLikeNote(volume: Volume): string | null {
  const seen = new Set<number>();
  for (let i = 0; i < volume.data.length && seen.size < 3; i++) if (!Number.isNaN(volume.data[i])) seen.add(volume.data[i]);
  if (seen.size >= 3 || seen.size === 0 || volume.data.length < 2) return null;
  const values = [...seen].sort((a, b) => a - b);
  if (values.length === 1) return `it holds one value only (${values[0]}): a flat volume, not a scan? give the scan itself`;
  return `it holds two values only (${values.join(" and ")}): a mask, not a scan? give the scan itself`;
}
