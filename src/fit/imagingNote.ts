/**
 * Why a fit left the imaging alone (the geometry only) though the scan's image was given, and what to try, in words
 * for the CLI or the page: the problem imageStatsProblem names (said to be read mirrored for a fit of dark vessels,
 * whose numbers are then the mirrored scan's), then the other polarity, then a mask of the vessels where the mask
 * measured was not the user's own.
 */
import type { FitResult } from "./fitSimulator.js";
import { imageStatsProblem } from "./imageStats.js";

export interface ImagingNoteWords {
  /** What says the vessels are darker (`give --dark`; `choose Vessels: darker`). */
  dark: string;
  /** What says they are brighter, for a fit of dark vessels (`leave out --dark`; `choose Vessels: brighter`). */
  bright: string;
  /** What gives a mask of the vessels, where the mask measured was made (`give a mask of its vessels (--mask …)`). */
  mask: string;
}

export function imagingNote(fit: Pick<FitResult, "scan" | "like">, { maskGiven, words }: { maskGiven: boolean; words: ImagingNoteWords }): string | null {
  const problem = fit.scan.image ? imageStatsProblem(fit.scan.image) : null;
  if (!problem) return null;
  const dark = fit.like.dark === true;
  const polarity = dark ? `if its vessels are in fact brighter than the tissue, ${words.bright}` : `if its vessels are darker than the tissue, ${words.dark}`;
  return `the imaging was not fitted (the geometry only): ${problem}${dark ? " (the scan read mirrored)" : ""}; ${polarity}${maskGiven ? "" : `; else ${words.mask}`}`;
}
