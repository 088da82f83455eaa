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

/** Change of 8χ when the centre voxel of neighbourhood `nb` is removed: 0 means Euler invariant. */
function eulerChange(nb: number): number {
  let change = 0;
  for (const octant of OCTANTS) {
    let config = 0;
    let centreBit = 0;
    for (let b = 0; b < 8; b++) {
      if ((nb >> octant[b]) & 1) config |= 1 << b;
      if (octant[b] === CENTRE) centreBit = 1 << b;
    }
    change += OCTANT_EULER8[config & ~centreBit] - OCTANT_EULER8[config];
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

/** The skeleton of a binary mask (a copy; the input is untouched). */
export function skeletonizeMask(mask: Mask): Mask {
  const data = mask.data.slice();
  const [nx, ny, nz] = mask.dims;
  const sxy = nx * ny;
  const inside = (i: number, j: number, k: number) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
  const neighbourhood = (n: number): number => {
    const i = n % nx,
      j = Math.floor(n / nx) % ny,
      k = Math.floor(n / sxy);
    let nb = 0;
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          if (inside(i + dx, j + dy, k + dz) && data[n + dx + nx * dy + sxy * dz]) nb |= 1 << pos(dx, dy, dz);
        }
    return nb;
  };
  // the six border directions, in scikit-image's order: y−, y+, x+, x−, z+, z−
  const borders = [pos(0, -1, 0), pos(0, 1, 0), pos(1, 0, 0), pos(-1, 0, 0), pos(0, 0, 1), pos(0, 0, -1)];
  let active: number[] = [];
  for (let n = 0; n < data.length; n++) if (data[n]) active.push(n);
  for (let unchanged = 0; unchanged < borders.length;) {
    unchanged = 0;
    for (const border of borders) {
      const candidates: number[] = [];
      for (const n of active) {
        if (!data[n]) continue;
        const nb = neighbourhood(n);
        if ((nb >> border) & 1) continue; // not a border voxel in this direction
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
  return { data, dims: [...mask.dims] as Vec3, spacing: [...mask.spacing] as Vec3 };
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
