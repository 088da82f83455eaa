/**
 * Sample presets that grow the same trees: brain-tof, brain-cta and brain-cemra draw one tree preset and differ in the
 * imaging modality (and in the voxel sizes they span), and so do liver-cta and liver-cemra. Their lumen labels are the
 * same voxels; their visible labels differ where the modality's blur moves the visible edge (under 1 % of a label's
 * voxels at 0.3 mm voxels, a few % at 0.5 mm, up to about 15 % at 0.8 mm). So a mask's statistics hardly tell such
 * presets apart, and a fit of a mask alone picks among them by the search's draws: the fits of the TOF, VesSAP and
 * MiniVess labels all came out brain-cemra. With the scan's image, the fit compares their imaging (fitSimulator).
 */
import { growSameTree, type SamplePresetName } from "../dataset/index.js";
import type { FitResult } from "./fitSimulator.js";

/** The presets among `searched` that grow the same tree as `preset` (itself first, where it was searched). */
export function presetsAlike(preset: SamplePresetName, searched: readonly SamplePresetName[]): SamplePresetName[] {
  return [preset, ...searched.filter((p) => p !== preset && growSameTree(p, preset))];
}

/** How a user chooses the modality: by giving the scan's image, or by naming it (FitOptions.modality). */
export interface ModalityChoice {
  image: string;
  modality: string;
}

/**
 * A sentence on how a fit's modality was chosen, where presets that grow its tree were searched: by the scan's image
 * (each fitted and measured whole on the search's samples), or, without an image, by the search's draws; with `how`
 * to choose otherwise (the page's controls or the CLI's options). Null where the fitted preset's tree is its own, or
 * where the modality was asked for.
 */
export function modalityNote(fit: Pick<FitResult, "like" | "search">, how: ModalityChoice): string | null {
  const { preset } = fit.like;
  if (fit.search.modality) return null; // asked for: not the fit's choice
  const listed = (names: readonly string[]) => `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const tried = fit.search.modalities;
  if (tried.length > 1)
    return `${listed(tried.map((t) => t.preset))} grow the same trees: with the scan's image, ${preset} came nearest on a few fresh samples (the distances: ${tried.map((t) => `${t.preset} ${t.distance?.toFixed(3) ?? "–"}`).join(", ")}), a hint rather than a finding. To choose otherwise, ${how.modality}.`;
  const alike = presetsAlike(preset, fit.search.presets);
  if (alike.length < 2) return null;
  return `${listed(alike)} grow the same trees and differ in their imaging, which a mask hardly shows: without the scan's image, the modality of ${preset} is the search's pick, not a finding about the scan. To choose it, ${how.image}, or ${how.modality}.`;
}
