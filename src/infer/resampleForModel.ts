import { type Grid, type Vec3, type Volume, affinesClose, resampleToGrid, resampleVolume } from "../volume/index.js";

/**
 * `volume` on voxels of `spacing` mm (trilinear, over the same extent, centred, orientation kept: resampleVolume),
 * or `volume` itself when `spacing` is "native" or already the volume's (within 1e-6 relative).
 */
export function resampleForModel(volume: Volume<Float32Array>, spacing: Vec3 | "native"): Volume<Float32Array> {
  if (spacing === "native" || sameSpacing(volume.spacing, spacing)) return volume;
  return resampleVolume(volume, spacing, { order: 1 }) as Volume<Float32Array>;
}

/**
 * `volume` (a model's output on the grid resampleForModel made) sampled back onto the input's `grid`, trilinear;
 * `volume` itself when the grids already match. The model grid is first extended by one voxel repeating its edge
 * values, so that input voxels near the border, which a coarser model grid's rounding can leave just outside it,
 * take the nearest edge value rather than 0.
 */
export function resampleToInput(volume: Volume<Float32Array>, grid: Grid): Volume<Float32Array> {
  if (volume.dims.every((d, a) => d === grid.dims[a]) && affinesClose(volume.affine, grid.affine, 1e-9)) {
    return { data: volume.data, dims: [...grid.dims], spacing: [...grid.spacing], affine: [...grid.affine] };
  }
  return resampleToGrid(padEdge(volume), grid, { order: 1 }) as Volume<Float32Array>;
}

function sameSpacing(a: Vec3, b: Vec3): boolean {
  return a.every((x, i) => Math.abs(x - b[i]) <= 1e-6 * Math.max(Math.abs(x), Math.abs(b[i])));
}

/** `volume` with one more voxel on each side of each axis, holding the nearest edge voxel's value; the affine keeps the old voxels in place. */
function padEdge(volume: Volume<Float32Array>): Volume<Float32Array> {
  const [nx, ny, nz] = volume.dims;
  const dims: Vec3 = [nx + 2, ny + 2, nz + 2];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const clamp = (x: number, n: number) => (x < 0 ? 0 : x >= n ? n - 1 : x);
  let o = 0;
  for (let k = -1; k <= nz; k++) {
    const kk = clamp(k, nz);
    for (let j = -1; j <= ny; j++) {
      const row = nx * (clamp(j, ny) + ny * kk);
      data[o++] = volume.data[row];
      data.set(volume.data.subarray(row, row + nx), o);
      o += nx;
      data[o++] = volume.data[row + nx - 1];
    }
  }
  const a = volume.affine;
  // world of voxel (i − 1, j − 1, k − 1) of the old grid: origin moves back by one column of each axis
  const affine = [...a];
  for (let r = 0; r < 3; r++) affine[4 * r + 3] = a[4 * r + 3] - a[4 * r] - a[4 * r + 1] - a[4 * r + 2];
  return { data, dims, spacing: [...volume.spacing], affine };
}
