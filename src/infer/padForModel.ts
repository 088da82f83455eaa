import { type Vec3, type Volume, cropVolume, padVolume } from "../volume/index.js";

export interface PaddedVolume {
  volume: Volume<Float32Array>;
  /** The input's box inside the padded volume, [start, end) voxel indices: cropVolume(result, start, end) undoes the padding. */
  start: Vec3;
  end: Vec3;
}

/**
 * `volume` padded with `value` (default 0, the background of a normalised image) at the far end of each axis up to a
 * multiple of `stride`, the sizes a U-Net with that total stride accepts, as models/train/infer.py does. The affine
 * keeps every input voxel where it was in the world. A stack thinner than a tile (a few microscopy slices) is padded
 * to the stride only, and slidingWindow then runs one tile of that depth (see segmentVolume): padding it to a full
 * tile would fill most of the tile with zeros and skew a network's instance normalisation.
 */
export function padForModel(volume: Volume<Float32Array>, options: { stride: number; value?: number }): PaddedVolume {
  const { stride, value = 0 } = options;
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`padForModel: stride = ${stride}; give a positive integer`);
  const after = volume.dims.map((n) => Math.ceil(n / stride) * stride - n) as Vec3;
  const start: Vec3 = [0, 0, 0];
  const end: Vec3 = [...volume.dims];
  if (after.every((p) => p === 0)) return { volume, start, end };
  return { volume: padVolume(volume, [0, 0, 0], after, value), start, end };
}

/** The input's part of a padded model output: cropVolume(volume, padded.start, padded.end), or `volume` when nothing was padded. */
export function cropPadding(volume: Volume<Float32Array>, padded: Pick<PaddedVolume, "start" | "end">): Volume<Float32Array> {
  const { start, end } = padded;
  if (start.every((s, a) => s === 0 && end[a] === volume.dims[a])) return volume;
  return cropVolume(volume, start, end);
}
