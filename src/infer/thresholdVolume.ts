import type { Volume } from "../volume/index.js";

/** A uint8 mask on `volume`'s grid: 1 where the value is above `threshold`, else 0 (NaN is 0). */
export function thresholdVolume(volume: Volume, threshold: number): Volume<Uint8Array> {
  if (!Number.isFinite(threshold)) throw new RangeError(`thresholdVolume: threshold = ${threshold}; give a finite number`);
  const data = new Uint8Array(volume.data.length);
  const src = volume.data;
  for (let n = 0; n < src.length; n++) data[n] = src[n] > threshold ? 1 : 0;
  return { data, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
}
