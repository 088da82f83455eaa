import { polarityHint, vesselPolarity } from "../infer/index.js";
import type { Volume } from "../volume/index.js";
import { maskLikeNote } from "./maskLike.js";

/**
 * Reads which way a scan's tubes look (vesselPolarity, about a second) and, when that is the other way from what the
 * user said with --dark or its absence, writes a hint to stderr ("segment: scan.nii.gz: hint: …"); a scan of two values
 * only (a label given as the scan) gets that hint instead. Nothing is changed: the reading can be wrong (an airway or a
 * sulcus is a dark tube too), so the user decides.
 */
export function notePolarity(command: string, name: string, volume: Volume, dark: boolean): void {
  // a label given as the scan first: its polarity means nothing
  const mask = maskLikeNote(volume);
  if (mask) {
    process.stderr.write(`${command}: ${name}: hint: ${mask}\n`);
    return;
  }
  if (dark) return; // the one hint there is says to give --dark
  const hint = polarityHint(vesselPolarity(volume), dark);
  if (hint) process.stderr.write(`${command}: ${name}: hint: ${hint}\n`);
}
