/**
 * Which tiles of a sliding window to run over a scan whose background was masked (fieldOfView): not every tile that
 * touches the field of view, but enough that every voxel inside it gets a prediction from a tile in which it lies in
 * the tile's core, at least half the overlap (overlap · tile / 2 voxels) from the tile's edges, or at the volume's own
 * edge. Tiles are taken in order of how many field-of-view voxels their cores hold (most first); a tile is kept when its
 * core holds a field-of-view voxel no kept core holds yet. Where rounding leaves a voxel in no core, the tiles around it
 * are kept as before. On a sparse field of view (a TOF-MRA whose publisher zeroed all but the vessels: 3.4 % of its
 * voxels) this runs about half the tiles; on a dense one it keeps them all. A voxel's prediction then blends fewer
 * tiles, each of which saw it well inside.
 */
import type { Vec3 } from "../volume/index.js";
import { tileStarts } from "./tileStarts.js";

/** The keys ("x,y,z" of the tile's start) of the tiles to run. `inside`: 1 for field-of-view voxels on the grid of `dims`. */
export function fieldOfViewTiles(inside: Uint8Array, dims: Vec3, tile: Vec3, overlap: number): Set<string> {
  const [nx, ny] = dims;
  const starts = [0, 1, 2].map((a) => tileStarts(dims[a], tile[a], overlap));
  const margin = tile.map((t) => Math.floor((t * overlap) / 2));
  const core = (a: number, s: number, i: number): [number, number] => [
    i === 0 ? 0 : s + margin[a],
    i === starts[a].length - 1 ? dims[a] : s + tile[a] - margin[a],
  ];
  type Box = { key: string; lo: Vec3; hi: Vec3; full: [Vec3, Vec3]; count: number };
  const boxes: Box[] = [];
  const countIn = (lo: Vec3, hi: Vec3, visit?: (i: number) => void): number => {
    let c = 0;
    for (let z = lo[2]; z < hi[2]; z++)
      for (let y = lo[1]; y < hi[1]; y++) {
        const row = nx * (y + ny * z);
        for (let i = row + lo[0]; i < row + hi[0]; i++) {
          if (inside[i]) c++;
          visit?.(i);
        }
      }
    return c;
  };
  starts[2].forEach((z0, k) =>
    starts[1].forEach((y0, j) =>
      starts[0].forEach((x0, i) => {
        const [cx, cy, cz] = [core(0, x0, i), core(1, y0, j), core(2, z0, k)];
        const lo: Vec3 = [cx[0], cy[0], cz[0]],
          hi: Vec3 = [cx[1], cy[1], cz[1]];
        boxes.push({
          key: `${x0},${y0},${z0}`,
          lo,
          hi,
          full: [
            [x0, y0, z0],
            [x0 + tile[0], y0 + tile[1], z0 + tile[2]],
          ],
          count: countIn(lo, hi),
        });
      }),
    ),
  );
  const covered = new Uint8Array(inside.length);
  const kept = new Set<string>();
  for (const box of [...boxes].filter((b) => b.count > 0).sort((a, b) => b.count - a.count)) {
    let fresh = false;
    countIn(box.lo, box.hi, (i) => {
      if (inside[i] && !covered[i]) fresh = true;
    });
    if (!fresh) continue;
    kept.add(box.key);
    countIn(box.lo, box.hi, (i) => (covered[i] = 1));
  }
  // voxels of the field of view in no core (a rounded step longer than the cores): every tile holding one runs
  for (const box of boxes) {
    if (kept.has(box.key)) continue;
    let missed = false;
    countIn(box.full[0], box.full[1], (i) => {
      if (inside[i] && !covered[i]) missed = true;
    });
    if (missed) kept.add(box.key);
  }
  return kept;
}
