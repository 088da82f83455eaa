import { type VesselPolarity, polarityHint, vesselPolarity } from "../infer/index.js";
import type { Volume } from "../volume/index.js";
import { maskLikeNote } from "./maskLike.js";

/**
 * The one hint a command gives about the scan it was handed, or null: that it looks like a mask (maskLikeNote) first, a
 * label given as the scan, whose polarity means nothing; else, without --dark (`dark` false), that its tubes read dark
 * (polarityHint), read from `polarity` when the caller has it (info reports it) and read here otherwise.
 */
export function scanHint(volume: Volume, dark: boolean, polarity?: VesselPolarity): string | null {
  const mask = maskLikeNote(volume);
  if (mask) return mask;
  if (dark) return null; // the one hint there is says to give --dark
  return polarityHint(polarity ?? vesselPolarity(volume), false);
}

/**
 * Reads which way a scan's tubes look (vesselPolarity, about a second) and, when that is the other way from what the
 * user said with --dark or its absence, writes a hint to stderr ("segment: scan.nii.gz: hint: …"); a scan of two values
 * only (a label given as the scan) gets that hint instead. Nothing is changed: the reading can be wrong (an airway or a
 * sulcus is a dark tube too), so the user decides.
 */
export function notePolarity(command: string, name: string, volume: Volume, dark: boolean): void {
  const hint = scanHint(volume, dark);
  if (hint) process.stderr.write(`${command}: ${name}: hint: ${hint}\n`);
}
