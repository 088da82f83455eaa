/**
 * The masked-reconstruction error as the score counts it, for a view: the squared error (reconstruction − input)² on
 * the voxels hidden from the decoder, and nothing where it saw the scan. reconstructVolume's loss is the mean of
 * exactly these values over every hidden voxel of the volume, so a map of them means what the score means. Pure data
 * (no DOM): images in sliceOf's layout, arrays in a Volume's.
 */
import { nice, quantile } from "d3-array";
import type { Image2D } from "./sliceData.js";

export interface HiddenErrorImage extends Image2D {
  /** (reconstruction − input)² where the mask hid the voxel; NaN where the decoder saw it. */
  data: Float32Array;
  /** The input (the scan as the model sees it, normalised to [0, 1]) at every pixel, for the visible ones. */
  scan: Float32Array;
  /** How many pixels were hidden. */
  hidden: number;
  /** Mean of `data` over the hidden pixels (NaN when none): the score's formula on this view alone. */
  mean: number;
}

/** The squared error on the hidden pixels of one view, from the input, the reconstruction and the mask (1: hidden) on one grid. */
export function hiddenErrorImage(input: Image2D, reconstruction: Image2D, mask: Image2D): HiddenErrorImage {
  for (const [name, image] of [
    ["reconstruction", reconstruction],
    ["mask", mask],
  ] as const) {
    if (image.width !== input.width || image.height !== input.height) {
      throw new RangeError(
        `hiddenErrorImage: the ${name} is ${image.width}×${image.height}, the input ${input.width}×${input.height}; give all three on one grid`,
      );
    }
  }
  const data = new Float32Array(input.data.length);
  let hidden = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    if (mask.data[i] > 0) {
      const d = reconstruction.data[i] - input.data[i];
      data[i] = d * d;
      sum += d * d;
      hidden++;
    } else data[i] = NaN;
  }
  return {
    width: input.width,
    height: input.height,
    pixelSpacing: [...input.pixelSpacing],
    data,
    scan: Float32Array.from(input.data),
    hidden,
    mean: hidden ? sum / hidden : NaN,
  };
}

/**
 * The colour range [0, top] for maps of the squared error on the hidden voxels of a whole volume (flat arrays of one
 * length; mask 1: hidden): top is the `q` quantile (default 0.99) of those errors, or their mean where that is larger
 * (so the score lies on the scale), rounded up to a round number (d3's nice). Every slice of the volume shares it.
 * [0, 1] when no voxel is hidden or every error is 0.
 */
export function hiddenErrorRange(input: ArrayLike<number>, reconstruction: ArrayLike<number>, mask: ArrayLike<number>, q = 0.99): [number, number] {
  if (reconstruction.length !== input.length || mask.length !== input.length) {
    throw new RangeError(
      `hiddenErrorRange: input ${input.length}, reconstruction ${reconstruction.length} and mask ${mask.length} values; give them on one grid`,
    );
  }
  if (!(q >= 0 && q <= 1)) throw new RangeError(`hiddenErrorRange: q = ${q}; give a quantile in [0, 1]`);
  let hidden = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] > 0) hidden++;
  const step = Math.max(1, Math.floor(hidden / 200_000)); // at most about 200,000 of them for the quantile
  const sample: number[] = [];
  let sum = 0;
  let finite = 0;
  for (let i = 0, h = 0; i < mask.length; i++) {
    if (!(mask[i] > 0)) continue;
    const d = reconstruction[i] - input[i];
    if (h++ % step === 0 && Number.isFinite(d)) sample.push(d * d);
    if (Number.isFinite(d)) {
      sum += d * d;
      finite++;
    }
  }
  if (!sample.length) return [0, 1];
  const top = Math.max(quantile(sample, q) as number, sum / finite);
  if (!(top > 0)) return [0, 1];
  return [0, nice(0, top, 5)[1]];
}
