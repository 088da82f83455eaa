import { roundHalfEven } from "../math/index.js";
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";

/**
 * The reconstructor's training mask, as models/train/data.py's cube_mask draws it: a grid of `patch`³ cubes shifted
 * by a random offset (0 … patch − 1 per axis), `round(ratio · cells)` of the cells (Python's round: ties to even)
 * chosen at random and set to 1. Returns one byte per voxel of `dims` ([x, y, z], x fastest, a Volume's layout). The
 * same rng state gives the same mask; numpy's generator is not reproduced (the draw differs from Python's, the
 * distribution is the same; the layout, cubeMaskOf, and the count, maskedCellCount, are Python's: test/infer/contract.test.ts).
 */
export function cubeMask(dims: Vec3, patch: number, ratio: number, rng: Rng): Uint8Array {
  if (!Number.isInteger(patch) || patch < 1) throw new RangeError(`cubeMask: patch = ${patch}; give a cube side of at least 1 voxel`);
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`cubeMask: ratio = ${ratio}; give a fraction in [0, 1]`);
  const offset = [0, 1, 2].map(() => rng.int(0, patch - 1)) as Vec3;
  const cells = dims.map((n, a) => Math.ceil((n + offset[a]) / patch));
  const count = cells[0] * cells[1] * cells[2];
  const order = Uint32Array.from({ length: count }, (_, n) => n);
  const chosen = new Uint8Array(count);
  const take = maskedCellCount(count, ratio);
  for (let n = 0; n < take; n++) {
    const m = n + rng.int(0, count - 1 - n); // partial Fisher–Yates
    [order[n], order[m]] = [order[m], order[n]];
    chosen[order[n]] = 1;
  }
  return cubeMaskOf(dims, patch, offset, chosen);
}

/** How many of `cells` cells a mask of `ratio` hides: round(ratio · cells), ties to even, as data.py's cube_mask. */
export function maskedCellCount(cells: number, ratio: number): number {
  return roundHalfEven(ratio * cells);
}

/**
 * The mask of `dims` voxels ([x, y, z], x fastest) that a grid of `patch`³ cubes shifted by `offset` (voxels, per axis)
 * makes when the cells marked in `chosen` are hidden: voxel i along an axis lies in cell floor((i + offset) / patch), and
 * `chosen` holds one byte per cell, x fastest, ceil((dims + offset) / patch) cells per axis.
 */
export function cubeMaskOf(dims: Vec3, patch: number, offset: Vec3, chosen: Uint8Array): Uint8Array {
  const cells = dims.map((n, a) => Math.ceil((n + offset[a]) / patch));
  if (chosen.length !== cells[0] * cells[1] * cells[2]) throw new RangeError(`cubeMaskOf: chosen has ${chosen.length} cells; the grid has ${cells.join("×")}`);
  const [nx, ny, nz] = dims;
  const cellOf = (n: number, a: number) => Math.floor((n + offset[a]) / patch);
  const cx = Int32Array.from({ length: nx }, (_, i) => cellOf(i, 0));
  const out = new Uint8Array(nx * ny * nz);
  for (let k = 0, o = 0; k < nz; k++) {
    const ck = cellOf(k, 2) * cells[1];
    for (let j = 0; j < ny; j++) {
      const row = (ck + cellOf(j, 1)) * cells[0];
      for (let i = 0; i < nx; i++, o++) out[o] = chosen[row + cx[i]];
    }
  }
  return out;
}

/** `data` with the voxels where `mask` is set replaced by 0, the value the reconstructor sees there (a new array). */
export function hideMasked(data: Float32Array, mask: Uint8Array): Float32Array {
  return data.map((v, n) => (mask[n] ? 0 : v));
}
