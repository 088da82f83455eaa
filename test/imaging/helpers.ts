// Analytic inputs and statistics for the imaging tests.
import { createVolume, type Vec3, type Volume } from "../../src/volume/index.js";
import type { ImagingLabels } from "../../src/imaging/index.js";

export function constantVolume(dims: Vec3, value: number, spacing: Vec3 = [1, 1, 1]): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims, spacing);
  v.data.fill(value);
  return v;
}

/** One voxel of `value` at `at`, zeros elsewhere. */
export function deltaVolume(dims: Vec3, at: Vec3, value = 1): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims);
  v.data[at[0] + dims[0] * (at[1] + dims[1] * at[2])] = value;
  return v;
}

/**
 * Label maps of a straight tube along x through the centre of the y–z plane, radius r voxels,
 * with a linear partial-volume edge, flow = x (the root at x = 0), and classes 1 (or `cls`).
 */
export function tubeLabels(dims: Vec3, r: number, cls = 1, spacing: Vec3 = [1, 1, 1]): Required<ImagingLabels> {
  const fraction = createVolume(Float32Array, dims, spacing);
  const binary = createVolume(Uint8Array, dims, spacing);
  const classes = createVolume(Uint8Array, dims, spacing);
  const flow = createVolume(Float32Array, dims, spacing);
  const cy = (dims[1] - 1) / 2,
    cz = (dims[2] - 1) / 2;
  for (let k = 0, v = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      const d = Math.hypot(j - cy, k - cz);
      const f = Math.max(0, Math.min(1, r + 0.5 - d));
      for (let i = 0; i < dims[0]; i++, v++) {
        fraction.data[v] = f;
        binary.data[v] = f >= 0.5 ? 1 : 0;
        classes.data[v] = f >= 0.5 ? cls : 0;
        flow.data[v] = f > 0 ? i : 0;
      }
    }
  }
  return { fraction, binary, classes, flow };
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}

export function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / a.length);
}

/** Mean of `data` where `mask(v)` holds. */
export function maskedMean(data: ArrayLike<number>, mask: (v: number) => boolean): number {
  let s = 0,
    n = 0;
  for (let v = 0; v < data.length; v++)
    if (mask(v)) {
      s += data[v];
      n++;
    }
  return s / n;
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

export function at(v: Volume, i: number, j: number, k: number): number {
  return v.data[i + v.dims[0] * (j + v.dims[1] * k)];
}
