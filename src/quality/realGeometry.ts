/**
 * Which sample preset renders each real vessel mask as a test volume: the modality of the scan the mask was drawn
 * on. Matched by the file name's start, so a mask of another source names its preset by its name.
 */
import type { SamplePresetName } from "../dataset/index.js";

export const REAL_GEOMETRY_PRESETS: ReadonlyArray<{ prefix: string; preset: SamplePresetName; source: string }> = [
  { prefix: "tof_mra", preset: "brain-tof", source: "brain time-of-flight MRA" },
  { prefix: "minivess", preset: "microscopy", source: "two-photon microscopy of mouse cortex" },
  { prefix: "vessap", preset: "microscopy", source: "light-sheet microscopy of mouse brain" },
  { prefix: "cta", preset: "brain-cta", source: "CT angiogram" },
  { prefix: "liver", preset: "liver-cta", source: "liver CT angiogram" },
  { prefix: "coronary", preset: "coronary-cta", source: "coronary CT angiogram" },
];

/** The preset for a mask file's name, or null when no prefix matches. */
export function realGeometryPreset(fileName: string): SamplePresetName | null {
  const name = fileName.toLowerCase();
  return REAL_GEOMETRY_PRESETS.find((p) => name.startsWith(p.prefix))?.preset ?? null;
}
