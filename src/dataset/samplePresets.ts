/**
 * Sample presets: a tree preset (src/geometry) paired with an imaging modality (src/imaging)
 * and a voxel-size policy. The names are what `vessel-lab synth --preset` and
 * `vessel-lab generate --preset` take.
 */
import { PRESETS } from "../geometry/index.js";
import type { Modality } from "../imaging/index.js";
import type { WideVoxelPolicy } from "./wideVoxels.js";

/**
 * Where the size³ grid goes:
 * - `patch`: voxels of an isotropic size drawn per sample from `voxelSize` (tree unit: mm, or
 *   µm for microscopy), centred near a vessel of the tree: the scale of a real scan, as a
 *   training patch would be cut from it.
 * - `fit`: the whole tree, fitted into the grid (`gridForTree`, one voxel of margin).
 */
export type VoxelPolicy = { kind: "patch"; voxelSize: readonly [number, number] } | { kind: "fit" };

export interface SamplePreset {
  description: string;
  /** A name in PRESETS (src/geometry). */
  tree: string;
  modality: Modality;
  voxel: VoxelPolicy;
  /** How "wide" samples (the default) vary the voxel shape: see wideVoxels.ts. */
  wide: WideVoxelPolicy;
}

const patch = (lo: number, hi: number) => ({ kind: "patch", voxelSize: [lo, hi] }) as const satisfies VoxelPolicy;
/** Thick slices with probability p, up to `max` times the in-plane voxel; thin stacks with probability `thin`. */
const wide = (p: number, max: number, thin = 0): WideVoxelPolicy => ({ anisotropy: { p, max }, thin });

export const SAMPLE_PRESETS = {
  "brain-tof": {
    description: "brain arteries, time-of-flight MRA at 0.4–0.8 mm",
    tree: "brain",
    modality: "brain-tof",
    voxel: patch(0.4, 0.8),
    wide: wide(0.35, 3),
  },
  "brain-cta": { description: "brain arteries, CT angiogram at 0.45–0.8 mm", tree: "brain", modality: "cta", voxel: patch(0.45, 0.8), wide: wide(0.4, 5) },
  "brain-cemra": {
    description: "brain arteries, contrast-enhanced MRA at 0.6–1 mm",
    tree: "brain",
    modality: "ce-mra",
    voxel: patch(0.6, 1),
    wide: wide(0.4, 3),
  },
  "kidney-cta": { description: "renal arteries, CT angiogram at 0.5–0.9 mm", tree: "kidney", modality: "cta", voxel: patch(0.5, 0.9), wide: wide(0.4, 5) },
  "liver-cta": { description: "hepatic portal tree, CT angiogram at 0.7–1.2 mm", tree: "liver", modality: "cta", voxel: patch(0.7, 1.2), wide: wide(0.4, 5) },
  "liver-cemra": {
    description: "hepatic portal tree, contrast-enhanced MRA at 0.9–1.5 mm",
    tree: "liver",
    modality: "ce-mra",
    voxel: patch(0.9, 1.5),
    wide: wide(0.4, 3),
  },
  "coronary-cta": {
    description: "coronary arteries, CT angiogram at 0.4–0.8 mm",
    tree: "coronary",
    modality: "cta",
    voxel: patch(0.4, 0.8),
    wide: wide(0.4, 5),
  },
  microscopy: {
    description: "cortical microvessels, two-photon / light-sheet microscopy at 1–2.5 µm",
    tree: "microvascular",
    modality: "microscopy",
    voxel: patch(1, 2.5),
    wide: wide(0.6, 5, 0.3),
  },
} as const satisfies Record<string, SamplePreset>;

export type SamplePresetName = keyof typeof SAMPLE_PRESETS;

/** The preset names, in the order `mix` draws from (each equally likely). */
export const SAMPLE_PRESET_NAMES = Object.keys(SAMPLE_PRESETS) as SamplePresetName[];

/** The unit of a sample preset's lengths and voxel sizes, as printed: its tree's (µm for the microvascular tree, else mm). */
export function samplePresetUnit(preset: SamplePresetName): "mm" | "µm" {
  return PRESETS[SAMPLE_PRESETS[preset].tree]?.unit === "um" ? "µm" : "mm";
}

/** Whether two sample presets grow the same tree (brain-tof, brain-cta and brain-cemra do; so do liver-cta and liver-cemra). */
export function growSameTree(a: SamplePresetName, b: SamplePresetName): boolean {
  return SAMPLE_PRESETS[a].tree === SAMPLE_PRESETS[b].tree;
}

export function isSamplePreset(name: unknown): name is SamplePresetName {
  return typeof name === "string" && Object.hasOwn(SAMPLE_PRESETS, name);
}

/** `name` as a preset name, or a RangeError listing the valid ones (and `mix`). */
export function checkSamplePreset(name: unknown, allowMix = true): SamplePresetName | "mix" {
  if (allowMix && name === "mix") return "mix";
  if (!isSamplePreset(name))
    throw new RangeError(`preset = ${JSON.stringify(name)}; valid presets: ${SAMPLE_PRESET_NAMES.join(", ")}${allowMix ? ", or mix" : ""}`);
  return name;
}
