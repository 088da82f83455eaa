/**
 * The statistics of a set of samples, read as `fit` reads a scan: each sample grown, voxelised and labelled as
 * makeSample does it (its label convention), the masks' measures pooled (statsOf), and, when asked, the image's
 * contrast, noise and blur read against the label and averaged (the median over samples) — the image is synthesised
 * only then, since it is the dearer half of a sample.
 */
import {
  SAMPLE_PRESET_NAMES,
  sampleGeometry,
  sampleLabel,
  sampleSpec,
  type LabelConvention,
  type LikeParams,
  type SampleGeometry,
  type SamplePresetName,
} from "../dataset/index.js";
import { mirrorIntensities } from "../infer/index.js";
import { synthesiseImage, type ImagingParams } from "../imaging/index.js";
import { percentilesOf, type Volume } from "../volume/index.js";
import { imageStats, type ImageStats } from "./imageStats.js";
import { measureMask, statsOf, type MaskMeasures } from "./maskStats.js";
import type { ScanStats } from "./statDistance.js";

export interface SampleSetOptions {
  /** Sample indices (with `seed`, what makes each sample). */
  indices: readonly number[];
  seed: number;
  size: number;
  labelConvention: LabelConvention;
  /** Synthesise the images and read their contrast, noise and blur. */
  image: boolean;
  /**
   * Dark vessels (a fit of a black-blood scan, read mirrored): every sample drawn with dark vessels (sampleSpec's
   * `darkVessels` 1, which changes no other draw), its image statistics read on its mirrored image, as the scan's are.
   */
  dark?: boolean;
  signal?: AbortSignal;
}

export type SampleSetStats = ScanStats & { measures: MaskMeasures[]; images: ImageStats[] };

/**
 * The image statistics of one sample made with `imaging` (its label read again: a visible label follows the blur);
 * with `dark`, read on the image mirrored (src/infer's mirrorIntensities), as a dark-vessel scan is read.
 */
export function sampleImageStats(g: SampleGeometry, imaging: ImagingParams = g.imaging, { dark = false } = {}): ImageStats {
  const label = imaging === g.imaging ? g.label : sampleLabel(g.maps, imaging, g.spec.labelConvention);
  const image = synthesiseImage(g.maps, imaging, g.spec.imaging.seed);
  return imageStats(dark ? mirrorIntensities(image) : image, label);
}

/** Median of each image statistic over samples. */
export function medianImageStats(all: ImageStats[]): ImageStats | null {
  if (all.length === 0) return null;
  const med = (f: (s: ImageStats) => number) => percentilesOf(all.map(f), [50])[0];
  return {
    range: [med((s) => s.range[0]), med((s) => s.range[1])],
    vessel: med((s) => s.vessel),
    background: med((s) => s.background),
    contrast: med((s) => s.contrast),
    noise: med((s) => s.noise),
    blur: med((s) => s.blur),
  };
}

/** The pooled statistics of the samples `indices` of the data set `like` describes (null: the simulator's default mix). */
export function sampleSetStats(like: LikeParams | null, o: SampleSetOptions): SampleSetStats {
  return pooledStats(like, o, () => undefined);
}

/** The preset of the i-th sample of a stratified default mix (mixSetStats). */
export const mixPreset = (i: number): SamplePresetName => SAMPLE_PRESET_NAMES[i % SAMPLE_PRESET_NAMES.length];

/**
 * The default mix's statistics, stratified: the i-th of the samples `indices` is made as preset mixPreset(i) (the
 * presets in turn), and all are pooled. The mix draws each sample's preset at random and so, on a dozen samples,
 * often holds two of one preset and none of another, which moves its pooled statistics far more than the presets' own
 * variety does; equal shares measure what the mix gives on average.
 */
export function mixSetStats(o: SampleSetOptions): SampleSetStats {
  return pooledStats(null, o, mixPreset);
}

/** Each sample grown (as preset `presetOf(i)` when it names one, else as its data set draws it), measured and pooled. */
function pooledStats(like: LikeParams | null, o: SampleSetOptions, presetOf: (i: number) => SamplePresetName | undefined): SampleSetStats {
  const measures: MaskMeasures[] = [];
  const images: ImageStats[] = [];
  o.indices.forEach((index, i) => {
    o.signal?.throwIfAborted();
    const darkVessels = o.dark ? 1 : null;
    const g = sampleGeometry(sampleSpec(index, { seed: o.seed, size: o.size, labelConvention: o.labelConvention, like, preset: presetOf(i), darkVessels }));
    measures.push(measureMask(g.label));
    if (o.image) images.push(sampleImageStats(g, g.imaging, { dark: o.dark }));
  });
  return { mask: statsOf(measures), image: o.image ? medianImageStats(images) : null, measures, images };
}
