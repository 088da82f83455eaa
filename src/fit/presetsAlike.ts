/**
 * Sample presets that grow the same trees: brain-tof, brain-cta and brain-cemra draw one tree preset and differ only
 * in the imaging modality, and so do liver-cta and liver-cemra. A mask's statistics cannot tell such presets apart, and
 * the imaging's three statistics cannot either (the imaging factors can move any modality's contrast, noise and blur to
 * the scan's), so where several of them were searched the fitted preset's modality is the search's pick, not a finding.
 */
import { SAMPLE_PRESETS, type SamplePresetName } from "../dataset/index.js";

/** The presets among `searched` that grow the same tree as `preset` (itself first, where it was searched). */
export function presetsAlike(preset: SamplePresetName, searched: readonly SamplePresetName[]): SamplePresetName[] {
  const tree = SAMPLE_PRESETS[preset].tree;
  return [preset, ...searched.filter((p) => p !== preset && SAMPLE_PRESETS[p].tree === tree)];
}

/**
 * A sentence for a fit whose preset shares its tree with other presets searched, naming them and the way to choose the
 * modality (`how`: the page's control or the CLI's option); null when the fitted preset's tree is its own.
 */
export function modalityNote(preset: SamplePresetName, searched: readonly SamplePresetName[], how: string): string | null {
  const alike = presetsAlike(preset, searched);
  if (alike.length < 2) return null;
  const list = alike.length === 2 ? `${alike[0]} and ${alike[1]}` : `${alike.slice(0, -1).join(", ")} and ${alike.at(-1)}`;
  return `${list} grow the same trees and differ only in their imaging, which the statistics measured cannot tell apart: the modality of ${preset} is the search's pick, not a finding. To choose it, ${how}.`;
}
