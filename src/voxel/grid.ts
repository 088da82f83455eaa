import type { VesselTree } from "../geometry/tree.js";
import { axisAlignedAffine, type Affine, type Vec3 } from "../volume/index.js";

/**
 * Where a tree is voxelised: `dims` voxels of `spacing` (tree unit, mm or µm), voxel (0,0,0)
 * centred at `origin`. Axis-aligned; the affine is diag(spacing) + origin.
 */
export interface GridSpec {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
}

export const MAX_GRID_SIZE = 1024;

export function gridAffine(grid: GridSpec): Affine {
  return axisAlignedAffine(grid.spacing, grid.origin);
}

function checkSize(size: number, name = "size"): void {
  if (!Number.isInteger(size) || size < 2 || size > MAX_GRID_SIZE)
    throw new RangeError(`${name} = ${size}; the volume size must be an integer from 2 to ${MAX_GRID_SIZE} voxels per axis`);
}

/**
 * A cubic grid of size³ voxels with isotropic spacing that holds the whole tree (its bounds
 * include the radii) with `margin` voxels to spare on every side, centred on the tree.
 */
export function gridForTree(tree: Pick<VesselTree, "bounds">, { size, margin = 1 }: { size: number; margin?: number }): GridSpec {
  checkSize(size);
  if (!(margin >= 0) || 2 * margin >= size - 1) throw new RangeError(`margin = ${margin}; it must be ≥ 0 and leave room inside a ${size}-voxel grid`);
  const { min, max } = tree.bounds;
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  if (!(extent > 0) || !Number.isFinite(extent))
    throw new RangeError(`tree bounds have extent ${extent}; the tree is empty or degenerate: give gridFromBox a box instead`);
  const h = extent / (size - 1 - 2 * margin);
  const origin = [0, 1, 2].map((a) => (min[a] + max[a]) / 2 - (h * (size - 1)) / 2) as Vec3;
  return { dims: [size, size, size], spacing: [h, h, h], origin };
}

/** A grid covering the box [min, max] (tree unit) with the given voxel size. */
export function gridFromBox(box: { min: Vec3; max: Vec3 }, voxelSize: number | Vec3): GridSpec {
  const s = (typeof voxelSize === "number" ? [voxelSize, voxelSize, voxelSize] : voxelSize) as Vec3;
  const dims = [0, 1, 2].map((a) => {
    if (!(s[a] > 0)) throw new RangeError(`voxelSize[${a}] = ${s[a]}; it must be positive`);
    const n = Math.max(1, Math.round((box.max[a] - box.min[a]) / s[a]));
    return n;
  }) as Vec3;
  dims.forEach((n, a) => checkSize(Math.max(n, 2), `box extent / voxel size along axis ${a}`));
  const origin = [0, 1, 2].map((a) => box.min[a] + s[a] / 2) as Vec3;
  return { dims, spacing: s, origin };
}
