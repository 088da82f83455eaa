import type { Vec3 } from "../volume/index.js";
import { OCTANT_EULER8 } from "./eulerCharacteristic.js";
import { type Mask, type VoxelGrid, binarize } from "./mask.js";

// A voxel's 3×3×3 neighbourhood is a 27-bit word: bit (dx+1) + 3(dy+1) + 9(dz+1); the voxel itself is bit 13.
const CENTRE = 13;
const pos = (dx: number, dy: number, dz: number) => dx + 1 + 3 * (dy + 1) + 9 * (dz + 1);

/** For each neighbourhood position, the positions 26-adjacent to it inside the 3×3×3 block (the centre left out). */
const ADJACENT: Int32Array = (() => {
  const adj = new Int32Array(27);
  for (let p = 0; p < 27; p++) {
    const [x, y, z] = [p % 3, Math.floor(p / 3) % 3, Math.floor(p / 9)];
    for (let q = 0; q < 27; q++) {
      const [u, v, w] = [q % 3, Math.floor(q / 3) % 3, Math.floor(q / 9)];
      if (q !== p && q !== CENTRE && Math.abs(u - x) <= 1 && Math.abs(v - y) <= 1 && Math.abs(w - z) <= 1) adj[p] |= 1 << q;
    }
  }
  return adj;
})();

/** For each of the 8 corners of the centre voxel, the neighbourhood positions of the 2×2×2 voxels around it, in OCTANT_EULER8's bit order. */
const OCTANTS: number[][] = (() => {
  const out: number[][] = [];
  for (const sz of [-1, 1])
    for (const sy of [-1, 1])
      for (const sx of [-1, 1]) {
        const octant: number[] = [];
        for (let b = 0; b < 8; b++) {
          // bit b = dx + 2dy + 4dz, with d = 0 on the corner's negative side
          const off = (s: number, d: number) => Math.min(0, s) + d;
          octant.push(pos(off(sx, b & 1), off(sy, (b >> 1) & 1), off(sz, (b >> 2) & 1)));
        }
        out.push(octant);
      }
  return out;
})();

/** OCTANTS flattened (8 positions per corner), and each corner's bit of the centre voxel. */
const OCTANT_POSITIONS = Int32Array.from(OCTANTS.flat());
const OCTANT_CENTRE_BITS = Int32Array.from(OCTANTS, (octant) => 1 << octant.indexOf(CENTRE));

/** Change of 8χ when the centre voxel of neighbourhood `nb` is removed: 0 means Euler invariant. */
function eulerChange(nb: number): number {
  let change = 0;
  for (let o = 0, at = 0; o < 8; o++) {
    let config = 0;
    for (let b = 0; b < 8; b++, at++) config |= ((nb >> OCTANT_POSITIONS[at]) & 1) << b;
    change += OCTANT_EULER8[config & ~OCTANT_CENTRE_BITS[o]] - OCTANT_EULER8[config];
  }
  return change;
}

/** True when the foreground of `nb` around the centre (centre excluded) is one non-empty 26-connected piece. */
function oneComponent(nb: number): boolean {
  const set = nb & ~(1 << CENTRE);
  if (set === 0) return false;
  let component = set & -set;
  let frontier = component;
  while (frontier !== 0) {
    let grown = 0;
    for (let f = frontier; f !== 0; f &= f - 1) grown |= ADJACENT[31 - Math.clz32(f & -f)];
    frontier = grown & set & ~component;
    component |= frontier;
  }
  return component === set;
}

function popcount(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}

/**
 * The skeleton of a binary mask (a copy; the input is untouched). The thinning runs on the foreground's bounding box
 * with one voxel of background around it (outside the grid is background, so the result is the same), where every
 * voxel's 26 neighbours are inside and read at fixed offsets.
 */
export function skeletonizeMask(mask: Mask): Mask {
  const [nx, ny, nz] = mask.dims;
  const src = mask.data;
  const out = new Uint8Array(src.length);
  const result: Mask = { data: out, dims: [...mask.dims] as Vec3, spacing: [...mask.spacing] as Vec3 };
  // the foreground's bounding box
  let i0 = nx,
    i1 = -1,
    j0 = ny,
    j1 = -1,
    k0 = nz,
    k1 = -1;
  for (let k = 0, n = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++)
        if (src[n]) {
          if (i < i0) i0 = i;
          if (i > i1) i1 = i;
          if (j < j0) j0 = j;
          if (j > j1) j1 = j;
          if (k < k0) k0 = k;
          if (k > k1) k1 = k;
        }
  if (i1 < 0) return result;
  // the box with a margin of one background voxel: (px, py, pz) voxels, box voxel (i, j, k) at (i − i0 + 1, …)
  const px = i1 - i0 + 3,
    py = j1 - j0 + 3,
    pz = k1 - k0 + 3;
  const pxy = px * py;
  const data = new Uint8Array(pxy * pz);
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++) {
      const from = i0 + nx * (j + ny * k),
        to = 1 + px * (j - j0 + 1 + py * (k - k0 + 1));
      data.set(src.subarray(from, from + (i1 - i0 + 1)), to);
    }
  const offsets = new Int32Array(27);
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) offsets[pos(dx, dy, dz)] = dx + px * dy + pxy * dz;
  const neighbourhood = (n: number): number => {
    let nb = 0;
    for (let p = 0; p < 27; p++) if (data[n + offsets[p]]) nb |= 1 << p;
    return nb;
  };
  // the six border directions, in scikit-image's order: y−, y+, x+, x−, z+, z−
  const borders = [pos(0, -1, 0), pos(0, 1, 0), pos(1, 0, 0), pos(-1, 0, 0), pos(0, 0, 1), pos(0, 0, -1)];
  let active: number[] = [];
  for (let n = 0; n < data.length; n++) if (data[n]) active.push(n);
  const candidates: number[] = [];
  for (let unchanged = 0; unchanged < borders.length;) {
    unchanged = 0;
    for (const border of borders) {
      candidates.length = 0;
      for (const n of active) {
        if (!data[n] || data[n + offsets[border]]) continue; // gone, or not a border voxel in this direction
        const nb = neighbourhood(n);
        if (popcount(nb) === 2) continue; // an end point: keep the line's length
        if (eulerChange(nb) !== 0 || !oneComponent(nb)) continue;
        candidates.push(n);
      }
      // remove the candidates one by one, re-checking each against the removals before it
      let changed = false;
      for (const n of candidates) {
        const nb = neighbourhood(n);
        if (eulerChange(nb) === 0 && oneComponent(nb)) {
          data[n] = 0;
          changed = true;
        }
      }
      if (!changed) unchanged++;
    }
    active = active.filter((n) => data[n]);
  }
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++) {
      const from = 1 + px * (j - j0 + 1 + py * (k - k0 + 1));
      out.set(data.subarray(from, from + (i1 - i0 + 1)), i0 + nx * (j + ny * k));
    }
  return result;
}

/**
 * The topology-preserving 3D skeleton of the foreground (value > 0) of `volume`: Lee, Kashyap & Chu (1994) thinning,
 * as scikit-image's skeletonize_3d. Border voxels are peeled from the six directions in turn while they are simple
 * (Euler invariant and their 26-neighbourhood stays one component) and not line ends; the result keeps every
 * component, loop and cavity, and a solid tube thins to a 1-voxel-thick centreline. Outside the grid is background.
 */
export function skeletonize(volume: VoxelGrid): Mask {
  return skeletonizeMask(binarize(volume));
}
