/**
 * The Segment and Fit pages' "Vessels": brighter than the tissue around them (angiograms, microscopy: what the model
 * learnt) or darker (black-blood MR). For dark vessels the Segment page mirrors the scan's intensities, a masked
 * background kept (src/infer's mirrorIntensities), before the model, as `vessel-lab segment --dark` does, and runs the
 * baselines on the same mirrored scan; the Fit page measures the mirrored scan, as `vessel-lab fit --dark` does. The
 * initial value comes from the URL's `vessels`, else "bright".
 */
import * as Inputs from "@observablehq/inputs";
import { type DarkChoice, type VesselPolarity, mirrorIntensities, polarityHint } from "../infer/index.js";
import { blank } from "./blank.js";
import { html } from "./html.js";
import type { Volume } from "../volume/index.js";

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

/** The pages' "Vessels" input as a DarkChoice, for src/infer's polarityHint. */
export const VESSELS_CHOICE: DarkChoice = {
  give: `choose "${vesselsLabel("dark")}" under Vessels`,
};

/** Writes the choice into the page's URL parameters (absent when bright, the default). */
export function writeVessels(vessels: VesselContrast, params: URLSearchParams): void {
  if (vessels === "dark") params.set("vessels", "dark");
  else params.delete("vessels");
}

/**
 * What a page projects (its MIPs) for the choice: the scan, or for dark vessels the scan mirrored (src/infer's
 * mirrorIntensities), whose brightest voxels are its vessels; `mirrored` is that mirror when the page has made it.
 */
export function projectedScan(volume: Volume, vessels: VesselContrast, mirrored: Volume | null = null): Volume {
  return vessels === "dark" ? (mirrored ?? mirrorIntensities(volume)) : volume;
}

/** The caption of projectedScan's MIP. */
export function projectionCaption(vessels: VesselContrast): string {
  return `${vessels === "dark" ? "the scan mirrored (its dark vessels bright)" : "the scan"}, brightest voxel along each ray (MIP)`;
}

/**
 * The pages' hint under a loaded scan (src/infer's polarityHint in the words of "Vessels"): "This scan: its dark tubes
 * respond 3.81 times as strongly as …: if its vessels are dark (black-blood), choose …", with `id`; nothing
 * when the scan reads otherwise or "darker" is chosen, but a hidden `<span id="{id}-read" data-looks="bright">` once the
 * scan was read, so a test can wait for the reading before it says no hint came. `polarity` is vesselPolarity of the
 * scan, or null before one (or where it failed).
 */
export function polarityView(polarity: VesselPolarity | null, vessels: VesselContrast, id: string): Node {
  if (!polarity) return blank();
  const hint = polarityHint(polarity, vessels === "dark", VESSELS_CHOICE);
  return hint
    ? html`<p id=${id} class="vl-note" role="status" data-looks=${polarity.looks}>This scan: ${hint}.</p>`
    : html`<span id=${`${id}-read`} data-looks=${polarity.looks} hidden></span>`;
}
