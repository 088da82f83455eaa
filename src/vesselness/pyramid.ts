/**
 * The coarse grids the vesselness filter runs its large scales on. A scale of σ ≥ 4 voxels along an axis runs on
 * voxels f = 2^⌊log2(σ/2)⌋ times as large there, so that it is still 2 or more coarse voxels wide (second differences
 * of a Gaussian narrower than that underestimate its curvature, which biases the scale map towards small radii):
 * the image averaged over f-voxel blocks (a box of variance (f² − 1)/12 voxels²), smoothed on the coarse grid by the
 * rest of the variance, its responses interpolated back (trilinear). At 128³ and the default scales the largest
 * scale, which costs as much as the three others together at full resolution, runs on 8 times fewer voxels.
 */
export type Triple = [number, number, number];

/** The block size along each axis for σ voxels along it: the largest power of 2 not above σ/2, at least 1. */
export function blockFactors(sigmasVoxels: readonly number[]): Triple {
  return sigmasVoxels.map((s) => (s >= 4 ? 2 ** Math.floor(Math.log2(s / 2)) : 1)) as Triple;
}

/** σ (coarse voxels) that, after averaging f-voxel blocks, gives a total smoothing of σ fine voxels. */
export function coarseSigma(sigmaVoxels: number, f: number): number {
  return f === 1 ? sigmaVoxels : Math.sqrt(sigmaVoxels * sigmaVoxels - (f * f - 1) / 12) / f;
}

/** `data` averaged over blocks of f voxels (the last block along an axis may be shorter). */
export function blockAverage(data: ArrayLike<number>, dims: readonly number[], f: Triple): { data: Float32Array; dims: Triple } {
  const [nx, ny, nz] = dims;
  const cd: Triple = [Math.ceil(nx / f[0]), Math.ceil(ny / f[1]), Math.ceil(nz / f[2])];
  const sum = new Float64Array(cd[0] * cd[1] * cd[2]);
  const count = new Uint32Array(sum.length);
  for (let z = 0, v = 0; z < nz; z++) {
    const cz = Math.floor(z / f[2]) * cd[1];
    for (let y = 0; y < ny; y++) {
      const cy = (Math.floor(y / f[1]) + cz) * cd[0];
      for (let x = 0; x < nx; x++, v++) {
        const c = cy + Math.floor(x / f[0]);
        sum[c] += data[v];
        count[c]++;
      }
    }
  }
  const out = new Float32Array(sum.length);
  for (let c = 0; c < out.length; c++) out[c] = sum[c] / count[c];
  return { data: out, dims: cd };
}

/**
 * For every fine voxel, the coarse `values` interpolated trilinearly at its position (a coarse voxel's value sits at
 * the centre of its block; beyond the first and last centres the edge value holds), passed to `visit(v, value)`.
 */
export function forEachUpsampled(values: Float32Array, cd: Triple, f: Triple, dims: readonly number[], visit: (v: number, value: number) => void): void {
  const axis = (a: number) => {
    const n = dims[a],
      m = cd[a];
    const lo = new Int32Array(n),
      w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let u = (i - (f[a] - 1) / 2) / f[a];
      u = u < 0 ? 0 : u > m - 1 ? m - 1 : u;
      const l = Math.min(Math.floor(u), Math.max(0, m - 2));
      lo[i] = l;
      w[i] = m === 1 ? 0 : u - l;
    }
    return { lo, w, step: m > 1 ? 1 : 0 };
  };
  const X = axis(0),
    Y = axis(1),
    Z = axis(2);
  const sx = X.step,
    sy = Y.step * cd[0],
    sz = Z.step * cd[0] * cd[1];
  for (let z = 0, v = 0; z < dims[2]; z++) {
    const z0 = Z.lo[z] * cd[0] * cd[1],
      wz = Z.w[z];
    for (let y = 0; y < dims[1]; y++) {
      const y0 = z0 + Y.lo[y] * cd[0],
        wy = Y.w[y];
      for (let x = 0; x < dims[0]; x++, v++) {
        const c = y0 + X.lo[x],
          wx = X.w[x];
        const a00 = values[c] + wx * (values[c + sx] - values[c]);
        const a10 = values[c + sy] + wx * (values[c + sy + sx] - values[c + sy]);
        const a01 = values[c + sz] + wx * (values[c + sz + sx] - values[c + sz]);
        const a11 = values[c + sz + sy] + wx * (values[c + sz + sy + sx] - values[c + sz + sy]);
        const b0 = a00 + wy * (a10 - a00),
          b1 = a01 + wy * (a11 - a01);
        visit(v, b0 + wz * (b1 - b0));
      }
    }
  }
}
