import { percentileOfSorted } from "../volume/index.js";
import { squaredDistanceToFeatures } from "./distanceTransform.js";
import { type Mask, type VoxelGrid, assertSameDims, binarize } from "./mask.js";

/** The surface of a mask: foreground voxels with a background face-neighbour (6-connectivity); voxels on the grid's border count as surface. */
export function surfaceOf(mask: Mask): Uint8Array {
  const [nx, ny, nz] = mask.dims;
  const sxy = nx * ny;
  const m = mask.data;
  const surface = new Uint8Array(m.length);
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!m[n]) continue;
        const edge = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
        if (edge || !m[n - 1] || !m[n + 1] || !m[n - nx] || !m[n + nx] || !m[n - sxy] || !m[n + sxy]) surface[n] = 1;
      }
    }
  }
  return surface;
}

/** Distances (mm) from each surface voxel of `from` to the nearest surface voxel of `to`. */
function directedSurfaceDistances(fromSurface: Uint8Array, toSurface: Uint8Array, mask: Mask): number[] {
  const d2 = squaredDistanceToFeatures(toSurface, mask.dims, mask.spacing);
  const out: number[] = [];
  for (let n = 0; n < fromSurface.length; n++) if (fromSurface[n]) out.push(Math.sqrt(d2[n]));
  return out;
}

/**
 * The symmetric surface distances (mm) between the foregrounds (value > 0) of `pred` and `label`: for every surface
 * voxel of each, the distance to the other's surface (with the grids' spacing). Pooled as in medpy's hd95.
 */
export function surfaceDistances(pred: VoxelGrid, label: VoxelGrid): number[] {
  assertSameDims(pred, label, "surfaceDistances");
  const p = binarize(pred),
    l = binarize(label);
  const sp = surfaceOf(p),
    sl = surfaceOf(l);
  return [...directedSurfaceDistances(sp, sl, p), ...directedSurfaceDistances(sl, sp, l)];
}

/**
 * The `percentile`-th (0…100, default 100 = the Hausdorff distance) percentile of the pooled symmetric surface
 * distances, in mm, interpolated linearly between ranks (numpy's default). Both masks empty: 0; exactly one empty: Infinity.
 */
export function hausdorffDistance(pred: VoxelGrid, label: VoxelGrid, percentile = 100): number {
  if (!(percentile >= 0 && percentile <= 100)) throw new RangeError(`hausdorffDistance: percentile = ${percentile}; use a number in 0…100`);
  assertSameDims(pred, label, "hausdorffDistance");
  const pEmpty = !binarize(pred).data.includes(1),
    lEmpty = !binarize(label).data.includes(1);
  if (pEmpty || lEmpty) return pEmpty && lEmpty ? 0 : Infinity;
  const distances = Float64Array.from(surfaceDistances(pred, label)).sort();
  return percentileOfSorted(distances, percentile);
}

/** HD95: the 95th percentile of the symmetric surface distances, in mm. Both masks empty: 0; exactly one empty: Infinity. */
export function hd95(pred: VoxelGrid, label: VoxelGrid): number {
  return hausdorffDistance(pred, label, 95);
}
