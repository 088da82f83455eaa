import type { Vec3 } from "./volume.js";

/**
 * The smallest box of voxel indices (lo…hi inclusive, per axis) holding every voxel v (linear index, x fastest) for
 * which `inside(v)` holds; null when none does.
 */
export function voxelBox(dims: Vec3, inside: (v: number) => boolean): { lo: Vec3; hi: Vec3 } | null {
  const [nx, ny, nz] = dims;
  const lo: Vec3 = [nx, ny, nz],
    hi: Vec3 = [-1, -1, -1];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++)
        if (inside(v)) {
          if (i < lo[0]) lo[0] = i;
          if (i > hi[0]) hi[0] = i;
          if (j < lo[1]) lo[1] = j;
          if (j > hi[1]) hi[1] = j;
          if (k < lo[2]) lo[2] = k;
          if (k > hi[2]) hi[2] = k;
        }
  return hi[0] < 0 ? null : { lo, hi };
}
