import { type VoxelGrid, binarize } from "./mask.js";
import type { Vec3 } from "../volume/index.js";

/**
 * 8 × the Euler characteristic a lattice vertex contributes, by the occupancy of the 2×2×2 voxels around it
 * (bit dx + 2dy + 4dz set when voxel (dx, dy, dz) is foreground; dx = 0 lies on the vertex's −x side).
 * It counts the closed-cube complex, whose topology is the foreground's with 26-connectivity (background 6):
 * the vertex itself (1), minus half of each of 6 incident edges, plus a quarter of each of 12 incident faces, minus
 * an eighth of each of 8 incident cubes, where an edge, face or cube is present when any voxel containing it is.
 */
export const OCTANT_EULER8: Int8Array = (() => {
  const table = new Int8Array(256);
  const bit = (config: number, dx: number, dy: number, dz: number) => (config >> (dx + 2 * dy + 4 * dz)) & 1;
  for (let config = 0; config < 256; config++) {
    if (config === 0) continue;
    let edges = 0,
      faces = 0,
      cubes = 0;
    for (let s = 0; s < 2; s++) {
      // half-edges along x, y, z on side s: present if any of the 4 voxels on that side is set
      let ex = 0,
        ey = 0,
        ez = 0;
      for (let u = 0; u < 2; u++)
        for (let v = 0; v < 2; v++) {
          ex |= bit(config, s, u, v);
          ey |= bit(config, u, s, v);
          ez |= bit(config, u, v, s);
        }
      edges += ex + ey + ez;
    }
    for (let u = 0; u < 2; u++)
      for (let v = 0; v < 2; v++) {
        // quarter-faces in the planes x = 0, y = 0, z = 0 through the vertex, in quadrant (u, v)
        faces += bit(config, 0, u, v) | bit(config, 1, u, v);
        faces += bit(config, u, 0, v) | bit(config, u, 1, v);
        faces += bit(config, u, v, 0) | bit(config, u, v, 1);
      }
    for (let b = 0; b < 8; b++) cubes += (config >> b) & 1;
    table[config] = 8 - 4 * edges + 2 * faces - cubes;
  }
  return table;
})();

/** The Euler characteristic of a binary grid's foreground (26-connected; outside the grid is background). */
export function eulerOfMask(data: Uint8Array, dims: Vec3): number {
  const [nx, ny, nz] = dims;
  const at = (i: number, j: number, k: number) => (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : data[i + nx * (j + ny * k)]);
  let sum = 0;
  // lattice vertex (i, j, k) is the corner shared by voxels (i-1…i, j-1…j, k-1…k)
  for (let k = 0; k <= nz; k++) {
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        let config = 0;
        for (let b = 0; b < 8; b++) if (at(i - 1 + (b & 1), j - 1 + ((b >> 1) & 1), k - 1 + ((b >> 2) & 1))) config |= 1 << b;
        if (config !== 0) sum += OCTANT_EULER8[config];
      }
    }
  }
  return sum / 8;
}

/** χ = b0 − b1 + b2 of the foreground (value > 0) of `volume`, with 26-connectivity for the foreground and 6 for the background. */
export function eulerCharacteristic(volume: VoxelGrid): number {
  return eulerOfMask(binarize(volume).data, volume.dims);
}
