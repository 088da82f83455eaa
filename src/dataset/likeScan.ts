/**
 * Samples like one scan: the distribution `vessel-lab fit` finds (src/fit) and `generate --like fit.json` draws from.
 * It is the default sample recipe (sampleSpec) with a few of its knobs set: one sample preset; factors on the growth
 * parameters the preset randomises (more terminals, longer or more tortuous branches); the in-plane voxel size (tree
 * unit) and the scan's slice-to-in-plane ratio and depth; factors on the imaging's vessel contrast, noise and blur.
 * Each sample still draws its own tree, imaging and patch from its seed (the preset's domain randomisation, the voxel
 * size within ±VOXEL_JITTER in log), so a data set like a scan varies as the scan's vessels do.
 */
import { PARAM_SPECS, resolveParams, type GrowParams } from "../geometry/index.js";
import { MAX_SIGMA, type ImagingParams } from "../imaging/index.js";
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";
import { SAMPLE_PRESET_NAMES, checkSamplePreset, growSameTree, isSamplePreset, type SamplePresetName } from "./samplePresets.js";

export const LIKE_FORMAT = "vessel-lab/like";
export const LIKE_VERSION = 1;
/**
 * The version of a record that images its tree as another preset's modality (`modality`): a reader of version 1 alone
 * would drop the field and image the samples as the tree's own modality, so it must refuse the record instead.
 */
export const LIKE_MODALITY_VERSION = 2;
/**
 * The version of a record whose samples' vessels are all dark (`dark: true`: a fit of a black-blood scan, `vessel-lab
 * fit --dark`), with or without `modality`: a reader of versions 1 and 2 alone would drop the field and draw bright
 * vessels with imaging factors fitted on dark ones, so it must refuse the record instead.
 */
export const LIKE_DARK_VERSION = 3;
const LIKE_VERSIONS: readonly number[] = [LIKE_VERSION, LIKE_MODALITY_VERSION, LIKE_DARK_VERSION];

/** Growth parameters `fit` moves, as factors on each sample's randomised value. */
export const LIKE_GROWTH = ["terminals", "lengthRatio", "curvature", "tortuosity"] as const;
export type LikeGrowthKey = (typeof LIKE_GROWTH)[number];
/** Imaging factors: on the vessel-to-background contrast, the noise's standard deviation, the blur's σ. */
export const LIKE_IMAGING = ["contrast", "noise", "blur"] as const;
export type LikeImagingKey = (typeof LIKE_IMAGING)[number];

/** Bounds of every factor (the search box of `fit`, and what a fit file may hold). */
export const LIKE_BOUNDS: Record<LikeGrowthKey | LikeImagingKey, readonly [number, number]> = {
  terminals: [0.25, 8],
  lengthRatio: [0.5, 3],
  curvature: [0.25, 4],
  tortuosity: [0.1, 6],
  contrast: [0.2, 5],
  noise: [0.1, 10],
  blur: [0.3, 4],
};
/** A sample's voxel size is the fitted one × exp(u), u uniform in ±VOXEL_JITTER. */
export const VOXEL_JITTER = 0.15;

export interface LikeParams {
  format: typeof LIKE_FORMAT;
  /** LIKE_VERSION; LIKE_MODALITY_VERSION where `modality` is given; LIKE_DARK_VERSION where `dark` is (with or without `modality`). */
  version: typeof LIKE_VERSION | typeof LIKE_MODALITY_VERSION | typeof LIKE_DARK_VERSION;
  preset: SamplePresetName;
  /**
   * The sample preset whose imaging modality the samples take, where its tree is not `preset`'s (a brain tree imaged
   * as microscopy: `vessel-lab fit --modality`), never one that grows `preset`'s tree; absent, `preset`'s own. withModality
   * sets it, and the version with it.
   */
  modality?: SamplePresetName;
  growth: Record<LikeGrowthKey, number>;
  imaging: Record<LikeImagingKey, number>;
  /** In-plane voxel side, in the tree's unit (mm; µm for microscopy). */
  voxelSize: number;
  /** Slice spacing over in-plane spacing (the scan's). */
  anisotropy: number;
  /** Slices over in-plane voxels per side (the scan's, at most 1): a sample of size n has max(8, round(n · depth)) slices. */
  depth: number;
  /**
   * Present (true) where every sample's vessels are dark (sampleSpec's `darkVessels` 1 unless it is given): a fit of a
   * black-blood scan. withDarkVessels sets it, and the version with it.
   */
  dark?: true;
}

/** The draws of one sample like a scan: plain JSON, recorded with the sample. */
export interface LikeVoxelDraw {
  kind: "like";
  voxelSize: number;
  anisotropy: number;
  depth: number;
  /** Which node of the tree the patch is centred on (a fraction of the node list) and the offset (patch widths). */
  node: number;
  shift: Vec3;
}

/** `like` checked: a RangeError names the first bad field and what it may be. */
export function checkLike(like: unknown): LikeParams {
  const bad = (field: string, what: string): never => {
    throw new RangeError(
      `like.${field} = ${JSON.stringify((like as Record<string, unknown>)?.[field.split(".")[0]])}; ${what} (write the file with \`vessel-lab fit\`)`,
    );
  };
  if (!like || typeof like !== "object") throw new RangeError("like: not an object; give the `like` of a `vessel-lab fit` file");
  const l = like as LikeParams;
  if (l.format !== LIKE_FORMAT || !LIKE_VERSIONS.includes(l.version))
    bad("format", `give a ${LIKE_FORMAT} version ${LIKE_VERSIONS.join(", ")} record (a newer vessel-lab may write what this one cannot read)`);
  checkSamplePreset(l.preset, false);
  if (l.version === LIKE_VERSION && l.modality !== undefined)
    bad("modality", `a version ${LIKE_VERSION} record names no modality; a record that does is version ${LIKE_MODALITY_VERSION}`);
  if (l.version === LIKE_DARK_VERSION ? l.dark !== true : l.dark !== undefined)
    bad(
      "dark",
      l.version === LIKE_DARK_VERSION
        ? `a version ${LIKE_DARK_VERSION} record has dark vessels: give true`
        : `a version ${l.version} record has no dark vessels; a record that does is version ${LIKE_DARK_VERSION}`,
    );
  if (l.version === LIKE_MODALITY_VERSION || (l.version === LIKE_DARK_VERSION && l.modality !== undefined)) {
    if (!isSamplePreset(l.modality))
      bad("modality", `give the sample preset whose imaging the samples take (${SAMPLE_PRESET_NAMES.join(", ")}) in a version ${l.version} record`);
    if (growSameTree(l.modality as SamplePresetName, l.preset))
      bad("modality", `${l.modality} grows ${l.preset}'s tree: set preset to ${l.modality} and leave modality out`);
  }
  for (const [group, keys] of [
    ["growth", LIKE_GROWTH],
    ["imaging", LIKE_IMAGING],
  ] as const) {
    const values = (l as unknown as Record<string, Record<string, number>>)[group];
    if (!values || typeof values !== "object") bad(group, "give an object of factors");
    for (const key of keys) {
      const [lo, hi] = LIKE_BOUNDS[key];
      if (!(values[key] >= lo && values[key] <= hi)) bad(`${group}.${key}`, `give a factor in [${lo}, ${hi}]`);
    }
  }
  if (!(l.voxelSize > 0) || !Number.isFinite(l.voxelSize)) bad("voxelSize", "give a positive voxel side");
  if (!(l.anisotropy >= 1 && l.anisotropy <= 20)) bad("anisotropy", "give a slice-to-in-plane ratio in [1, 20]");
  if (!(l.depth > 0 && l.depth <= 1)) bad("depth", "give a fraction in (0, 1]");
  return l;
}

/**
 * `like` imaged as sample preset `modality`: where that preset grows the same tree as `like.preset` (brain-tof,
 * brain-cta and brain-cemra; liver-cta and liver-cemra), `preset` becomes it; otherwise `modality` names it beside the
 * tree's preset. Either way the samples' trees stay `like`'s and their imaging is `modality`'s.
 */
export function withModality(like: LikeParams, modality: SamplePresetName): LikeParams {
  const { modality: _, ...rest } = like;
  if (growSameTree(modality, like.preset)) return { ...rest, version: like.dark ? LIKE_DARK_VERSION : LIKE_VERSION, preset: modality };
  return { ...rest, version: like.dark ? LIKE_DARK_VERSION : LIKE_MODALITY_VERSION, modality };
}

/** `like` with every sample's vessels dark (`dark: true`, version LIKE_DARK_VERSION): a fit of a black-blood scan. */
export function withDarkVessels(like: LikeParams): LikeParams {
  return { ...like, version: LIKE_DARK_VERSION, dark: true };
}

/** The sample preset whose imaging modality `like`'s samples take. */
export const likeModality = (like: LikeParams): SamplePresetName => like.modality ?? like.preset;

export function drawLikeVoxels(like: LikeParams, rng: Rng): LikeVoxelDraw {
  const voxelSize = like.voxelSize * Math.exp(rng.uniform(-VOXEL_JITTER, VOXEL_JITTER));
  const node = rng.next();
  const shift: Vec3 = [rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)];
  return { kind: "like", voxelSize, anisotropy: like.anisotropy, depth: like.depth, node, shift };
}

/** A sample's randomised growth parameters with the fit's factors applied, each clamped to its parameter's range. */
export function likeGrowth(preset: string, params: GrowParams, like: LikeParams): GrowParams {
  const overrides: Partial<GrowParams> = { ...params };
  for (const key of LIKE_GROWTH) {
    const spec = PARAM_SPECS.find((s) => s.key === key)!;
    let x = (params[key] as number) * like.growth[key];
    if (spec.type === "integer") x = Math.round(x);
    overrides[key] = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, x));
  }
  return resolveParams(preset, overrides);
}

/** A sample's imaging parameters with the fit's factors: vessel contrast about the background level, noise σ (Poisson: photons / f²), blur σ (at most MAX_SIGMA). */
export function likeImaging(params: ImagingParams, like: LikeParams): ImagingParams {
  const { contrast, noise, blur } = like.imaging;
  const b = params.background.level;
  return {
    ...params,
    vessels: { ...params.vessels, level: b + contrast * (params.vessels.level - b) },
    noise: { poisson: params.noise.poisson / (noise * noise), gaussian: params.noise.gaussian * noise, rician: params.noise.rician * noise },
    blur: { sigma: params.blur.sigma.map((s) => Math.min(MAX_SIGMA, s * blur)) as Vec3 },
  };
}

/** The like-a-scan grid's dims for a sample of `size`: size × size × max(8, round(size · depth)). */
export function likeDims(size: number, depth: number): Vec3 {
  return [size, size, Math.min(size, Math.max(8, Math.round(size * depth)))];
}
