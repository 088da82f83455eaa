import { roundHalfEven } from "../math/index.js";

/**
 * Start positions of tiles of `tile` voxels along an axis of `size` voxels: [0] when the tile covers the axis, else
 * evenly spread from 0 to size − tile with a step of at most floor(tile · (1 − overlap)), rounded half to even and
 * without repeats. The same positions as models/train/infer.py's tile_starts (Python's round), so that Node, the
 * page and the PyTorch evaluation cut a volume alike.
 */
export function tileStarts(size: number, tile: number, overlap: number): number[] {
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`tileStarts: overlap = ${overlap}; give a fraction 0 ≤ overlap < 1`);
  if (!Number.isInteger(tile) || tile < 1 || !Number.isInteger(size) || size < 1)
    throw new RangeError(`tileStarts: tile ${tile} and axis ${size} must be positive integers`);
  if (size <= tile) return [0];
  const step = Math.max(1, Math.floor(tile * (1 - overlap)));
  const count = Math.ceil((size - tile) / step) + 1;
  const starts = new Set<number>();
  for (let i = 0; i < count; i++) starts.add(roundHalfEven((i * (size - tile)) / (count - 1)));
  return [...starts].sort((a, b) => a - b);
}
