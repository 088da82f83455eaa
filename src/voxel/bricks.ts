/**
 * Bins primitives into bricks of BRICK³ voxels (compressed rows: brick b's primitives are
 * items[start[b] .. start[b+1]), in primitive order), so the shader tests each voxel against
 * the primitives near it only. A primitive goes into every brick its reach touches: its
 * support radius for coverage, and at least half a voxel's diagonal for the centreline test.
 */
import { PRIMITIVE_STRIDE } from "../geometry/tree.js";
import { supportRadius } from "./coverage.js";
import type { GridSpec } from "./grid.js";
import { smoothingWidth } from "./primitives.js";

export const BRICK = 4;

export interface Bricks {
  counts: [number, number, number];
  start: Uint32Array;
  items: Uint32Array;
}

export function brickCounts(grid: GridSpec): [number, number, number] {
  return [Math.ceil(grid.dims[0] / BRICK), Math.ceil(grid.dims[1] / BRICK), Math.ceil(grid.dims[2] / BRICK)];
}

/** Brick ranges [x0, x1, y0, y1, z0, z1] (inclusive; empty when x0 > x1) of every primitive. */
function brickRanges(prims: Float32Array, count: number, grid: GridSpec): Int32Array {
  const h = smoothingWidth(grid);
  const halfDiag = 0.5 * Math.hypot(...grid.spacing);
  const ranges = new Int32Array(count * 6);
  for (let k = 0; k < count; k++) {
    const o = k * PRIMITIVE_STRIDE;
    const reach = Math.max(supportRadius(Math.max(prims[o + 3], prims[o + 7]), h), halfDiag);
    for (let a = 0; a < 3; a++) {
      const s = grid.spacing[a];
      const lo = Math.max(0, Math.ceil((Math.min(prims[o + a], prims[o + 4 + a]) - reach) / s));
      const hi = Math.min(grid.dims[a] - 1, Math.floor((Math.max(prims[o + a], prims[o + 4 + a]) + reach) / s));
      ranges[k * 6 + 2 * a] = Math.floor(lo / BRICK);
      ranges[k * 6 + 2 * a + 1] = hi < lo ? -1 : Math.floor(hi / BRICK);
    }
  }
  return ranges;
}

export function binPrimitives(prims: Float32Array, count: number, grid: GridSpec): Bricks {
  const counts = brickCounts(grid);
  const [bx, by] = counts;
  const nb = counts[0] * counts[1] * counts[2];
  const ranges = brickRanges(prims, count, grid);
  const forEachBrick = (k: number, visit: (b: number) => void) => {
    const o = k * 6;
    for (let z = ranges[o + 4]; z <= ranges[o + 5]; z++)
      for (let y = ranges[o + 2]; y <= ranges[o + 3]; y++) for (let x = ranges[o]; x <= ranges[o + 1]; x++) visit(x + bx * (y + by * z));
  };
  const start = new Uint32Array(nb + 1);
  for (let k = 0; k < count; k++) forEachBrick(k, (b) => start[b + 1]++);
  for (let b = 0; b < nb; b++) start[b + 1] += start[b];
  const next = start.slice(0, nb);
  const items = new Uint32Array(start[nb]);
  for (let k = 0; k < count; k++) forEachBrick(k, (b) => (items[next[b]++] = k));
  return { counts, start, items };
}
