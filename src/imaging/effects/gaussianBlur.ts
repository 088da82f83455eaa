/**
 * Anisotropic blur (the point-spread function): a separable Gaussian with its own standard
 * deviation per axis, in voxels. The kernel is the discrete Gaussian e^−t I_n(t) (I_n the
 * modified Bessel function), the exact discrete analogue of a Gaussian, truncated at
 * max(1, ⌈2.5σ⌉) voxels and with t tuned so that its second moment is exactly σ², also below
 * one voxel, where a sampled Gaussian would be far too narrow. Edges repeat the border voxel.
 */
import type { Volume } from "../../volume/index.js";
import { applySeparable } from "../internal/applyAxis.js";
import { buildOperator, perAxis, type AxisOperator } from "../internal/axisOperator.js";
import { checkRange, outputFor } from "../internal/grid.js";
import type { BlurParams } from "../params.js";
import { exp } from "../../math/index.js";

/** Blurs wider than this (voxels) are refused: use resolution for coarse sampling. */
export const MAX_SIGMA = 8;

export function checkBlurParams(p: BlurParams, fn: string): void {
  for (let a = 0; a < 3; a++) checkRange(fn, `blur.sigma[${a}]`, p.sigma[a], 0, MAX_SIGMA, "voxels");
}

function besselKernel(t: number, radius: number): Float64Array {
  const k = new Float64Array(2 * radius + 1);
  const h = t / 2,
    h2 = h * h;
  let first = exp(-t); // e^−t (t/2)^n / n!
  for (let n = 0; n <= radius; n++) {
    if (n > 0) first *= h / n;
    let term = first,
      sum = 0;
    for (let j = 0; j < 500; j++) {
      sum += term;
      term *= h2 / ((j + 1) * (j + 1 + n));
      if (term < sum * 1e-17) break;
    }
    k[radius + n] = k[radius - n] = sum;
  }
  let s = 0;
  for (const w of k) s += w;
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

function secondMoment(k: Float64Array): number {
  const r = (k.length - 1) / 2;
  let m = 0;
  for (let i = 0; i < k.length; i++) m += k[i] * (i - r) ** 2;
  return m;
}

/** Normalised kernel taps (length 2R + 1, centre at R) whose second moment is sigma². */
export function gaussianKernel(sigma: number): Float64Array {
  checkRange("gaussianKernel", "sigma", sigma, 0, MAX_SIGMA, "voxels");
  if (sigma === 0) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(2.5 * sigma));
  const target = sigma * sigma;
  let t = target;
  let k = besselKernel(t, radius);
  for (let it = 0; it < 6; it++) {
    const err = target - secondMoment(k);
    if (Math.abs(err) < 1e-12) break;
    t += err;
    k = besselKernel(t, radius);
  }
  return k;
}

/** The blur along an axis of n voxels, edges repeating the border voxel. */
export function gaussianOperator(n: number, sigma: number): AxisOperator {
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) / 2;
  return buildOperator(n, n, (o, idx, w) => {
    for (let t = -r; t <= r; t++) {
      idx.push(Math.min(n - 1, Math.max(0, o + t)));
      w.push(k[t + r]);
    }
  });
}

export function gaussianBlur(image: Volume<Float32Array>, params: BlurParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkBlurParams(params, "gaussianBlur");
  const o = outputFor(image, out, "gaussianBlur");
  const ops = perAxis((a) => (params.sigma[a] > 0 ? gaussianOperator(o.dims[a], params.sigma[a]) : null));
  const res = applySeparable(o.data, new Float32Array(o.data.length), o.dims, ops);
  if (res !== o.data) o.data.set(res);
  return o;
}
