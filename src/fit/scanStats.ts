import { likeDims } from "../dataset/index.js";
import type { VoxelGrid } from "../metrics/index.js";
import { cropVolume, type Vec3, type Volume } from "../volume/index.js";
import { imageStats, type ImageStats } from "./imageStats.js";
import { measureMask, statsOf, windowOrigins, windowStats, type MaskMeasures } from "./maskStats.js";
import { medianImageStats } from "./sampleStats.js";
import type { ScanStats } from "./statDistance.js";

/**
 * A scan's statistics: its mask's geometry and, with the image, its contrast, noise and blur read against the mask.
 * The volume fraction and branch density, and the contrast, noise and blur, are also read in windows the size of the
 * samples `fit` will compare with (fitWindow: `size`, default the fit's, and the scan's depth), as a sample sees them.
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
  const window = fitWindow(mask.dims, size);
  const stats = { ...statsOf(measures), window: windowStats(mask, measures, window) };
  return { stats: { mask: stats, image: image ? windowedImageStats(image, mask, measures, window) : null }, measures };
}

/** The image's statistics over the whole scan, with their medians over the windows a sample is compared in (ImageStats.window). */
function windowedImageStats(image: VoxelGrid, mask: VoxelGrid, measures: MaskMeasures, window: Vec3): ImageStats {
  const whole = imageStats(image, mask);
  const { dims, origins } = windowOrigins(mask.dims, measures, window);
  if (origins.length === 0) return whole;
  const affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const crop = (g: VoxelGrid, lo: Vec3) => cropVolume({ ...g, affine } as Volume, lo, lo.map((x, a) => x + dims[a]) as Vec3);
  const each = medianImageStats(origins.map((lo) => imageStats(crop(image, lo), crop(mask, lo))))!;
  return { ...whole, window: { dims, contrast: each.contrast, noise: each.noise, blur: each.blur, windows: origins.length } };
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
