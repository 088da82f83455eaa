import type { Vec3 } from "../volume/index.js";
import { type VoxelGrid, binarize } from "./mask.js";

export type Connectivity = 6 | 18 | 26;

/** Neighbour offsets [di, dj, dk] of a voxel: faces (6), + edges (18), + corners (26). */
export function neighbourOffsets(connectivity: Connectivity): Vec3[] {
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) {
    throw new RangeError(`connectivity = ${connectivity}; use 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners)`);
  }
  const out: Vec3[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const order = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (order === 0 || (connectivity === 6 && order > 1) || (connectivity === 18 && order > 2)) continue;
        out.push([di, dj, dk]);
      }
    }
  }
  return out;
}

/** Connected components of the voxels of `data` equal to `value`: labels 1…count (0 elsewhere), and which components touch the volume's border. */
export function labelRegions(
  data: Uint8Array,
  dims: Vec3,
  connectivity: Connectivity,
  value: 0 | 1 = 1,
): { labels: Int32Array; count: number; touchesBorder: boolean[] } {
  const [nx, ny, nz] = dims;
  const offsets = neighbourOffsets(connectivity);
  // the neighbours as index steps (for voxels off the border) and as steps per axis (for those on it)
  const steps = Int32Array.from(offsets, ([di, dj, dk]) => di + nx * (dj + ny * dk));
  const flat = Int32Array.from(offsets.flat());
  const labels = new Int32Array(data.length);
  const queue = new Int32Array(data.length);
  const touchesBorder: boolean[] = [false];
  let count = 0;
  for (let seed = 0; seed < data.length; seed++) {
    if (data[seed] !== value || labels[seed] !== 0) continue;
    const label = ++count;
    let border = false;
    let head = 0,
      tail = 0;
    queue[tail++] = seed;
    labels[seed] = label;
    while (head < tail) {
      const n = queue[head++];
      const i = n % nx,
        j = Math.floor(n / nx) % ny,
        k = Math.floor(n / (nx * ny));
      if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) {
        border = true;
        for (let o = 0; o < flat.length; o += 3) {
          const a = i + flat[o],
            b = j + flat[o + 1],
            c = k + flat[o + 2];
          if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
          const m = a + nx * (b + ny * c);
          if (data[m] === value && labels[m] === 0) {
            labels[m] = label;
            queue[tail++] = m;
          }
        }
      } else
        for (let o = 0; o < steps.length; o++) {
          const m = n + steps[o];
          if (data[m] === value && labels[m] === 0) {
            labels[m] = label;
            queue[tail++] = m;
          }
        }
    }
    touchesBorder.push(border);
  }
  return { labels, count, touchesBorder };
}

/** Connected components of the foreground (value > 0) of `volume`; 26-connected by default. */
export function labelComponents(volume: VoxelGrid, connectivity: Connectivity = 26): { labels: Int32Array; count: number } {
  const { labels, count } = labelRegions(binarize(volume).data, volume.dims, connectivity, 1);
  return { labels, count };
}
