import { likeDims } from "../dataset/index.js";
import type { VoxelGrid } from "../metrics/index.js";
import type { Vec3 } from "../volume/index.js";
import { imageStats } from "./imageStats.js";
import { measureMask, statsOf, windowStats, type MaskMeasures } from "./maskStats.js";
import type { ScanStats } from "./statDistance.js";

/**
 * A scan's statistics: its mask's geometry and, with the image, its contrast, noise and blur read against the mask.
 * The volume fraction and branch density are also read in windows the size of the samples `fit` will compare with
 * (fitWindow: `size`, default the fit's, and the scan's depth), as a sample sees them.
 */
export function scanStats(mask: VoxelGrid, image?: VoxelGrid | null, { size }: { size?: number } = {}): ScanStats {
  return measureScan(mask, image, { size }).stats;
}

/** scanStats with the mask's measures it was read from (the raw radii and lengths, for histograms). */
export function measureScan(mask: VoxelGrid, image?: VoxelGrid | null, { size }: { size?: number } = {}): { stats: ScanStats; measures: MaskMeasures } {
  if (image && image.dims.some((d, a) => d !== mask.dims[a]))
    throw new RangeError(
      `scanStats: the mask is ${mask.dims.join("×")} voxels, the image ${image.dims.join("×")}; give the mask on the image's grid (resample it first)`,
    );
  const measures = measureMask(mask);
  const stats = { ...statsOf(measures), window: windowStats(mask, measures, fitWindow(mask.dims, size)) };
  return { stats: { mask: stats, image: image ? imageStats(image, mask) : null }, measures };
}

/**
 * The side `fit` gives its samples by default: the scan's in-plane extent, within 32…48 voxels (branch lengths are cut
 * at a sample's edge; wider samples, tried for thin stacks, made the fits of real masks no nearer and slower).
 */
export function fitSampleSize(dims: readonly number[]): number {
  return Math.max(32, Math.min(48, 8 * Math.round(Math.max(dims[0], dims[1]) / 8)));
}

/** The scan's depth as fit gives it to samples: slices over in-plane voxels per side, at most 1. */
export function fitDepth(dims: readonly number[]): number {
  return Math.min(1, dims[2] / Math.max(dims[0], dims[1]));
}

/** The voxels of one of fit's samples of `size` (default fitSampleSize) for a scan of `dims`: the window the scan's fraction and density are read in. */
export function fitWindow(dims: readonly number[], size = fitSampleSize(dims)): Vec3 {
  return likeDims(size, fitDepth(dims));
}
