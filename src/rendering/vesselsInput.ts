/**
 * The Segment and Fit pages' "Vessels": brighter than the tissue around them (angiograms, microscopy: what the model
 * learnt) or darker (black-blood MR). For dark vessels the Segment page mirrors the scan's intensities, a masked
 * background kept (src/infer's mirrorIntensities), before the model, as `vessel-lab segment --dark` does, and runs the
 * baselines on the same mirrored scan; the Fit page measures the mirrored scan, as `vessel-lab fit --dark` does. The
 * initial value comes from the URL's `vessels`, else "bright".
 */
import * as Inputs from "@observablehq/inputs";

export const VESSEL_CONTRASTS = ["bright", "dark"] as const;
export type VesselContrast = (typeof VESSEL_CONTRASTS)[number];

/** "dark" when the URL's `vessels` says so, else "bright". */
export function vesselsFromQuery(query: URLSearchParams): VesselContrast {
  return query.get("vessels") === "dark" ? "dark" : "bright";
}

/** The choice as the page's input shows it. */
export function vesselsLabel(vessels: VesselContrast): string {
  return vessels === "dark" ? "darker than the tissue (black-blood)" : "brighter than the tissue";
}

export function vesselsInput(query: URLSearchParams): HTMLElement & { value: VesselContrast } {
  return Inputs.radio(VESSEL_CONTRASTS, { label: "Vessels", value: vesselsFromQuery(query), format: vesselsLabel }) as HTMLElement & { value: VesselContrast };
}

/** Writes the choice into the page's URL parameters (absent when bright, the default). */
export function writeVessels(vessels: VesselContrast, params: URLSearchParams): void {
  if (vessels === "dark") params.set("vessels", "dark");
  else params.delete("vessels");
}
