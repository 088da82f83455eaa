import { percentileOfSorted } from "./percentiles.js";
import type { Volume } from "./volume.js";

export interface VolumeStats {
  /** Voxels counted (all but NaN). */
  count: number;
  nanCount: number;
  nonzero: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Percentile p (0…100) → value, interpolated linearly between ranks (numpy's default). */
  percentiles: Record<number, number>;
}

/** Summary statistics of a volume's values, NaN excluded (all NaN → NaN statistics). */
export function volumeStats(volume: Volume, options: { percentiles?: number[] } = {}): VolumeStats {
  const { percentiles = [1, 5, 50, 95, 99] } = options;
  for (const p of percentiles) if (!(p >= 0 && p <= 100)) throw new RangeError(`volumeStats: percentile ${p} must lie in 0…100`);
  const values = new Float64Array(volume.data.length);
  let count = 0,
    nonzero = 0,
    sum = 0,
    min = Infinity,
    max = -Infinity;
  for (const v of volume.data) {
    if (Number.isNaN(v)) continue;
    values[count++] = v;
    sum += v;
    if (v !== 0) nonzero++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count ? sum / count : NaN;
  let squares = 0;
  for (let n = 0; n < count; n++) squares += (values[n] - mean) ** 2;
  const sorted = values.subarray(0, count).sort();
  const result: Record<number, number> = {};
  for (const p of percentiles) result[p] = percentileOfSorted(sorted, p);
  return {
    count,
    nanCount: volume.data.length - count,
    nonzero,
    min: count ? min : NaN,
    max: count ? max : NaN,
    mean,
    std: count ? Math.sqrt(squares / count) : NaN,
    percentiles: result,
  };
}
