/**
 * The distribution of centreline radii in voxels (src/metrics' centrelineRadii) as a histogram on fixed bins, so a
 * synthetic sample's can be drawn over the real masks' (realRadii.ts, written by scripts/real-radii.ts).
 */
import { centrelineRadii } from "../metrics/index.js";
import type { Volume } from "../volume/index.js";
export const RADIUS_BINS: readonly number[] = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32];

export interface RadiusHistogram {
  /** Bin edges in voxels: bin i holds radii in [edges[i], edges[i+1]); the last bin everything from its edge up. */
  edges: number[];
  /** Fraction of the centreline voxels in each bin (sums to 1; all 0 for no radii). */
  fractions: number[];
  /** Centreline voxels counted. */
  count: number;
}

/** The histogram of `radii` (voxels) on `edges` (ascending; radii below the first edge count in the first bin). */
export function radiusHistogram(radii: ArrayLike<number>, edges: readonly number[] = RADIUS_BINS): RadiusHistogram {
  for (let i = 1; i < edges.length; i++)
    if (!(edges[i] > edges[i - 1])) throw new RangeError(`radiusHistogram: edges must ascend; ${edges[i - 1]} then ${edges[i]}`);
  const counts = new Array<number>(edges.length).fill(0);
  let count = 0;
  for (let n = 0; n < radii.length; n++) {
    const r = radii[n];
    if (!Number.isFinite(r)) continue;
    let b = 0;
    while (b + 1 < edges.length && r >= edges[b + 1]) b++;
    counts[b]++;
    count++;
  }
  return { edges: [...edges], fractions: counts.map((c) => (count ? c / count : 0)), count };
}

/** The histogram of a vessel label's centreline radii in voxels of its finest side: what the Synthesise page draws. */
export function labelRadiusHistogram(label: Volume): RadiusHistogram {
  return radiusHistogram(centrelineRadii(label, { inVoxels: true }));
}
