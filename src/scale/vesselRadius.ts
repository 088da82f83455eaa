/**
 * A scan's typical vessel radius, measured without a label: Frangi's multi-scale vesselness (src/vesselness) over radii
 * from 1 to 16 voxels, thresholded as the Frangi baseline does (Otsu of the positive responses), and the scale map read
 * on the vessels' centrelines: the kept voxels whose vesselness is a (non-strict) maximum of their 26 neighbours'.
 * Read over every kept voxel instead, the halo where larger scales still answer beside a thin vessel would double its
 * radius; on the centreline it is the radius a skeleton-based measure of a mask gives. Large scans are first averaged over 2-voxel blocks (vessels under 2 voxels in radius are then
 * reported as 2.5), which keeps the measurement to a few seconds. On 2-voxel blocks a brain MRA whose vessels read 1.6
 * voxels at full resolution read 2.5: the blocks hide the thinnest vessels, so the limit is set high.
 */
import { otsuThreshold } from "../baselines/index.js";
import { fieldOfView } from "../infer/index.js";
import { blockAverage, vesselness } from "../vesselness/index.js";
import { percentileOfSorted, type Vec3, type Volume } from "../volume/index.js";

export interface VesselRadiusOptions {
  /** true (default): bright vessels. */
  bright?: boolean;
  /** Scans with more voxels than this are measured on 2-voxel blocks; default 2^24 (256³; a 200×256×120 MRA takes about 3 s). */
  maxVoxels?: number;
  /** false: measure over the whole volume even when its background was masked; default true. */
  maskBackground?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface VesselRadius {
  /** Median radius along the vessels' centrelines, in voxels of the scan's finest side; NaN when no vessel was found. */
  median: number;
  /** 10th, 25th and 90th percentiles, in the same voxels (p25: the radius chooseSpacing brings to the model's). */
  p10: number;
  p25: number;
  p90: number;
  /** The median in mm (the scan's units). */
  medianMm: number;
  /** Centreline voxels the radius was read at (on the grid measured). */
  vesselVoxels: number;
  /** The block size the scan was averaged over before measuring (1 or 2). */
  block: number;
  /** The radii tried, in voxels of the finest side. */
  radii: number[];
}

/** Radii tried: seven, spaced evenly in log from 1 to 16 voxels (a factor of about 1.59 between neighbours). */
export const RADIUS_STEPS_VOXELS: readonly number[] = Array.from({ length: 7 }, (_, i) => 16 ** (i / 6));

export function vesselRadius(volume: Volume, options: VesselRadiusOptions = {}): VesselRadius {
  const { bright = true, maxVoxels = 2 ** 24, maskBackground = true } = options;
  if (!(maxVoxels > 0)) throw new RangeError(`vesselRadius: maxVoxels = ${maxVoxels}; give a positive number of voxels`);
  const h = Math.min(...volume.spacing);
  const block = volume.data.length > maxVoxels ? 2 : 1;
  let grid: Volume = volume;
  if (block > 1) {
    const b: Vec3 = [2, 2, 2];
    const coarse = blockAverage(volume.data, volume.dims, b);
    const spacing = volume.spacing.map((s) => s * 2) as Vec3;
    grid = { data: coarse.data, dims: coarse.dims, spacing, affine: [...volume.affine] };
  }
  const radii = RADIUS_STEPS_VOXELS.filter((r) => r >= block - 1e-9);
  const fov = maskBackground ? fieldOfView(grid) : null;
  const within = fov?.mask;
  const v = vesselness(grid, { method: "frangi", bright, radii: radii.map((r) => r * h), within, onProgress: options.onProgress, signal: options.signal });
  const score = v.vesselness.data;
  const positive = new Uint8Array(score.length);
  for (let i = 0; i < score.length; i++) positive[i] = score[i] > 0 && (!within || within[i]) ? 1 : 0;
  const threshold = otsuThreshold(score, { within: positive });
  const ridge = Number.isFinite(threshold) ? centreline(score, grid.dims, (i) => positive[i] === 1 && score[i] > threshold) : [];
  const picked = Float32Array.from(ridge, (i) => v.radius.data[i] / h).sort();
  const n = picked.length;
  const median = percentileOfSorted(picked, 50);
  return {
    median,
    p10: percentileOfSorted(picked, 10),
    p25: percentileOfSorted(picked, 25),
    p90: percentileOfSorted(picked, 90),
    medianMm: median * h,
    vesselVoxels: n,
    block,
    radii,
  };
}

/** Indices of the voxels that pass `keep` and whose value is at least each of their 26 neighbours' (the border's neighbours beyond the grid ignored). */
function centreline(score: Float32Array, dims: readonly number[], keep: (i: number) => boolean): number[] {
  const [nx, ny, nz] = dims;
  const out: number[] = [];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        if (!keep(i)) continue;
        const s = score[i];
        let top = true;
        for (let dz = -1; dz <= 1 && top; dz++) {
          const zz = z + dz;
          if (zz < 0 || zz >= nz) continue;
          for (let dy = -1; dy <= 1 && top; dy++) {
            const yy = y + dy;
            if (yy < 0 || yy >= ny) continue;
            for (let dx = -1; dx <= 1; dx++) {
              const xx = x + dx;
              if (xx < 0 || xx >= nx) continue;
              if (score[xx + nx * (yy + ny * zz)] > s) {
                top = false;
                break;
              }
            }
          }
        }
        if (top) out.push(i);
      }
  return out;
}
