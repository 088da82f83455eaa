/**
 * The distance `fit` minimises between a scan's statistics and those of samples: one term per statistic, the absolute
 * log ratio |ln((a + ε) / (b + ε))| (so twice and half are equally far, and units cancel), and the distance the root
 * mean square of the terms. Tortuosity enters as its excess over a straight line (t − 1). A statistic one side lacks
 * (no branch long enough for a tortuosity) counts MISSING_TERM; a statistic the scan lacks altogether is left out.
 * Image statistics (contrast, noise, blur) count only when both sides have them (the scan's image was given).
 */
import type { ImageStats } from "./imageStats.js";
import type { MaskStats } from "./maskStats.js";

export interface ScanStats {
  mask: MaskStats;
  image?: ImageStats | null;
}

export interface FitStatistic {
  name: string;
  /** What it reads, for tables. */
  label: string;
  kind: "geometry" | "image";
  read: (s: ScanStats) => number;
  /** Added to both sides before the ratio. */
  epsilon: number;
}

const geometry = (name: string, label: string, read: (m: MaskStats) => number, epsilon = 1e-3): FitStatistic => ({
  name,
  label,
  kind: "geometry",
  read: (s) => read(s.mask),
  epsilon,
});
const image = (name: string, label: string, read: (i: ImageStats) => number, epsilon = 1e-3): FitStatistic => ({
  name,
  label,
  kind: "image",
  read: (s) => (s.image ? read(s.image) : NaN),
  epsilon,
});

const windowed = (i: ImageStats, key: "contrast" | "noise" | "blur") => (Number.isFinite(i.window?.[key]) ? i.window![key] : i[key]);

export const FIT_STATISTICS: readonly FitStatistic[] = [
  geometry("radius_vox_p10", "radius p10 (voxels)", (m) => m.radiusVox[0]),
  geometry("radius_vox_p50", "radius p50 (voxels)", (m) => m.radiusVox[1]),
  geometry("radius_vox_p90", "radius p90 (voxels)", (m) => m.radiusVox[2]),
  geometry("branch_length_vox_p50", "branch length p50 (voxels)", (m) => m.branchLengthVox[1]),
  geometry("branch_length_vox_p90", "branch length p90 (voxels)", (m) => m.branchLengthVox[2]),
  geometry("tortuosity_p50", "tortuosity p50 (arc/chord − 1)", (m) => m.tortuosity[1] - 1, 0.01),
  // a scan's windows around its vessels (MaskStats.window) when read so: a sample is such a window
  geometry("branch_density", "branches per 1000 voxels", (m) => m.window?.branchDensityVox ?? m.branchDensityVox, 1e-3),
  geometry("vessel_fraction", "vessel volume fraction", (m) => m.window?.vesselFraction ?? m.vesselFraction, 1e-4),
  // likewise a scan's image read in those windows (ImageStats.window), where it could be
  image("contrast", "vessel-to-background contrast", (i) => windowed(i, "contrast"), 1e-3),
  image("noise", "noise level", (i) => windowed(i, "noise"), 1e-3),
  image("blur", "edge blur (voxels)", (i) => windowed(i, "blur"), 0.05),
];

/** A statistic one side lacks: as far as a factor of e² off. */
export const MISSING_TERM = 2;

export interface StatDistance {
  /** Root mean square of the terms. */
  distance: number;
  /** Per statistic: the scan's value, the samples', the term. */
  terms: { name: string; label: string; scan: number; samples: number; term: number }[];
}

export function statDistance(scan: ScanStats, samples: ScanStats, { kinds = ["geometry", "image"] as FitStatistic["kind"][] } = {}): StatDistance {
  const terms: StatDistance["terms"] = [];
  for (const s of FIT_STATISTICS) {
    if (!kinds.includes(s.kind)) continue;
    const a = s.read(scan),
      b = s.read(samples);
    if (!Number.isFinite(a)) continue; // the scan lacks it: nothing to match
    if (s.kind === "image" && !samples.image) continue;
    const term = Number.isFinite(b) ? Math.abs(Math.log((Math.max(0, a) + s.epsilon) / (Math.max(0, b) + s.epsilon))) : MISSING_TERM;
    terms.push({ name: s.name, label: s.label, scan: a, samples: b, term });
  }
  const distance = terms.length ? Math.sqrt(terms.reduce((t, x) => t + x.term * x.term, 0) / terms.length) : NaN;
  return { distance, terms };
}
