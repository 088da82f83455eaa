/**
 * Gaussian smoothing of a volume at σ mm, separable (x, then y, then z), σ/spacing voxels along each axis so
 * anisotropic voxels are smoothed alike in mm.
 */
import { convolveAxis } from "./convolveAxis.js";
import { gaussianKernel } from "./gaussianKernel.js";

/** The truncation of the vesselness filter's kernels, in σ. */
export const VESSELNESS_TRUNCATE = 3;

/**
 * `data` (x fastest) smoothed by a Gaussian of σ = `sigmaMm`, returned in `out` (made here when not given); `scratch`
 * (same length) is used between the sweeps. Neither may be `data`.
 */
export function smoothVolume(
  data: ArrayLike<number>,
  dims: readonly [number, number, number],
  spacing: readonly [number, number, number],
  sigmaMm: number,
  options: SmoothOptions = {},
): Float32Array {
  if (!(sigmaMm > 0) || !Number.isFinite(sigmaMm)) throw new RangeError(`smoothVolume: sigma = ${sigmaMm} mm; give a positive scale`);
  return smoothVoxels(data, dims, [sigmaMm / spacing[0], sigmaMm / spacing[1], sigmaMm / spacing[2]], options);
}

export interface SmoothOptions {
  truncate?: number;
  out?: Float32Array;
  scratch?: Float32Array;
}

/** As smoothVolume, with σ given in voxels along each axis. */
export function smoothVoxels(
  data: ArrayLike<number>,
  dims: readonly [number, number, number],
  sigmas: readonly [number, number, number],
  { truncate = VESSELNESS_TRUNCATE, out, scratch }: SmoothOptions = {},
): Float32Array {
  const voxels = dims[0] * dims[1] * dims[2];
  if (data.length !== voxels) throw new RangeError(`smoothVolume: ${data.length} voxels for dims ${dims.join("×")}`);
  const a = out ?? new Float32Array(voxels);
  const b = scratch ?? new Float32Array(voxels);
  const src = data instanceof Float32Array ? data : Float32Array.from(data);
  if (src === a || src === b) throw new RangeError("smoothVolume: out and scratch must be other arrays than the input");
  convolveAxis(src, dims, 0, gaussianKernel(sigmas[0], truncate).taps, a);
  convolveAxis(a, dims, 1, gaussianKernel(sigmas[1], truncate).taps, b);
  convolveAxis(b, dims, 2, gaussianKernel(sigmas[2], truncate).taps, a);
  return a;
}
