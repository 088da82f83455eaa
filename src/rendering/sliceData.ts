/**
 * 2D views of a Volume as plain data (no DOM): a slice through one axis, or the maximum-
 * intensity projection along it. Images are row-major with row 0 at the top, and the vertical
 * axis pointing up (y for axial views, z for coronal and sagittal).
 */
import { max, min, quantile } from "d3-array";
import type { Volume } from "../volume/index.js";

/** 0: sagittal (a plane of constant x), 1: coronal (constant y), 2: axial (constant z). */
export type Axis = 0 | 1 | 2;
export const AXIS_NAMES = ["sagittal", "coronal", "axial"] as const;

export interface Image2D {
  width: number;
  height: number;
  data: Float32Array;
  /** Physical size of a pixel (horizontal, vertical), for the aspect ratio. */
  pixelSpacing: [number, number];
}

/** The two in-plane axes (horizontal, vertical) of a view along `axis`. */
export function planeAxes(axis: Axis): [number, number] {
  return axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
}

function check(volume: Volume, axis: Axis): void {
  if (axis !== 0 && axis !== 1 && axis !== 2) throw new RangeError(`axis = ${axis}; use 0 (sagittal), 1 (coronal) or 2 (axial)`);
  if (volume.data.length !== volume.dims[0] * volume.dims[1] * volume.dims[2]) throw new RangeError("volume.data length does not match its dims");
}

export function sliceOf(volume: Volume, axis: Axis, index: number): Image2D {
  check(volume, axis);
  const [nx, ny] = volume.dims;
  const [ha, va] = planeAxes(axis);
  const width = volume.dims[ha],
    height = volume.dims[va];
  const k = Math.max(0, Math.min(volume.dims[axis] - 1, Math.round(index)));
  const data = new Float32Array(width * height);
  const stride = [1, nx, nx * ny];
  for (let row = 0; row < height; row++) {
    const v = height - 1 - row;
    for (let u = 0; u < width; u++) data[row * width + u] = volume.data[k * stride[axis] + u * stride[ha] + v * stride[va]];
  }
  return { width, height, data, pixelSpacing: [volume.spacing[ha], volume.spacing[va]] };
}

export function mipOf(volume: Volume, axis: Axis): Image2D {
  check(volume, axis);
  const [nx, ny] = volume.dims;
  const [ha, va] = planeAxes(axis);
  const width = volume.dims[ha],
    height = volume.dims[va];
  const data = new Float32Array(width * height).fill(-Infinity);
  const stride = [1, nx, nx * ny];
  const depth = volume.dims[axis];
  for (let row = 0; row < height; row++) {
    const v = height - 1 - row;
    for (let u = 0; u < width; u++) {
      let m = -Infinity;
      const base = u * stride[ha] + v * stride[va];
      for (let k = 0; k < depth; k++) {
        const x = volume.data[base + k * stride[axis]];
        if (x > m) m = x;
      }
      data[row * width + u] = m;
    }
  }
  return { width, height, data, pixelSpacing: [volume.spacing[ha], volume.spacing[va]] };
}

/**
 * Low and high percentiles of the data (e.g. [0.5, 99.5]) for a display window, of at most 200,000 of its voxels taken
 * evenly (d3-array's quantile: linear between ranks; a Float64 copy of the sample is affordable); [0, 1] for a constant image.
 */
export function windowOf(data: ArrayLike<number>, lowPct = 0.5, highPct = 99.5): [number, number] {
  const n = data.length;
  if (n === 0) return [0, 1];
  const step = Math.max(1, Math.floor(n / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) if (Number.isFinite(data[i])) sample.push(data[i]);
  if (!sample.length) return [0, 1];
  let lo = quantile(sample, lowPct / 100) as number,
    hi = quantile(sample, highPct / 100) as number;
  if (!(hi > lo)) {
    lo = min(sample) as number;
    hi = max(sample) as number;
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/**
 * The index along `axis` of the slice whose voxels sum highest (the first such; the middle one where no slice sums
 * above 0): a sparse map such as a vessel tree's, where the middle slice often holds a few dots,
 * opens on the plane that holds the most of it. Non-finite voxels count as 0.
 */
export function fullestSlice(volume: Volume, axis: Axis): number {
  check(volume, axis);
  const [nx, ny, nz] = volume.dims;
  const sums = new Float64Array(volume.dims[axis]);
  let i = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, i++) {
        const value = volume.data[i];
        if (Number.isFinite(value)) sums[axis === 0 ? x : axis === 1 ? y : z] += value;
      }
  let best = -1;
  for (let k = 0, top = 0; k < sums.length; k++) if (sums[k] > top) [best, top] = [k, sums[k]];
  return best < 0 ? Math.floor(volume.dims[axis] / 2) : best;
}
