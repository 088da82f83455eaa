import { invertAffine, multiplyAffines } from "./affine.js";
import { type Affine, type Vec3, type Volume, type VoxelArray, createVolume } from "./volume.js";

/** A voxel grid without data: where a Volume's voxels sit. */
export interface Grid {
  dims: Vec3;
  spacing: Vec3;
  affine: Affine;
}

export interface ResampleOptions {
  /** 0: nearest neighbour, keeps the array type (for labels and masks); 1: trilinear, gives Float32Array (Float64Array from Float64Array). Default 1. */
  order?: 0 | 1;
  /** Value of target voxels whose centre lies outside the source volume (more than half a voxel beyond its edge voxels). Default 0. */
  fill?: number;
}

/**
 * `volume` resampled to voxels of `spacing` mm over the same extent: dims become round(dims · oldSpacing / spacing)
 * (at least 1), the new grid is centred on the old one, and the affine keeps its orientation. Pair it with
 * resampleToGrid(result, volume) to come back to the input grid.
 */
export function resampleVolume<T extends VoxelArray>(volume: Volume<T>, spacing: Vec3, options: ResampleOptions = {}): Volume {
  for (let a = 0; a < 3; a++) {
    if (!(spacing[a] > 0) || !Number.isFinite(spacing[a]))
      throw new RangeError(`resampleVolume: spacing[${a}] = ${spacing[a]}; voxel sizes must be positive finite mm`);
  }
  const dims = [0, 1, 2].map((a) => Math.max(1, Math.round((volume.dims[a] * volume.spacing[a]) / spacing[a]))) as Vec3;
  // new index → old index, per axis: old = c + (new − c') · r, with c and c' the centres of the two grids
  const r = [0, 1, 2].map((a) => spacing[a] / volume.spacing[a]);
  const t = [0, 1, 2].map((a) => (volume.dims[a] - 1) / 2 - ((dims[a] - 1) / 2) * r[a]);
  const newToOld = [r[0], 0, 0, t[0], 0, r[1], 0, t[1], 0, 0, r[2], t[2], 0, 0, 0, 1];
  return resampleToGrid(volume, { dims, spacing: [...spacing] as Vec3, affine: multiplyAffines(volume.affine, newToOld) }, options);
}

/** `volume` sampled at the voxel centres of `target` (both affines map to the same world mm), nearest or trilinear. */
export function resampleToGrid<T extends VoxelArray>(volume: Volume<T>, target: Grid, options: ResampleOptions = {}): Volume {
  const { order = 1, fill = 0 } = options;
  if (order !== 0 && order !== 1) throw new RangeError(`resampleToGrid: order = ${order}; use 0 (nearest) or 1 (trilinear)`);
  const m = multiplyAffines(invertAffine(volume.affine), target.affine);
  const ArrayType =
    order === 0 ? (volume.data.constructor as { new (n: number): VoxelArray }) : volume.data instanceof Float64Array ? Float64Array : Float32Array;
  const out = createVolume(ArrayType, target.dims, target.spacing, target.affine);
  const [nx, ny, nz] = volume.dims;
  const src = volume.data;
  const sxy = nx * ny;
  let n = 0;
  for (let k = 0; k < target.dims[2]; k++) {
    for (let j = 0; j < target.dims[1]; j++) {
      for (let i = 0; i < target.dims[0]; i++, n++) {
        let x = m[0] * i + m[1] * j + m[2] * k + m[3];
        let y = m[4] * i + m[5] * j + m[6] * k + m[7];
        let z = m[8] * i + m[9] * j + m[10] * k + m[11];
        const eps = 1e-9;
        if (x < -0.5 - eps || y < -0.5 - eps || z < -0.5 - eps || x > nx - 0.5 + eps || y > ny - 0.5 + eps || z > nz - 0.5 + eps) {
          out.data[n] = fill;
          continue;
        }
        x = Math.min(Math.max(x, 0), nx - 1);
        y = Math.min(Math.max(y, 0), ny - 1);
        z = Math.min(Math.max(z, 0), nz - 1);
        if (order === 0) {
          out.data[n] = src[Math.round(x) + nx * Math.round(y) + sxy * Math.round(z)];
          continue;
        }
        const x0 = Math.min(Math.floor(x), nx - 2 < 0 ? 0 : nx - 2);
        const y0 = Math.min(Math.floor(y), ny - 2 < 0 ? 0 : ny - 2);
        const z0 = Math.min(Math.floor(z), nz - 2 < 0 ? 0 : nz - 2);
        const fx = x - x0,
          fy = y - y0,
          fz = z - z0;
        const dx = nx > 1 ? 1 : 0,
          dy = ny > 1 ? nx : 0,
          dz = nz > 1 ? sxy : 0;
        const p = x0 + nx * y0 + sxy * z0;
        const c00 = src[p] + fx * (src[p + dx] - src[p]);
        const c10 = src[p + dy] + fx * (src[p + dy + dx] - src[p + dy]);
        const c01 = src[p + dz] + fx * (src[p + dz + dx] - src[p + dz]);
        const c11 = src[p + dz + dy] + fx * (src[p + dz + dy + dx] - src[p + dz + dy]);
        const c0 = c00 + fy * (c10 - c00);
        const c1 = c01 + fy * (c11 - c01);
        out.data[n] = c0 + fz * (c1 - c0);
      }
    }
  }
  return out;
}
