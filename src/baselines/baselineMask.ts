/**
 * The classical baselines a reader would try before a learned model, each with one fixed rule for its threshold
 * (nothing is tuned on a label):
 * - **otsu**: the image lightly smoothed (a Gaussian of σ = 1 voxel along each axis), thresholded at Otsu's
 *   threshold of its values;
 * - **frangi**: Frangi's multi-scale vesselness (src/vesselness, its default radii of 1 to 6 voxels), thresholded at
 *   Otsu's threshold of its positive responses (most voxels answer 0, which would otherwise be one class alone).
 * A scan whose background was masked to one value is handled as `segment` handles it (src/infer's fieldOfView): the
 * threshold is taken inside the field of view, and the mask is 0 outside it.
 */
import { fieldOfView } from "../infer/index.js";
import { smoothVoxels, vesselness } from "../vesselness/index.js";
import type { Volume } from "../volume/index.js";
import { otsuThreshold } from "./otsuThreshold.js";

export type BaselineMethod = "otsu" | "frangi";
export const BASELINE_METHODS: readonly BaselineMethod[] = ["otsu", "frangi"];

/** σ of the light smoothing before Otsu, in voxels. */
export const OTSU_SMOOTHING_VOXELS = 1;

export interface BaselineOptions {
  method: BaselineMethod;
  /** true (default): bright vessels; false: dark ones. */
  bright?: boolean;
  /** false: threshold and mark the whole volume even when its background was masked; default true. */
  maskBackground?: boolean;
  /** Frangi only: vessel radii in mm (default: src/vesselness's defaultRadii). */
  radii?: number[];
  /** Frangi only: called after each scale. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface BaselineResult {
  /** uint8 0/1 on the input's grid. */
  mask: Volume<Uint8Array>;
  /** The score the threshold was applied to: the smoothed image (otsu) or the vesselness (frangi). */
  score: Volume<Float32Array>;
  /** Frangi only: the radius (mm) of the best scale per voxel; null for otsu. */
  radius: Volume<Float32Array> | null;
  /** The threshold on `score` (mask = score > threshold for bright vessels, < for dark otsu). */
  threshold: number;
  /** Fraction of the volume outside the field of view (0 when the background was not masked). */
  outside: number;
  method: BaselineMethod;
}

/** One baseline's mask of `volume`. Throws a RangeError naming a bad option. */
export function baselineMask(volume: Volume, options: BaselineOptions): BaselineResult {
  const { method, bright = true, maskBackground = true } = options;
  if (!BASELINE_METHODS.includes(method)) throw new RangeError(`baseline: method = ${JSON.stringify(method)}; give one of ${BASELINE_METHODS.join(", ")}`);
  const fov = maskBackground ? fieldOfView(volume) : null;
  const within = fov?.mask;
  const grid = { dims: [...volume.dims] as Volume["dims"], spacing: [...volume.spacing] as Volume["spacing"], affine: [...volume.affine] };
  let score: Float32Array,
    radius: Volume<Float32Array> | null = null,
    threshold: number;
  let above = bright;
  if (method === "otsu") {
    score = smoothVoxels(volume.data, volume.dims, [OTSU_SMOOTHING_VOXELS, OTSU_SMOOTHING_VOXELS, OTSU_SMOOTHING_VOXELS]);
    threshold = otsuThreshold(score, { within });
  } else {
    const v = vesselness(volume, { method: "frangi", bright, radii: options.radii, within, onProgress: options.onProgress, signal: options.signal });
    score = v.vesselness.data;
    radius = v.radius;
    const positive = new Uint8Array(score.length);
    for (let i = 0; i < score.length; i++) positive[i] = score[i] > 0 && (!within || within[i]) ? 1 : 0;
    threshold = otsuThreshold(score, { within: positive });
    above = true;
  }
  const mask = new Uint8Array(score.length);
  if (Number.isFinite(threshold)) {
    for (let i = 0; i < score.length; i++) {
      if (within && !within[i]) continue;
      const s = score[i];
      mask[i] = (above ? s > threshold : s < threshold) ? 1 : 0;
    }
  }
  return { mask: { data: mask, ...grid }, score: { data: score, ...grid }, radius, threshold, outside: fov?.outside ?? 0, method };
}
