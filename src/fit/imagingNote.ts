/**
 * Why a fit left the imaging alone (the geometry only) though the scan's image was given, and what to try, in words
 * for the CLI or the page: the problem imageStatsProblem names (said to be read mirrored for a fit of dark vessels,
 * whose numbers are then the mirrored scan's), then the other polarity where the mask's voxels were no brighter than
 * their background, then a mask of the vessels where the mask measured was not the user's own.
 */
import type { FitResult } from "./fitSimulator.js";
import { imageStatsProblem, maskNotBrighter } from "./imageStats.js";

export interface ImagingNoteWords {
  /** What says the vessels are darker (`give --dark`; `choose Vessels: darker`). */
  dark: string;
  /** What says they are brighter, for a fit of dark vessels (`leave out --dark`; `choose Vessels: brighter`). */
  bright: string;
  /** What gives a mask of the vessels, where the mask measured was made (`give a mask of its vessels (--mask …)`). */
  mask: string;
}

export function imagingNote(fit: Pick<FitResult, "scan" | "like">, { maskGiven, words }: { maskGiven: boolean; words: ImagingNoteWords }): string | null {
  const image = fit.scan.image;
  const problem = image ? imageStatsProblem(image) : null;
  if (!image || !problem) return null;
  const dark = fit.like.dark === true;
  // the other polarity only where the mask's voxels were read no brighter than the background around them
  const fixes = [
    ...(maskNotBrighter(image)
      ? [dark ? `if its vessels are in fact brighter than the tissue, ${words.bright}` : `if its vessels are darker than the tissue, ${words.dark}`]
      : []),
    ...(maskGiven ? [] : [words.mask]),
  ];
  return `the imaging was not fitted (the geometry only): ${problem}${dark ? " (the scan read mirrored)" : ""}${fixes.length ? `; ${fixes.join("; else ")}` : ""}`;
}
