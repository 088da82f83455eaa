import { type Volume, percentilesOf } from "../volume/index.js";

export interface NormalisedVolume {
  volume: Volume<Float32Array>;
  /** The intensities mapped to 0 and 1: the two percentiles of the input. */
  low: number;
  high: number;
}

/**
 * `volume`'s intensities mapped linearly so that its `percentiles[0]` and `percentiles[1]` (0…100, numpy's linear
 * interpolation between ranks, non-finite voxels skipped) become 0 and 1, then clipped to [0, 1] unless `clip` is false.
 * The result is a Float32Array on the same grid; non-finite voxels become 0, and so does every voxel when the
 * two percentiles are equal (a constant image): the contract of models/train/data.py's normalise. Percentiles are found by selection in O(n), not by sorting (percentilesOf).
 * With `within` (a mask on the volume's grid, see fieldOfView), the percentiles are those of the voxels it marks, as
 * nnU-Net normalises a scan inside its non-zero mask; every voxel is still mapped.
 */
export function percentileNormalise(
  volume: Volume,
  percentiles: [number, number] = [0.5, 99.5],
  options: { clip?: boolean; within?: Uint8Array } = {},
): NormalisedVolume {
  const { clip = true, within } = options;
  if (within && within.length !== volume.data.length)
    throw new RangeError(`percentileNormalise: the mask has ${within.length} voxels, the volume ${volume.data.length}`);
  const [pLow, pHigh] = percentiles;
  if (!(pLow >= 0 && pHigh <= 100 && pLow <= pHigh))
    throw new RangeError(`percentileNormalise: percentiles = [${pLow}, ${pHigh}]; give [low, high] with 0 ≤ low ≤ high ≤ 100`);
  const [low, high] = percentilesOf(within ? masked(volume.data, within) : volume.data, [pLow, pHigh]);
  const out = new Float32Array(volume.data.length);
  const range = high - low;
  if (range > 0) {
    const scale = 1 / range;
    const src = volume.data;
    for (let n = 0; n < src.length; n++) {
      const v = src[n];
      if (!Number.isFinite(v)) continue;
      const x = (v - low) * scale;
      out[n] = clip ? (x < 0 ? 0 : x > 1 ? 1 : x) : x;
    }
  }
  return { volume: { data: out, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] }, low, high };
}

/** The values where `mask` is set. */
function masked(data: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] ? 1 : 0;
  const out = new Float64Array(n);
  for (let i = 0, m = 0; i < mask.length; i++) if (mask[i]) out[m++] = data[i];
  return out;
}
