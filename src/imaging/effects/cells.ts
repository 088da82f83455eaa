/**
 * Cell-like structure: many small soft-edged spheres (cell bodies, nuclei) scattered
 * uniformly, each adding its amplitude (±30 % jitter) to the image. Positions and sizes come
 * from `rng`; cost is proportional to the cells' volume, not the grid's.
 */
import type { Rng } from "../../random/index.js";
import type { Vec3 } from "../../volume/index.js";
import { checkFinite, checkRange } from "../internal/grid.js";
import type { CellParams } from "../params.js";

/** At most this many cells are drawn, whatever the density. */
export const MAX_CELLS = 200_000;

export function checkCellParams(c: CellParams, fn: string): void {
  checkRange(fn, "cells.density", c.density, 0, 0.05, "cells per voxel");
  checkRange(fn, "cells.radius", c.radius, 0.5, 64, "voxels");
  checkFinite(fn, "cells.amplitude", c.amplitude);
}

/** Adds cells to `data` (x fastest, dims `dims`) in place. */
export function addCells(data: Float32Array, dims: Vec3, cells: CellParams, rng: Rng): void {
  checkCellParams(cells, "addCells");
  const [nx, ny, nz] = dims;
  const count = Math.min(MAX_CELLS, Math.round(cells.density * nx * ny * nz));
  if (count === 0 || cells.amplitude === 0) return;
  for (let c = 0; c < count; c++) {
    const cx = rng.uniform(-0.5, nx - 0.5),
      cy = rng.uniform(-0.5, ny - 0.5),
      cz = rng.uniform(-0.5, nz - 0.5);
    const r = cells.radius * rng.uniform(0.7, 1.3);
    const amp = cells.amplitude * rng.uniform(0.7, 1.3);
    addSoftSphere(data, dims, cx, cy, cz, r, amp);
  }
}

/** Adds amp · clamp(r + 0.5 − distance, 0, 1) around (cx, cy, cz) (voxel coordinates). */
export function addSoftSphere(data: Float32Array, dims: Vec3, cx: number, cy: number, cz: number, r: number, amp: number): void {
  const [nx, ny, nz] = dims;
  const e = r + 0.5;
  const i0 = Math.max(0, Math.ceil(cx - e)),
    i1 = Math.min(nx - 1, Math.floor(cx + e));
  const j0 = Math.max(0, Math.ceil(cy - e)),
    j1 = Math.min(ny - 1, Math.floor(cy + e));
  const k0 = Math.max(0, Math.ceil(cz - e)),
    k1 = Math.min(nz - 1, Math.floor(cz + e));
  const e2 = e * e;
  const core = Math.max(0, r - 0.5),
    core2 = core * core; // fully covered within this distance
  for (let k = k0; k <= k1; k++) {
    const dz = k - cz;
    for (let j = j0; j <= j1; j++) {
      const dy = j - cy;
      const ryz = dy * dy + dz * dz;
      if (ryz >= e2) continue;
      // Only the chord of the row that meets the sphere.
      const half = Math.sqrt(e2 - ryz);
      const a = Math.max(i0, Math.ceil(cx - half)),
        b = Math.min(i1, Math.floor(cx + half));
      const row = (k * ny + j) * nx;
      for (let i = a; i <= b; i++) {
        const dx = i - cx;
        const d2 = dx * dx + ryz;
        if (d2 <= core2) data[row + i] += amp;
        else if (d2 < e2) data[row + i] += amp * Math.min(1, e - Math.sqrt(d2));
      }
    }
  }
}
