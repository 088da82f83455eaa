import type { Vec3, Volume } from "../volume/index.js";
import { gaussianImportance } from "./gaussianImportance.js";
import type { RunTile, TileDims } from "./runTile.js";
import { tileStarts } from "./tileStarts.js";
import { yieldToEvents } from "./yieldToEvents.js";

export interface SlidingWindowOptions {
  /** Tile size in voxels, [x, y, z] or one number for a cube; each at most the volume's size on its axis (pad first: padForModel). */
  tile: number | Vec3;
  /** Fraction of a tile neighbours share, 0 ≤ overlap < 1; default 0.5. */
  overlap?: number;
  runTile: RunTile;
  /** Called after each tile with the tiles done and their total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Aborting stops before the next tile; the promise rejects with the signal's reason. With a signal, the loop yields to
   * the event loop before each tile run (yieldToEvents), so an abort that arrives as a message (a worker's cancel) is seen.
   */
  signal?: AbortSignal;
  /** σ of the Gaussian importance map as a fraction of the tile; default 1/8. */
  sigmaScale?: number;
  /**
   * Tiles for which this returns true are not run (a tile of masked background, see fieldOfView): they add nothing to
   * the blend, and a voxel that only skipped tiles cover gets 0. They still count as done for onProgress.
   */
  skipTile?: (start: Vec3, tile: Vec3) => boolean;
}

/**
 * The model's output over `volume`, tile by tile: tiles of `tile` voxels on a grid of starts from tileStarts (the last
 * tile of each axis ends at the volume's edge), each run through `runTile` one at a time (x-fastest data is the
 * model's [1, 1, D, H, W] layout, see TileDims), and overlapping outputs blended with Gaussian importance weights
 * (gaussianImportance): out = Σ w·y / Σ w, so where tiles agree the blend is their common value. Returns the raw blended output
 * (Float32Array) on `volume`'s grid. A volume of exactly one tile is one call of runTile. Tiles `skipTile` picks are
 * not run, and voxels that only they cover are 0.
 */
export async function slidingWindow(volume: Volume<Float32Array>, options: SlidingWindowOptions): Promise<Volume<Float32Array>> {
  const { overlap = 0.5, runTile, onProgress, signal, sigmaScale = 1 / 8, skipTile } = options;
  const tile: Vec3 = typeof options.tile === "number" ? [options.tile, options.tile, options.tile] : [...options.tile];
  const [nx, ny, nz] = volume.dims;
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(tile[a]) || tile[a] < 1 || tile[a] > volume.dims[a]) {
      throw new RangeError(
        `slidingWindow: tile[${a}] = ${tile[a]} must be a positive integer no longer than the volume's axis (${volume.dims[a]}); pad the volume first (padForModel)`,
      );
    }
  }
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`slidingWindow: overlap = ${overlap}; give a fraction 0 ≤ overlap < 1`);
  const [tx, ty, tz] = tile;
  const starts = [0, 1, 2].map((a) => tileStarts(volume.dims[a], tile[a], overlap));
  const importance = gaussianImportance(tile, { sigmaScale });
  const total = starts[0].length * starts[1].length * starts[2].length;
  const dims: TileDims = [1, 1, tz, ty, tx];
  const voxels = tx * ty * tz;
  const out = new Float32Array(volume.data.length);
  const weight = new Float32Array(volume.data.length);
  const src = volume.data;
  let done = 0;
  let first = true;
  for (const z0 of starts[2]) {
    for (const y0 of starts[1]) {
      for (const x0 of starts[0]) {
        if (signal && !first) await yieldToEvents();
        first = false;
        signal?.throwIfAborted();
        if (skipTile?.([x0, y0, z0], [tx, ty, tz])) {
          onProgress?.(++done, total);
          continue;
        }
        const input = new Float32Array(voxels); // fresh each time: a runner may keep or transfer it
        for (let k = 0, n = 0; k < tz; k++) {
          for (let j = 0; j < ty; j++, n += tx) {
            const row = x0 + nx * (y0 + j + ny * (z0 + k));
            input.set(src.subarray(row, row + tx), n);
          }
        }
        const y = await runTile(input, dims);
        if (y.length !== voxels) {
          throw new Error(
            `the model returned ${y.length} values for a tile of ${tx}×${ty}×${tz} = ${voxels} voxels; it must output [1, 1, D, H, W] with the input's D, H and W`,
          );
        }
        for (let k = 0, n = 0; k < tz; k++) {
          for (let j = 0; j < ty; j++) {
            let o = x0 + nx * (y0 + j + ny * (z0 + k));
            for (let i = 0; i < tx; i++, n++, o++) {
              const w = importance[n];
              out[o] += w * y[n];
              weight[o] += w;
            }
          }
        }
        onProgress?.(++done, total);
      }
    }
  }
  for (let o = 0; o < out.length; o++) out[o] = weight[o] > 0 ? out[o] / weight[o] : 0;
  return { data: out, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
}
