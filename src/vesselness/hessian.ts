/**
 * The scale-normalised Hessian at one scale: the image smoothed by a Gaussian of σ mm (smoothVolume), then second
 * differences of the smoothed image (central, the edges reflected), taken in mm and multiplied by σ² (Lindeberg's
 * γ = 2 normalisation, as Frangi et al. 1998), so responses of different scales can be compared. Differences of the
 * smoothed image rather than sampled derivative kernels: 3 sweeps a scale instead of 15, and no six full-size arrays,
 * since the vesselness filter reads the entries voxel by voxel (scikit-image's hessian_matrix differentiates the
 * smoothed image likewise, with np.gradient twice).
 */
import { smoothVolume } from "./smoothVolume.js";

export type Dims = readonly [number, number, number];
export type Spacing = readonly [number, number, number];

/** The six distinct entries of the symmetric Hessian, one Float32Array each, on the input's grid. */
export interface Hessian {
  xx: Float32Array;
  yy: Float32Array;
  zz: Float32Array;
  xy: Float32Array;
  xz: Float32Array;
  yz: Float32Array;
}

/** σ²/(spacing_a·spacing_b) for xx, yy, zz, xy, xz, yz: the factors that turn voxel differences into σ²-normalised mm derivatives. */
export function hessianNorms(sigmaMm: number, spacing: Spacing): Float64Array {
  const s2 = sigmaMm * sigmaMm;
  const [a, b, c] = spacing;
  return Float64Array.of(s2 / (a * a), s2 / (b * b), s2 / (c * c), s2 / (a * b), s2 / (a * c), s2 / (b * c));
}

/**
 * The six entries at voxel (x, y, z) of the smoothed image `s`, written into `out` as [xx, yy, zz, xy, xz, yz]:
 * ∂aa = s(+a) − 2s + s(−a), ∂ab = (s(+a+b) − s(+a−b) − s(−a+b) + s(−a−b)) / 4, a neighbour beyond the edge being the
 * edge voxel (scipy's "reflect"), each times its `norms` factor.
 */
export function hessianAt(s: Float32Array, dims: Dims, x: number, y: number, z: number, norms: Float64Array, out: Float64Array): void {
  const nx = dims[0],
    nxy = nx * dims[1];
  const v = x + nx * y + nxy * z;
  // Offsets to the neighbours, 0 at an edge (the reflected neighbour is the voxel itself).
  const xm = x > 0 ? -1 : 0,
    xp = x < dims[0] - 1 ? 1 : 0;
  const ym = y > 0 ? -nx : 0,
    yp = y < dims[1] - 1 ? nx : 0;
  const zm = z > 0 ? -nxy : 0,
    zp = z < dims[2] - 1 ? nxy : 0;
  const c2 = 2 * s[v];
  out[0] = (s[v + xp] - c2 + s[v + xm]) * norms[0];
  out[1] = (s[v + yp] - c2 + s[v + ym]) * norms[1];
  out[2] = (s[v + zp] - c2 + s[v + zm]) * norms[2];
  out[3] = 0.25 * (s[v + xp + yp] - s[v + xp + ym] - s[v + xm + yp] + s[v + xm + ym]) * norms[3];
  out[4] = 0.25 * (s[v + xp + zp] - s[v + xp + zm] - s[v + xm + zp] + s[v + xm + zm]) * norms[4];
  out[5] = 0.25 * (s[v + yp + zp] - s[v + yp + zm] - s[v + ym + zp] + s[v + ym + zm]) * norms[5];
}

/** The scale-normalised Hessian of `data` (x fastest, voxel size `spacing` in mm) at σ = `sigmaMm`, as six arrays. */
export function hessianAtScale(data: ArrayLike<number>, dims: Dims, spacing: Spacing, sigmaMm: number): Hessian {
  const s = smoothVolume(data, dims, spacing, sigmaMm);
  const voxels = s.length;
  const h: Hessian = {
    xx: new Float32Array(voxels),
    yy: new Float32Array(voxels),
    zz: new Float32Array(voxels),
    xy: new Float32Array(voxels),
    xz: new Float32Array(voxels),
    yz: new Float32Array(voxels),
  };
  const norms = hessianNorms(sigmaMm, spacing);
  const e = new Float64Array(6);
  for (let z = 0, v = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++, v++) {
        hessianAt(s, dims, x, y, z, norms, e);
        h.xx[v] = e[0];
        h.yy[v] = e[1];
        h.zz[v] = e[2];
        h.xy[v] = e[3];
        h.xz[v] = e[4];
        h.yz[v] = e[5];
      }
  return h;
}
