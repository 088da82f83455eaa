// Written by scripts/real-radii.ts (do not edit): the centreline-radius histograms (voxels of the finest side, on
// RADIUS_BINS) of real vessel masks, for the Synthesise page to draw a sample's radii against. Derived numbers only.
import type { RadiusHistogram } from "./radiusHistogram.js";

export const REAL_RADII: ReadonlyArray<RadiusHistogram & { name: string; dims: number[]; spacing: number[] }> = [
  {
    name: "minivess_mv68_vessels",
    dims: [512, 512, 106],
    spacing: [0.994, 0.994, 2],
    edges: [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    fractions: [0.18969, 0, 0.63971, 0.09962, 0.03898, 0.01115, 0.0119, 0.00764, 0.00132, 0, 0],
    count: 46207,
  },
  {
    name: "tof_mra_sub-000_vessels",
    dims: [350, 448, 160],
    spacing: [0.4688, 0.4688, 0.7],
    edges: [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    fractions: [0.66182, 0.14192, 0.1355, 0.0261, 0.03466, 0, 0, 0, 0, 0, 0],
    count: 7011,
  },
  {
    name: "vessap_vessels",
    dims: [325, 304, 600],
    spacing: [1, 1, 1],
    edges: [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    fractions: [0.4842, 0.13278, 0.27317, 0.05262, 0.05589, 0.00134, 0, 0, 0, 0, 0],
    count: 62771,
  },
  {
    name: "aorta_partial_label",
    dims: [157, 393, 34],
    spacing: [0.8789, 0.8789, 1.5],
    edges: [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    fractions: [0, 0, 0, 0.025, 0.58333, 0.21667, 0.175, 0, 0, 0, 0],
    count: 120,
  },
  {
    name: "lightsheet_000_label",
    dims: [100, 100, 100],
    spacing: [1, 1, 1],
    edges: [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32],
    fractions: [0.10682, 0.03977, 0.48864, 0.2358, 0.12727, 0.0017, 0, 0, 0, 0, 0],
    count: 1760,
  },
];
