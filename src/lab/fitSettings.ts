/**
 * The Fit page's settings in its URL: the search's budget (rounds, candidates per round, samples per candidate, samples
 * before and after), its seed, whether the imaging is fitted, the mask measured and the label convention of the
 * samples. Names that no other page's state uses (the volume's and the Synthesise page's parameters travel in the same
 * URL); only values that differ from the defaults are written, so the links stay short.
 */
import { LABEL_CONVENTIONS, SAMPLE_PRESET_NAMES, isSamplePreset, type LabelConvention, type SamplePresetName } from "../dataset/index.js";
import type { FitMaskSource } from "./fitScan.js";
import { queryNumber } from "./queryNumber.js";
import type { VolumeSource } from "./volumeSources.js";

export interface FitSettings {
  rounds: number;
  population: number;
  samples: number;
  finalSamples: number;
  seed: number;
  /** Fit the imaging (contrast, noise, blur) too. */
  image: boolean;
}

/** Each budget setting: its URL name, range and default (vessel-lab fit's defaults; 12 samples before and after). */
export const FIT_BUDGET = {
  rounds: { key: "rounds", min: 1, max: 20, value: 6 },
  population: { key: "pop", min: 4, max: 32, value: 8 },
  samples: { key: "samples", min: 1, max: 12, value: 5 },
  finalSamples: { key: "final", min: 2, max: 64, value: 48 },
  seed: { key: "fseed", min: 0, max: 2 ** 31, value: 1 },
} as const;

export const DEFAULT_FIT_SETTINGS: FitSettings = {
  rounds: FIT_BUDGET.rounds.value,
  population: FIT_BUDGET.population.value,
  samples: FIT_BUDGET.samples.value,
  finalSamples: FIT_BUDGET.finalSamples.value,
  seed: FIT_BUDGET.seed.value,
  image: true,
};

/** The settings in `search`: each an integer within its range, else its default; `fimage=0` fits the geometry only. */
export function readFitSettings(search: string | URLSearchParams): FitSettings {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const read = ({ key, min, max, value }: { key: string; min: number; max: number; value: number }) => {
    const x = queryNumber(q, key, value);
    return Number.isInteger(x) && x >= min && x <= max ? x : value;
  };
  return {
    rounds: read(FIT_BUDGET.rounds),
    population: read(FIT_BUDGET.population),
    samples: read(FIT_BUDGET.samples),
    finalSamples: read(FIT_BUDGET.finalSamples),
    seed: read(FIT_BUDGET.seed),
    image: q.get("fimage") !== "0",
  };
}

/** The settings into `params`: those that differ from the defaults set, the others removed. */
export function writeFitSettings(settings: FitSettings, params: URLSearchParams): URLSearchParams {
  for (const name of ["rounds", "population", "samples", "finalSamples", "seed"] as const) {
    const { key, value } = FIT_BUDGET[name];
    if (settings[name] === value) params.delete(key);
    else params.set(key, String(settings[name]));
  }
  if (settings.image) params.delete("fimage");
  else params.set("fimage", "0");
  return params;
}

/**
 * The sample presets searched, from the URL (`fpresets`: names joined by commas, as `vessel-lab fit --presets` takes
 * them), in the simulator's order; all of them where the URL names none it knows. Restricting the search to the scan's
 * modality is how a user chooses it: presets that grow the same tree fit a mask alike (src/fit/presetsAlike.ts).
 */
export function readFitPresets(search: string | URLSearchParams): SamplePresetName[] {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const named = new Set((q.get("fpresets") ?? "").split(","));
  const presets = SAMPLE_PRESET_NAMES.filter((p) => named.has(p));
  return presets.length ? presets : [...SAMPLE_PRESET_NAMES];
}

/** The presets searched into `params`: `fpresets` only when they are not all of them (an empty choice writes nothing). */
export function writeFitPresets(presets: readonly string[], params: URLSearchParams): URLSearchParams {
  const kept = SAMPLE_PRESET_NAMES.filter((p) => presets.includes(p));
  if (kept.length === 0 || kept.length === SAMPLE_PRESET_NAMES.length) params.delete("fpresets");
  else params.set("fpresets", kept.join(","));
  return params;
}

/**
 * The modality the samples are imaged as, from the URL (`fmodality`: a sample preset's name, as `vessel-lab fit
 * --modality` takes it), whatever tree the search fits; null (the fit's choice) where the URL names none it knows.
 */
export function readFitModality(search: string | URLSearchParams): SamplePresetName | null {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const name = q.get("fmodality");
  return isSamplePreset(name) ? name : null;
}

/** The modality into `params`: `fmodality` only when one is chosen. */
export function writeFitModality(modality: string | null, params: URLSearchParams): URLSearchParams {
  if (isSamplePreset(modality)) params.set("fmodality", modality);
  else params.delete("fmodality");
  return params;
}

/** The mask in the URL (`mask=vesselness` or `mask=label`), or the label's when the volume has one, else the vesselness mask. */
export function fitMaskOf(search: string | URLSearchParams, hasLabel: boolean): FitMaskSource {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  return !hasLabel || q.get("mask") === "vesselness" ? "vesselness" : "label";
}

/**
 * What the samples' labels should mark to compare with the mask measured: the convention of a synthetic volume's own
 * label (a sample made in the page and the lab's demo volume mark the lumen; the Synthesise page's image the
 * convention of its `label` parameter; a kept sample whose id ends in "-visible-NNNN" the visible edge, others the
 * lumen), and "visible" for a vesselness mask or any other label (real labels follow the visible edge; `vessel-lab
 * fit`'s default).
 */
export function defaultFitLabel(
  source: VolumeSource,
  mask: FitMaskSource,
  { search = "", keptId = null }: { search?: string | URLSearchParams; keptId?: string | null } = {},
): LabelConvention {
  if (mask !== "label") return "visible";
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  switch (source) {
    case "synthetic sample":
    case "demo volume": // a sample made by the lab: its label is the lumen
      return "lumen";
    case "synthesised image":
      return q.get("label") === "visible" ? "visible" : "lumen";
    case "kept sample":
      return keptId && /-visible-\d+$/.test(keptId) ? "visible" : "lumen";
    default:
      return "visible";
  }
}

/** The label convention in the URL (`flabel`), or `fallback`. */
export function fitLabelOf(search: string | URLSearchParams, fallback: LabelConvention): LabelConvention {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const v = q.get("flabel");
  return (LABEL_CONVENTIONS as readonly string[]).includes(v ?? "") ? (v as LabelConvention) : fallback;
}

/** The mask and label convention into `params`: each only when it is not what the volume gives by default. */
export function writeFitChoice(
  { mask, label }: { mask: FitMaskSource; label: LabelConvention },
  { hasLabel, defaultLabel }: { hasLabel: boolean; defaultLabel: LabelConvention },
  params: URLSearchParams,
): URLSearchParams {
  if (hasLabel && mask === "vesselness") params.set("mask", "vesselness");
  else params.delete("mask");
  if (label !== defaultLabel) params.set("flabel", label);
  else params.delete("flabel");
  return params;
}

/**
 * The volume picker's URL with the Fit page's first sample where the URL names none: kidney-cta sample 7 of data set
 * 4242 at 48³, whose label has twenty branches (the picker's usual first sample is one wide vessel, with one branch to
 * measure). A URL that names its source keeps what it says.
 */
export function withFitDefaults(search: string | URLSearchParams): URLSearchParams {
  const q = new URLSearchParams(search);
  if (q.has("source")) return q;
  for (const [key, value] of [
    ["sample", "kidney-cta"],
    ["index", "7"],
    ["ssize", "48"],
    ["dseed", "4242"],
  ])
    if (!q.has(key)) q.set(key, value);
  return q;
}
