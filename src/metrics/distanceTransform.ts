import type { Vec3 } from "../volume/index.js";
import { type VoxelGrid, binarize } from "./mask.js";

/**
 * One line of the exact squared distance transform (Felzenszwalb & Huttenlocher 2012): out[q] = min_p (s·(q − p))² + f[p],
 * over the lower envelope of parabolas rooted at the finite entries of f. All-infinite f stays infinite. Entry q lies at
 * q + o on the whole line (the envelope's crossings are reckoned there, so a part of a line reads as the whole line).
 */
function lineTransform(f: Float64Array, n: number, s: number, out: Float64Array, v: Int32Array, z: Float64Array, o: number): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    const fq = f[q] + (q + o) * s * ((q + o) * s);
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    // x: where the parabolas of q and of the envelope's last root p meet; pop p while that is left of where p began
    let p = v[k];
    let x = (fq - (f[p] + (p + o) * s * ((p + o) * s))) / (2 * s * (q - p));
    while (x <= z[k]) {
      p = v[--k]; // z[0] = −∞ stops this at k = 0
      x = (fq - (f[p] + (p + o) * s * ((p + o) * s))) / (2 * s * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = x;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    out.fill(Infinity, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < (q + o) * s) k++;
    const d = (q - v[k]) * s;
    out[q] = d * d + f[v[k]];
  }
}

/**
 * Squared Euclidean distance (mm²) from each voxel to the nearest voxel with features[n] ≠ 0; Infinity when there is none.
 * `origin`: where this grid's first voxel lies in a larger grid it was cut from (default 0, 0, 0). Given it, the
 * distances are reckoned as on the larger grid, bit for bit, when the cut is a box around the voxels that matter with a
 * margin of feature voxels, or the larger grid's edge, on each side (measureMask's distance to the background).
 */
export function squaredDistanceToFeatures(features: Uint8Array, dims: Vec3, spacing: Vec3, origin: Vec3 = [0, 0, 0]): Float64Array {
  const [nx, ny, nz] = dims;
  const d = new Float64Array(features.length);
  for (let n = 0; n < d.length; n++) d[n] = features[n] ? 0 : Infinity;
  const longest = Math.max(nx, ny, nz);
  const f = new Float64Array(longest),
    out = new Float64Array(longest),
    v = new Int32Array(longest),
    z = new Float64Array(longest + 1);
  for (let axis = 0; axis < 3; axis++) {
    // line length, stride along the line, number of lines
    const n = dims[axis],
      stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny,
      lines = axis === 0 ? ny * nz : axis === 1 ? nx * nz : nx * ny;
    if (n === 1) continue;
    const s = spacing[axis],
      o = origin[axis];
    for (let line = 0; line < lines; line++) {
      const start = axis === 0 ? line * nx : axis === 1 ? (line % nx) + nx * ny * Math.floor(line / nx) : line;
      // a line of features only stays 0, a line without any stays infinite (what lineTransform gives them)
      let zeros = 0,
        infinite = 0;
      for (let q = 0, at = start; q < n; q++, at += stride) {
        const x = (f[q] = d[at]);
        if (x === 0) zeros++;
        else if (x === Infinity) infinite++;
      }
      if (zeros === n || infinite === n) continue;
      lineTransform(f, n, s, out, v, z, o);
      for (let q = 0, at = start; q < n; q++, at += stride) d[at] = out[q];
    }
  }
  return d;
}

/** Euclidean distance (mm, with anisotropic spacing) from each voxel to the nearest foreground voxel (value > 0) of `volume`; 0 on the foreground, Infinity everywhere when it is empty. */
export function distanceTransform(volume: VoxelGrid): Float64Array {
  const d = squaredDistanceToFeatures(binarize(volume).data, volume.dims, volume.spacing);
  for (let n = 0; n < d.length; n++) d[n] = Math.sqrt(d[n]);
  return d;
}
