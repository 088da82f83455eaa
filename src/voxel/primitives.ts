import { PRIMITIVE_STRIDE, treePrimitives, type VesselTree } from "../geometry/tree.js";
import type { GridSpec } from "./grid.js";
import { cbrt } from "../math/index.js";

/**
 * The tree's primitives moved into the grid's frame (origin at voxel (0,0,0)'s centre), in
 * float32: the exact numbers both the CPU reference and the shader read. Working near the
 * origin keeps float32 precise for trees far from (0,0,0).
 */
export function localPrimitives(tree: VesselTree, grid: GridSpec): { count: number; data: Float32Array } {
  const { count, data } = treePrimitives(tree);
  const [ox, oy, oz] = grid.origin;
  for (let k = 0; k < count; k++) {
    const o = k * PRIMITIVE_STRIDE;
    data[o] -= ox;
    data[o + 1] -= oy;
    data[o + 2] -= oz;
    data[o + 4] -= ox;
    data[o + 5] -= oy;
    data[o + 6] -= oz;
  }
  return { count, data };
}

/** The voxel size that sets the smoothing width: the cube root of the voxel volume. */
export function smoothingWidth(grid: GridSpec): number {
  const [sx, sy, sz] = grid.spacing;
  // src/math's cbrt: Math.cbrt may differ in the last bit between engines, and h shapes every fraction.
  return cbrt(sx * sy * sz);
}
