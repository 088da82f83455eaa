/**
 * A stand-in for the flow map of a grown tree (path length from the root) when all there is is
 * a binary vessel mask. The imaging uses flow for one thing: the vessel contrast fades
 * exponentially along it, to `vessels.flowFade` at the largest value in the image
 * (composeVessels), as inflow saturation (TOF) or contrast dilution does with distance from the
 * feeding artery. Only the ratio flow / max(flow) matters, so the unit is free.
 *
 * Here the root is the mask voxel deepest inside the vessels (largest distance to the
 * background: the thickest vessel, where a tree's root would be; the first in index order on a
 * tie), and flow is the straight-line distance from it (world units, anisotropic spacing
 * respected). Straight-line distance is a lower bound of the path length a tree records; it needs
 * no connectivity, so a mask's separate pieces fade by where they lie, as distal vessels do.
 * The depth is a 3×3×3 chamfer distance (two raster passes over the vessel voxels only, exact
 * offset lengths in world units; outside the grid counts as background), close enough to pick the
 * thickest vessel.
 */
import { createVolume, type Vec3, type Volume } from "../volume/index.js";

/** |(x, y, z)| through Math.sqrt, which is correctly rounded in every engine (Math.hypot need not be). */
const length = (x: number, y: number, z: number): number => Math.sqrt(x * x + y * y + z * z);

/** The linear indices of the voxels with binary[v] ≠ 0, ascending (raster order). */
export function maskVoxels(binary: Uint8Array): Int32Array {
  let count = 0;
  for (let v = 0; v < binary.length; v++) if (binary[v]) count++;
  const list = new Int32Array(count);
  for (let v = 0, c = 0; v < binary.length; v++) if (binary[v]) list[c++] = v;
  return list;
}

/**
 * Flow (see above) on the grid of `binary`, 0 outside the mask, and the root voxel (i, j, k);
 * all 0 and root null when the mask is empty. `list` is maskVoxels(binary.data), when the caller has it.
 */
export function maskFlow(binary: Volume<Uint8Array>, list: Int32Array = maskVoxels(binary.data)): { flow: Volume<Float32Array>; root: Vec3 | null } {
  const { dims, spacing } = binary;
  const out = createVolume(Float32Array, dims, spacing, binary.affine);
  if (list.length === 0) return { flow: out, root: null };
  const depth = out.data; // the depth first, then overwritten by the flow
  const [nx, ny, nz] = dims;
  // The 13 neighbours that come before a voxel in raster order: (dx, dy, dz) with dz < 0, or dz = 0 and dy < 0, or dz = dy = 0 and dx < 0.
  const ox: number[] = [],
    oy: number[] = [],
    oz: number[] = [],
    weights: number[] = [];
  for (let dz = -1; dz <= 1; dz++)
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        if (!(dz < 0 || (dz === 0 && (dy < 0 || (dy === 0 && dx < 0))))) continue;
        ox.push(dx);
        oy.push(dy);
        oz.push(dz);
        weights.push(length(dx * spacing[0], dy * spacing[1], dz * spacing[2]));
      }
  const offset = Int32Array.from(ox, (dx, n) => dx + nx * (oy[n] + ny * oz[n]));
  const w = Float64Array.from(weights);
  const pass = (sign: 1 | -1): void => {
    for (let c = sign > 0 ? 0 : list.length - 1; c >= 0 && c < list.length; c += sign) {
      const v = list[c];
      const i = v % nx,
        j = ((v - i) / nx) % ny,
        k = (v - i - nx * j) / (nx * ny);
      let d = sign > 0 ? Infinity : depth[v];
      if (i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1) {
        for (let n = 0; n < 13; n++) {
          const nd = depth[v + sign * offset[n]] + w[n];
          if (nd < d) d = nd;
        }
      } else {
        for (let n = 0; n < 13; n++) {
          const x = i + sign * ox[n],
            y = j + sign * oy[n],
            z = k + sign * oz[n];
          const nd = x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? w[n] : depth[x + nx * (y + ny * z)] + w[n];
          if (nd < d) d = nd;
        }
      }
      depth[v] = d;
    }
  };
  pass(1);
  pass(-1);
  let root = list[0];
  for (let c = 1; c < list.length; c++) if (depth[list[c]] > depth[root]) root = list[c];
  const ri = root % nx,
    rj = ((root - ri) / nx) % ny,
    rk = (root - ri - nx * rj) / (nx * ny);
  const flow = depth;
  for (let c = 0; c < list.length; c++) {
    const v = list[c];
    const i = v % nx,
      j = ((v - i) / nx) % ny,
      k = (v - i - nx * j) / (nx * ny);
    flow[v] = length((i - ri) * spacing[0], (j - rj) * spacing[1], (k - rk) * spacing[2]);
  }
  return { flow: out, root: [ri, rj, rk] };
}
