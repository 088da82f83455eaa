/**
 * The Synthesise page's one computation, as a pure function the engine worker runs: the
 * page's tree (URL state) on a grid (the whole tree, or a scan-like patch at a real voxel size),
 * voxelised, and imaged by a modality with the user's effect switches and overrides applied
 * on top of the parameters drawn from the imaging seed; its label under the request's convention
 * (the lumen, or what a reader traces: src/dataset sampleLabel).
 */
import { growTree, type GrowParams } from "../geometry/index.js";
import { placeBody, sampleGrid, sampleLabel, type LabelConvention } from "../dataset/index.js";
import {
  EFFECTS,
  MODALITIES,
  mergeDeep,
  sampleImagingParams,
  synthesiseImage,
  withoutEffects,
  type EffectName,
  type ImagingOverrides,
  type ImagingParams,
  type Modality,
} from "../imaging/index.js";
import { queryNumber } from "./queryNumber.js";
import { readTreeState, writeTreeState } from "./treeState.js";
import { createRng } from "../random/index.js";
import { voxeliseCpu, type GridSpec, type LabelMaps } from "../voxel/index.js";
import type { Volume } from "../volume/index.js";

export interface SynthesisRequest {
  tree: { preset: string; seed: number; overrides: Partial<GrowParams> };
  size: number;
  /** "fit": the whole tree; a number: a patch of that voxel size (tree unit) centred on the tree's root region. */
  field: "fit" | number;
  modality: Modality;
  seed: number;
  off: EffectName[];
  overrides: ImagingOverrides;
  /** Which voxels the label marks (default "lumen"). */
  label?: LabelConvention;
}

export interface SynthesisResult {
  image: Volume<Float32Array>;
  maps: Pick<LabelMaps, "fraction" | "binary" | "classes">;
  /** The label under the request's convention: maps.binary (lumen) or the visible label. */
  label: Volume<Uint8Array>;
  params: ImagingParams;
  grid: GridSpec;
  unit: "mm" | "um";
  ms: { grow: number; voxelise: number; image: number; label: number };
}

/** The modality that suits a tree preset by default. */
export function defaultModality(treePreset: string): Modality {
  return treePreset === "microvascular" ? "microscopy" : treePreset === "brain" ? "brain-tof" : "cta";
}

/** The Synthesise page's patch voxel size for a tree preset (tree unit: µm for the microvascular tree, mm otherwise): its slider's range, step and first value. */
export function patchVoxelRange(treePreset: string): { unit: "mm" | "µm"; range: [number, number]; step: number; value: number } {
  return treePreset === "microvascular" ? { unit: "µm", range: [0.5, 5], step: 0.05, value: 1.5 } : { unit: "mm", range: [0.2, 2], step: 0.05, value: 0.6 };
}

export function synthesiseFromTree(req: SynthesisRequest): SynthesisResult {
  const t0 = performance.now();
  const tree = growTree({ preset: req.tree.preset, seed: req.tree.seed, params: req.tree.overrides });
  const t1 = performance.now();
  const voxel = req.field === "fit" ? ({ kind: "fit" } as const) : ({ kind: "patch", voxelSize: req.field, node: 0.5, shift: [0, 0, 0] } as const);
  const grid = sampleGrid(tree, { size: req.size, voxel: voxel as never });
  const maps = voxeliseCpu(tree, grid);
  const t2 = performance.now();
  const drawn = sampleImagingParams(req.modality, createRng(req.seed));
  // The body outline where the organ is, as makeSample places it for generate.
  const params = withoutEffects(placeBody(mergeDeep(drawn, req.overrides) as ImagingParams, tree, grid), req.off);
  const image = synthesiseImage(maps, params, req.seed);
  const t3 = performance.now();
  const label = sampleLabel(maps, params, req.label ?? "lumen");
  const t4 = performance.now();
  return {
    image,
    maps: { fraction: maps.fraction, binary: maps.binary, classes: maps.classes },
    label,
    params,
    grid,
    unit: tree.unit,
    ms: { grow: t1 - t0, voxelise: t2 - t1, image: t3 - t2, label: t4 - t3 },
  };
}

/**
 * A synthesis request as URL parameters (the tree's, then modality, size, iseed, voxel, off, label, and the tuned imaging
 * overrides as JSON in `imaging`), so another page (Segment, Reconstruct) can make exactly the Synthesise page's image.
 */
export function synthesisSearch(req: SynthesisRequest, base: string | URLSearchParams = ""): URLSearchParams {
  const p = writeTreeState({ preset: req.tree.preset, seed: req.tree.seed, overrides: req.tree.overrides }, base);
  p.set("modality", req.modality);
  p.set("size", String(req.size));
  p.set("iseed", String(req.seed));
  if (req.field === "fit") p.delete("voxel");
  else p.set("voxel", String(req.field));
  if (req.off.length) p.set("off", req.off.join(","));
  else p.delete("off");
  if (req.label && req.label !== "lumen") p.set("label", req.label);
  else p.delete("label");
  if (Object.keys(req.overrides).length) p.set("imaging", JSON.stringify(req.overrides));
  else p.delete("imaging");
  return p;
}

/** The request synthesisSearch wrote (unknown or malformed values fall back to the Synthesise page's defaults). */
export function synthesisFromSearch(search: string | URLSearchParams): SynthesisRequest {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const tree = readTreeState(q);
  const modality = (MODALITIES as readonly string[]).includes(q.get("modality") ?? "") ? (q.get("modality") as Modality) : defaultModality(tree.preset);
  const size = Number(q.get("size"));
  const voxel = Number(q.get("voxel"));
  let overrides: ImagingOverrides = {};
  try {
    const parsed = JSON.parse(q.get("imaging") ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) overrides = parsed as ImagingOverrides;
  } catch {
    overrides = {};
  }
  return {
    tree: { preset: tree.preset, seed: tree.seed, overrides: tree.overrides },
    size: Number.isInteger(size) && size >= 16 && size <= 256 ? size : 96,
    field: voxel > 0 ? voxel : "fit",
    modality,
    seed: queryNumber(q, "iseed", 1),
    off: (q.get("off") ?? "").split(",").filter((e): e is EffectName => (EFFECTS as readonly string[]).includes(e)),
    overrides,
    label: q.get("label") === "visible" ? "visible" : "lumen",
  };
}
