/**
 * The recipe of sample `index` of a data set: everything random about it is drawn here, from
 * the sample's own seed, so a sample depends on its index (and the data set's seed, preset
 * and size) alone, never on which worker, shard or run makes it.
 */
import type { GrowParams } from "../geometry/index.js";
import { sampleImagingParams, type ImagingParams, type Modality } from "../imaging/index.js";
import { MAX_GRID_SIZE } from "../voxel/index.js";
import { createRng, hashString } from "../random/index.js";
import { randomiseGrowth } from "./randomiseGrowth.js";
import { checkLabelConvention, DEFAULT_LABEL_CONVENTION, type LabelConvention } from "./labelConvention.js";
import { drawWideVoxels, type WideVoxelDraw } from "./wideVoxels.js";
import { checkSamplePreset, SAMPLE_PRESETS, SAMPLE_PRESET_NAMES, type SamplePresetName, type VoxelPolicy } from "./samplePresets.js";
import { checkLike, drawLikeVoxels, likeGrowth, likeImaging, likeModality, type LikeParams, type LikeVoxelDraw } from "./likeScan.js";

export const SAMPLE_FORMAT = "vessel-lab/sample";
export const SAMPLE_VERSION = 1;

export interface SampleOptions {
  /** The data set's seed: a non-negative safe integer (default 1). */
  seed?: number;
  /** A name in SAMPLE_PRESETS, or "mix" to draw one per sample (default "mix"). */
  preset?: SamplePresetName | "mix";
  /** Voxels per axis of the cubic grid (default 128). */
  size?: number;
  /** Fit the whole tree into the grid instead of the preset's patch at a real voxel size. */
  fit?: boolean;
  /** Which voxels the label marks (labelConvention.ts): "lumen" (default) or "visible". */
  labelConvention?: LabelConvention;
  /**
   * How patches are scaled: "wide" (default) draws the radius in voxels of the vessel at the centre (0.7–24) and the
   * voxel shape (thick slices, thin stacks; wideVoxels.ts), so the data spans real vessel scales; "scanner" keeps
   * each preset's scanner voxel size, isotropic and cubic (the data sets made before "wide" existed).
   */
  voxels?: VoxelScaling;
  /**
   * Samples like one scan (likeScan.ts, written by `vessel-lab fit`): its preset, growth and imaging factors and voxel
   * size replace `preset` and `voxels`; absent (the default), samples are the simulator's own.
   */
  like?: LikeParams | null;
  /**
   * The chance that a sample's vessels are darker than the tissue around them (black-blood images; imaging's
   * `vessels.invert`), from 0 to 1, in place of each modality's own (3–5 %, IMAGING_RANGES). It is drawn from its own
   * fork of the sample's random stream, so every other draw of a sample is the same with or without it. Absent or null
   * (the default): each modality's own chance, the samples made before the option existed; 1 for a `like` record of
   * dark vessels (`like.dark`).
   */
  darkVessels?: number | null;
}

export type VoxelScaling = "wide" | "scanner";
export const VOXEL_SCALINGS: readonly VoxelScaling[] = ["wide", "scanner"];

/** Plain JSON: `makeSample(spec)` makes the same bytes every time. */
export interface SampleSpec {
  format: typeof SAMPLE_FORMAT;
  version: typeof SAMPLE_VERSION;
  index: number;
  /** The data set's seed. */
  datasetSeed: number;
  /** This sample's seed: sampleSeed(datasetSeed, index). */
  seed: number;
  /** The sample preset (drawn for this index when the data set is a mix). */
  preset: SamplePresetName;
  size: number;
  tree: { preset: string; seed: number; params: GrowParams };
  modality: Modality;
  imaging: { seed: number; params: ImagingParams };
  /** Which voxels the label marks; absent in records made before the choice existed, which are "lumen". */
  labelConvention?: LabelConvention;
  /**
   * The grid: `fit` (the whole tree) or `patch`: isotropic voxels of `voxelSize` (tree unit)
   * centred on the node at fraction `node` of the tree's node list, moved by `shift` (fractions
   * of the patch's width), then kept inside the tree's bounds where the tree is larger than the patch; or `wide`
   * (wideVoxels.ts): the centre vessel's radius in voxels, the node, the slice ratio and a thin stack.
   */
  voxel: { kind: "fit" } | { kind: "patch"; voxelSize: number; node: number; shift: [number, number, number] } | WideVoxelDraw | LikeVoxelDraw;
}

/** The seed of sample `index` of a data set with seed `datasetSeed`: a 32-bit hash of both. */
export function sampleSeed(datasetSeed: number, index: number): number {
  return hashString(`vessel-lab/sample ${datasetSeed} ${index}`);
}

/** The options with their defaults, checked; throws a RangeError naming the bad one. */
export function resolveSampleOptions(options: SampleOptions = {}): Required<SampleOptions> {
  const { seed = 1, preset = "mix", size = 128, fit = false, voxels = "wide" } = options;
  const like = options.like ? checkLike(options.like) : null;
  // a like record of dark vessels (a fit of a black-blood scan) draws them all dark, unless the chance is given
  const darkVessels = options.darkVessels ?? (like?.dark ? 1 : null);
  if (darkVessels !== null && !(typeof darkVessels === "number" && darkVessels >= 0 && darkVessels <= 1))
    throw new RangeError(
      `darkVessels = ${JSON.stringify(darkVessels)}; give the chance of dark vessels, a number from 0 to 1 (leave it out for each modality's own)`,
    );
  if (!VOXEL_SCALINGS.includes(voxels))
    throw new RangeError(
      `voxels = ${JSON.stringify(voxels)}; give "wide" (vessels 0.7–24 voxels in radius, thick slices, thin stacks) or "scanner" (each preset's scanner voxel size)`,
    );
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed = ${seed}; give a non-negative integer`);
  checkSamplePreset(preset);
  if (!Number.isInteger(size) || size < 8 || size > MAX_GRID_SIZE)
    throw new RangeError(`size = ${size}; give an integer from 8 to ${MAX_GRID_SIZE} voxels per axis`);
  return {
    seed,
    preset,
    size,
    fit: fit === true,
    labelConvention: checkLabelConvention(options.labelConvention ?? DEFAULT_LABEL_CONVENTION),
    voxels,
    like,
    darkVessels,
  };
}

export function sampleSpec(index: number, options: SampleOptions = {}): SampleSpec {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`index = ${index}; give a non-negative integer`);
  const { seed: datasetSeed, preset: wanted, size, fit, labelConvention, voxels, like, darkVessels } = resolveSampleOptions(options);
  const seed = sampleSeed(datasetSeed, index);
  const rng = createRng(seed);
  // like a scan (likeScan.ts): the fitted preset; the same forks of the rng, the fit's factors applied
  const preset = like ? like.preset : wanted === "mix" ? rng.fork("preset").pick(SAMPLE_PRESET_NAMES) : wanted;
  const recipe = SAMPLE_PRESETS[preset];
  const randomised = randomiseGrowth(recipe.tree, rng.fork("growth"));
  const params = like ? likeGrowth(recipe.tree, randomised, like) : randomised;
  // a like record may image its tree as another preset's modality (likeScan.ts: withModality)
  const modality = SAMPLE_PRESETS[like ? likeModality(like) : preset].modality;
  const drawn = sampleImagingParams(modality, rng.fork("imaging"));
  const liked = like ? likeImaging(drawn, like) : drawn;
  // its own fork: the other draws of the sample stay those made without the option
  const imaging = darkVessels === null ? liked : { ...liked, vessels: { ...liked.vessels, invert: rng.fork("dark vessels").chance(darkVessels) } };
  let voxel: SampleSpec["voxel"];
  if (like) voxel = drawLikeVoxels(like, rng.fork("like voxels"));
  else {
    const v = rng.fork("voxel");
    const policy = recipe.voxel as VoxelPolicy;
    voxel =
      fit || policy.kind === "fit"
        ? { kind: "fit" }
        : voxels === "wide"
          ? drawWideVoxels(recipe.wide, rng.fork("wide voxels"))
          : {
              kind: "patch",
              voxelSize: v.uniform(policy.voxelSize[0], policy.voxelSize[1]),
              node: v.next(),
              shift: [v.uniform(-0.25, 0.25), v.uniform(-0.25, 0.25), v.uniform(-0.25, 0.25)],
            };
  }
  return {
    format: SAMPLE_FORMAT,
    version: SAMPLE_VERSION,
    index,
    datasetSeed,
    seed,
    preset,
    size,
    tree: { preset: recipe.tree, seed, params },
    modality,
    imaging: { seed, params: imaging },
    labelConvention,
    voxel,
  };
}
