/**
 * Fit the simulator to a scan: search the sample preset, its growth factors and voxel size (then, when the scan's
 * image is given, the imaging's contrast, noise and blur factors) for samples whose statistics lie nearest the scan's
 * (statDistance). The search is the cross-entropy method: each round draws `population` candidates (the preset from a
 * categorical distribution, the rest from a Gaussian over the unit box of log factors), measures `samples` samples of
 * each on the round's common seeds, and moves the distributions to the `elites` best. Bounded (rounds × population
 * candidates) and seeded (the same scan and options give the same fit). The geometry is fitted first on the masks'
 * statistics, then the imaging on the images' with the geometry fixed (its samples grown once; a grid, then a compass
 * search: IMAGING_SEARCH), once for each preset
 * searched that grows the fitted tree (the brain presets grow the same vessels, and so do the liver ones: presetsAlike);
 * where there are several, each at its best factors is measured whole on the same samples and the nearest is kept.
 * The distance before
 * (the simulator's default mix, stratified over its presets: mixSetStats) and after (the fitted distribution) is
 * measured on the same fresh seeds, not the search's, with `finalSamples` samples each. They are many (48) because
 * the statistics of a dozen samples move a lot from one dozen to the next: on MiniVess's mask the default mix's
 * distance was 0.31 on the dozen first used and 0.47–0.64 on 48 others.
 */
import {
  LIKE_BOUNDS,
  LIKE_FORMAT,
  LIKE_GROWTH,
  LIKE_IMAGING,
  LIKE_VERSION,
  SAMPLE_PRESETS,
  SAMPLE_PRESET_NAMES,
  WIDE_VOXELS,
  isSamplePreset,
  likeImaging,
  sampleGeometry,
  sampleSpec,
  withDarkVessels,
  withModality,
  type LabelConvention,
  type LikeParams,
  type SampleGeometry,
  type SamplePresetName,
} from "../dataset/index.js";
import { createRng, type Rng } from "../random/index.js";
import { imageStatsProblem } from "./imageStats.js";
import { medianImageStats, mixSetStats, sampleImageStats, sampleSetStats } from "./sampleStats.js";
import type { MaskMeasures } from "./maskStats.js";
import { statDistance, type ScanStats, type StatDistance } from "./statDistance.js";
import { presetsAlike } from "./presetsAlike.js";
import { unitCubeSearch } from "./unitSearch.js";
import { fitDepth, fitSampleSize, fitWindow } from "./scanStats.js";

export const FIT_FORMAT = "vessel-lab/fit";
export const FIT_VERSION = 1;

export interface FitOptions {
  seed?: number;
  /** Side of the samples measured (voxels, in-plane); their depth follows the scan's. Default: fitSampleSize (the scan's in-plane extent, within 32…48). */
  size?: number;
  /** Samples per candidate (default 5) and for the distances before and after (default 48). */
  samples?: number;
  finalSamples?: number;
  /**
   * Candidates per round, rounds and elites of the geometry search (defaults 8, 6, 3); the imaging search takes 6, 3, 2
   * on max(samples, 4) samples, once for each preset searched that grows the fitted tree.
   */
  population?: number;
  rounds?: number;
  elites?: number;
  /** The label convention of the samples measured: "visible" (default; real labels follow the visible edge) or "lumen". */
  labelConvention?: LabelConvention;
  /** The presets searched (default: all): their trees, and the modalities the image may choose among. */
  presets?: readonly SamplePresetName[];
  /**
   * The imaging modality, a sample preset's, whatever tree the search fits (a microscopy scan's mask fitted over every
   * tree, its samples imaged as microscopy). Default: the fitted preset's own, or with the image the nearest of the
   * presets searched that grow its tree.
   */
  modality?: SamplePresetName;
  /**
   * The scan's vessels are dark (black-blood), and `scan` was read on its mirrored image (src/infer's
   * mirrorIntensities): every sample is drawn with dark vessels and its image statistics read mirrored too, the
   * default mix's included, so the imaging fitted is that of dark-vessel samples (the simulator draws a dark vessel with
   * its bright draw's contrast downward, over tissue lifted by it: src/imaging's vesselLevels; not a mirror of the whole
   * image); the fitted `like` says so (`dark`,
   * LIKE_DARK_VERSION), so `generate --like` draws dark vessels too. Default false.
   */
  dark?: boolean;
  onProgress?: (done: number, total: number, best: number) => void;
  /** Given the measures of the samples the distances before and after were read from (for their histograms), once measured. */
  onFinalMeasures?: (before: MaskMeasures[], after: MaskMeasures[]) => void;
  signal?: AbortSignal;
}

export interface FitResult {
  format: typeof FIT_FORMAT;
  version: typeof FIT_VERSION;
  like: LikeParams;
  /** The scan's statistics, and the samples' before (the default mix) and after (like the scan), with the distances. */
  scan: ScanStats;
  before: StatDistance & { stats: ScanStats };
  after: StatDistance & { stats: ScanStats };
  /** The geometry-only distances, before and after (what a mask without an image is fitted on). */
  geometry: { before: number; after: number };
  search: {
    seed: number;
    size: number;
    samples: number;
    finalSamples: number;
    candidates: number;
    labelConvention: LabelConvention;
    presets: SamplePresetName[];
    /** The modality asked for (FitOptions.modality), or null where the fit chose it. */
    modality: SamplePresetName | null;
    /**
     * With the scan's image: each preset searched that grows the fitted tree, with its imaging's best distance to the
     * scan's image and, where there were several, the whole distance (geometry and image, on the search's samples) at
     * those factors, by which the kept one was chosen. Empty without an image.
     */
    modalities: ModalityTried[];
  };
}

/** One modality of the fitted tree, tried on the scan's image (FitResult.search.modalities). */
export interface ModalityTried {
  preset: SamplePresetName;
  /** The image terms' distance at the imaging factors kept, on the validation images (not the search's). */
  imageDistance: number;
  /** The whole distance at those factors where several modalities were compared, else null. */
  distance: number | null;
  /** Imaging factors measured (IMAGING_SEARCH: a grid, then a compass search). */
  evaluations: number;
}

interface Candidate {
  preset: SamplePresetName;
  x: number[];
}

/** The indices of the samples the distances before and after are measured on: FINAL_SEED_OFFSET + 0 … finalSamples − 1. */
export const FINAL_SEED_OFFSET = 1_000_000;
/** The search's best candidates (geometry, then imaging) measured again on validation samples from this index on. */
const VALIDATED = 3;
export const VALIDATION_SEED_OFFSET = 500_000;
/**
 * The imaging search, per modality: contrast, noise and blur factors in log units of LIKE_BOUNDS, a compass search from
 * the box's centre (factors ≈ 1) with steps from ½ down to 1/64, at most 30 factors measured, each on the median
 * statistics of max(samples + 1, 6) images; then the search's best and the factors 1 measured again on twice as many
 * fresh images, and the nearer kept (a median of a few images rewards factors that fit those few). Until stop 59 it
 * was 3 rounds of 6 random draws on max(samples, 4) images, kept unchecked, which left the aorta's fit at contrast 0.41
 * (the scan 1.06) and an image distance of 0.75 where a grid finds 0.18 (docs/results/fit/imaging-search.md).
 */
const IMAGING_SEARCH = { grid: 1, minStep: 1 / 64, budget: 30 } as const;
/** The imaging factors measured again on fresh images: the search's best and the factors 1. */
const IMAGING_SHORTLIST = 2; // its length, counted in the progress

export function fitSimulator(scan: ScanStats, o: FitOptions = {}): FitResult {
  const seed = o.seed ?? 1,
    size = o.size ?? fitSampleSize(scan.mask.dims),
    k = o.samples ?? 5,
    finalSamples = o.finalSamples ?? 48;
  const population = o.population ?? 8,
    rounds = o.rounds ?? 6,
    elites = o.elites ?? 3;
  const labelConvention = o.labelConvention ?? "visible";
  const named = [...(o.presets ?? SAMPLE_PRESET_NAMES)];
  for (const [name, v, lo] of [
    ["seed", seed, 0],
    ["size", size, 16],
    ["samples", k, 1],
    ["finalSamples", finalSamples, 1],
    ["population", population, 2],
    ["rounds", rounds, 1],
    ["elites", elites, 1],
  ] as const)
    if (!Number.isSafeInteger(v) || v < lo) throw new RangeError(`fitSimulator: ${name} = ${v}; give an integer ≥ ${lo}`);
  if (elites >= population) throw new RangeError(`fitSimulator: elites = ${elites} of population = ${population}; give fewer elites than candidates`);
  if (o.modality !== undefined && !isSamplePreset(o.modality))
    throw new RangeError(
      `fitSimulator: modality = ${JSON.stringify(o.modality)}; give a sample preset's name (${SAMPLE_PRESET_NAMES.join(", ")}), or leave it out`,
    );
  if (named.length === 0 || named.some((p) => !SAMPLE_PRESET_NAMES.includes(p)))
    throw new RangeError(`fitSimulator: presets = ${JSON.stringify(named)}; give names from ${SAMPLE_PRESET_NAMES.join(", ")}`);
  // the simulator's order, each once: the search draws presets by their index, so the same names give the same fit
  const presets = SAMPLE_PRESET_NAMES.filter((p) => named.includes(p));
  const window = scan.mask.window?.dims,
    expected = fitWindow(scan.mask.dims, size);
  if (window && window.some((w, a) => w !== expected[a]))
    throw new RangeError(
      `fitSimulator: the scan's statistics were read in windows of ${window.join("×")} voxels but the samples will be ${expected.join("×")}; give scanStats(mask, image, {size: ${size}}) the fit's size`,
    );
  if (!Number.isFinite(scan.mask.radiusVox[1]))
    throw new RangeError("fitSimulator: the scan's mask has no centreline (an empty mask?); give a mask with vessels");
  const hasImage = !!scan.image && imageStatsProblem(scan.image) === null; // contrast, noise and blur all read
  const { dims, spacing } = scan.mask;
  const inPlane = Math.min(spacing[0], spacing[1]);
  const anisotropy = Math.min(20, Math.max(1, spacing[2] / inPlane));
  const depth = fitDepth(dims);
  const rng = createRng(`vessel-lab/fit ${seed}`);
  // the modalities whose imaging is fitted on preset p's tree: the one asked for; with the image, each preset searched
  // that grows that tree; else p's own
  const modalitiesOf = (p: SamplePresetName): SamplePresetName[] => (o.modality ? [o.modality] : hasImage ? presetsAlike(p, presets) : [p]);
  // the imaging is searched once per modality of the fitted tree; counted for the tree with the most, skipped steps added after
  const mostModalities = Math.max(...presets.map((p) => modalitiesOf(p).length));
  const imagingSteps = (n: number) => (hasImage ? n * (IMAGING_SEARCH.budget + IMAGING_SHORTLIST) + (n > 1 ? n : 0) : 0);
  const skipped = (n: number) => imagingSteps(mostModalities) - imagingSteps(n);
  const total = rounds * population + (1 + VALIDATED) + imagingSteps(mostModalities) + 2;
  let done = 0,
    bestDistance = Infinity;
  const tick = () => o.onProgress?.(++done, total, bestDistance);
  const dark = o.dark ?? false;
  if (typeof dark !== "boolean") throw new RangeError(`fitSimulator: dark = ${JSON.stringify(o.dark)}; give true (dark vessels) or false`);
  const base = { seed, size, labelConvention, dark, signal: o.signal };
  // common random numbers: every candidate is measured on the same samples, so candidates differ by their parameters
  const searchSeeds = Array.from({ length: k }, (_, i) => i);

  // --- geometry: preset, voxel size, growth factors
  const imagedAs = (like: LikeParams) => (o.modality ? withModality(like, o.modality) : like);
  const toLike = (c: Candidate, imaging: Record<string, number> = { contrast: 1, noise: 1, blur: 1 }): LikeParams => {
    const like: LikeParams = {
      format: LIKE_FORMAT,
      version: LIKE_VERSION,
      preset: c.preset,
      growth: Object.fromEntries(LIKE_GROWTH.map((key, i) => [key, logLerp(LIKE_BOUNDS[key], c.x[1 + i])])) as LikeParams["growth"],
      imaging: imaging as LikeParams["imaging"],
      voxelSize: logLerp(voxelRange(c.preset), c.x[0]),
      anisotropy,
      depth,
    };
    // dark vessels: every sample of the fit drawn dark, which the like record then carries to generate --like
    return imagedAs(dark ? withDarkVessels(like) : like);
  };
  const start = [0.5, ...LIKE_GROWTH.map((key) => logUnit(LIKE_BOUNDS[key], 1))];
  let probs = presets.map(() => 1 / presets.length);
  let mean = start,
    sd = start.map(() => 0.3);
  const tried: { c: Candidate; d: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const r = rng.fork(`geometry ${round}`);
    const scored = Array.from({ length: population }, () => {
      const c: Candidate = { preset: presets[pickIndex(probs, r)], x: mean.map((m, i) => clamp01(m + sd[i] * r.normal())) };
      const stats = sampleSetStats(toLike(c), { ...base, indices: searchSeeds, image: false });
      const d = statDistance(scan, stats, { kinds: ["geometry"] }).distance;
      if (d < bestDistance) bestDistance = d;
      tried.push({ c, d });
      tick();
      return { c, d };
    }).sort((a, b) => a.d - b.d);
    const top = scored.slice(0, elites);
    probs = presets.map((p, i) => 0.5 * probs[i] + (0.5 * top.filter((t) => t.c.preset === p).length) / elites);
    mean = mean.map((_, i) => top.reduce((s, t) => s + t.c.x[i], 0) / elites);
    sd = mean.map((m, i) => Math.max(0.04, Math.sqrt(top.reduce((s, t) => s + (t.c.x[i] - m) ** 2, 0) / elites)));
  }
  // The choice, on samples the search never saw: a candidate that fits the few samples it was measured on may owe it to
  // them. The distribution's centre (the likeliest preset, the elites' mean) and the VALIDATED best candidates of the
  // search are measured on fresh validation samples, and the nearest is kept.
  const centre: Candidate = { preset: presets[probs.indexOf(Math.max(...probs))], x: mean };
  const shortlist = [
    centre,
    ...tried
      .sort((a, b) => a.d - b.d)
      .slice(0, VALIDATED)
      .map((t) => t.c),
  ];
  const validation = { ...base, indices: Array.from({ length: k + 1 }, (_, i) => VALIDATION_SEED_OFFSET + i), image: false };
  const geometry = shortlist
    .map((c) => {
      const d = statDistance(scan, sampleSetStats(toLike(c), validation), { kinds: ["geometry"] }).distance;
      tick();
      return { c, d };
    })
    .sort((a, b) => a.d - b.d)[0].c;

  // --- imaging: contrast, noise, blur factors over the fitted geometry's samples (grown once), for each modality the
  // presets searched offer on the fitted tree (presetsAlike: the same vessels, their visible edges moved a little by
  // each modality's blur), on the same draws (IMAGING_SEARCH); where there are several, each at its factors kept is
  // measured whole (geometry and image) on the same fresh samples, and the nearest is kept
  const geometryLike = toLike(geometry);
  let modality: SamplePresetName = o.modality ?? geometry.preset;
  // the fitted geometry imaged as modality m, with imaging factors (1 where not given)
  const imaged = (m: SamplePresetName, factors: Record<string, number> = geometryLike.imaging): LikeParams => ({
    ...withModality(geometryLike, m),
    imaging: factors as LikeParams["imaging"],
  });
  let imaging: Record<string, number> = { contrast: 1, noise: 1, blur: 1 };
  const alike = modalitiesOf(geometry.preset);
  const modalities: ModalityTried[] = [];
  let kept: ModalityTried | null = null; // the nearest of them so far
  if (hasImage) {
    const imageSeeds = Array.from({ length: Math.max(k + 1, 6) }, (_, i) => i);
    for (const preset of alike) {
      const cache = new Map<number, SampleGeometry>();
      const geometryOf = (index: number) => {
        if (!cache.has(index)) cache.set(index, sampleGeometry(sampleSpec(index, { seed, size, labelConvention, like: imaged(preset) })));
        return cache.get(index)!;
      };
      // the image terms' distance of the factors at x (each in log units of LIKE_BOUNDS) on the images of `seeds`
      const factorsAt = (x: readonly number[]) => Object.fromEntries(LIKE_IMAGING.map((key, i) => [key, logLerp(LIKE_BOUNDS[key], x[i])]));
      const imageDistance = (x: readonly number[], seeds: readonly number[]) => {
        o.signal?.throwIfAborted();
        const like = imaged(preset, factorsAt(x));
        const stats = medianImageStats(
          seeds.map((i) => {
            const g = geometryOf(i);
            return sampleImageStats(g, likeImaging(g.imaging, like), { dark });
          }),
        );
        tick();
        return statDistance(scan, { mask: scan.mask, image: stats }, { kinds: ["image"] }).distance;
      };
      const found = unitCubeSearch((x) => imageDistance(x, imageSeeds), LIKE_IMAGING.length, IMAGING_SEARCH);
      done += IMAGING_SEARCH.budget - found.evaluations; // the budget the search did not need
      // The choice, on images the search never saw: the search's best and the factors 1, on twice as many fresh images
      // (two points apart: the search steps from the box's centre by halves, and blur 1 is not at such a point)
      const shortlist = [found.x, LIKE_IMAGING.map((key) => logUnit(LIKE_BOUNDS[key], 1))];
      const validationSeeds = Array.from({ length: 2 * imageSeeds.length }, (_, i) => VALIDATION_SEED_OFFSET + i);
      const checked = shortlist.map((x) => ({ x, d: imageDistance(x, validationSeeds) })).reduce((a, b) => (b.d < a.d ? b : a));
      const best = { d: checked.d, factors: factorsAt(checked.x) };
      let distance: number | null = null;
      if (alike.length > 1) {
        const whole = sampleSetStats(imaged(preset, best.factors), { ...base, indices: validationSeeds, image: true });
        distance = statDistance(scan, { mask: whole.mask, image: whole.image }).distance;
        tick();
      }
      const tried = { preset, imageDistance: best.d, distance, evaluations: found.evaluations };
      modalities.push(tried);
      if (!kept || (distance ?? Infinity) < (kept.distance ?? Infinity)) ((kept = tried), (modality = preset), (imaging = best.factors));
    }
  }
  done += skipped(alike.length);

  // --- before and after, on fresh seeds
  const like = imaged(modality, imaging);
  const final = { ...base, indices: Array.from({ length: finalSamples }, (_, i) => FINAL_SEED_OFFSET + i), image: hasImage };
  const beforeSet = mixSetStats(final);
  tick();
  const afterSet = sampleSetStats(like, final);
  tick();
  o.onFinalMeasures?.(beforeSet.measures, afterSet.measures);
  const beforeStats: ScanStats = { mask: beforeSet.mask, image: beforeSet.image },
    afterStats: ScanStats = { mask: afterSet.mask, image: afterSet.image };
  const before = statDistance(scan, beforeStats),
    after = statDistance(scan, afterStats);
  return {
    format: FIT_FORMAT,
    version: FIT_VERSION,
    like,
    scan,
    before: { ...before, stats: beforeStats },
    after: { ...after, stats: afterStats },
    geometry: {
      before: statDistance(scan, beforeStats, { kinds: ["geometry"] }).distance,
      after: statDistance(scan, afterStats, { kinds: ["geometry"] }).distance,
    },
    search: {
      seed,
      size,
      samples: k,
      finalSamples,
      candidates: rounds * population + modalities.reduce((n, t) => n + t.evaluations, 0),
      labelConvention,
      presets,
      modality: o.modality ?? null,
      modalities,
    },
  };
}

/** The in-plane voxel sizes a preset's fit may take: its scanner range widened as the wide samples widen it. */
function voxelRange(preset: SamplePresetName): [number, number] {
  const policy = SAMPLE_PRESETS[preset].voxel;
  const [lo, hi] = policy.kind === "patch" ? policy.voxelSize : [1, 1];
  return [lo / WIDE_VOXELS.zoomIn, hi * WIDE_VOXELS.zoomOut];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const logLerp = ([lo, hi]: readonly [number, number], u: number) => lo * Math.pow(hi / lo, u);
const logUnit = ([lo, hi]: readonly [number, number], x: number) => Math.log(x / lo) / Math.log(hi / lo);

function pickIndex(probs: number[], rng: Rng): number {
  let u = rng.next() * probs.reduce((a, b) => a + b, 0);
  for (let i = 0; i < probs.length; i++) if ((u -= probs[i]) < 0) return i;
  return probs.length - 1;
}
