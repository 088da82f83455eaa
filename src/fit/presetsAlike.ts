/**
 * Sample presets that grow the same trees: brain-tof, brain-cta and brain-cemra draw one tree preset and differ only
 * in the imaging modality, and so do liver-cta and liver-cemra. Their lumen labels are the same voxels; their visible
 * labels differ only where the modality's blur moves the visible edge (by a voxel here and there: under 1 % of a
 * label's voxels on most samples). So a mask's statistics hardly see the modality, and the imaging's three statistics
 * do not pin it either (the imaging factors can move any modality's contrast, noise and blur to the scan's): where
 * several such presets were searched, the fitted preset's modality is the search's pick, not a finding about the scan.
 * (The fits of the TOF, VesSAP and MiniVess labels all came out brain-cemra.)
 */
import { SAMPLE_PRESETS, type SamplePresetName } from "../dataset/index.js";

/** The presets among `searched` that grow the same tree as `preset` (itself first, where it was searched). */
export function presetsAlike(preset: SamplePresetName, searched: readonly SamplePresetName[]): SamplePresetName[] {
  const tree = SAMPLE_PRESETS[preset].tree;
  return [preset, ...searched.filter((p) => p !== preset && SAMPLE_PRESETS[p].tree === tree)];
}

/**
 * A sentence for a fit whose preset shares its tree with other presets searched, naming them and the way to choose the
 * modality (`how`: the page's control or the CLI's option; given the presets to choose from, joined by "or"); null when the
 * fitted preset's tree is its own.
 */
export function modalityNote(preset: SamplePresetName, searched: readonly SamplePresetName[], how: (alike: string) => string): string | null {
  const alike = presetsAlike(preset, searched);
  if (alike.length < 2) return null;
  const listed = (word: string) => `${alike.slice(0, -1).join(", ")} ${word} ${alike.at(-1)}`;
  return `${listed("and")} grow the same trees and differ only in their imaging, which a mask shows at most through the blur at its visible edge: the modality of ${preset} is the search's pick, not a finding about the scan. To choose it, ${how(listed("or"))}.`;
}
