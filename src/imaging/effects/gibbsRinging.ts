/**
 * Gibbs ringing (truncation artefact): k-space is acquired only up to a fraction `cutoff` of
 * the Nyquist frequency along the chosen axes, which is a convolution with the ideal low-pass
 * kernel h[t] = cutoff · sinc(cutoff · t). Next to a sharp edge the image overshoots and rings
 * with a period of about 2 / cutoff voxels; for a long kernel the first overshoot is the Gibbs
 * 9 % of the jump. Written as a separable convolution instead of an FFT (the codebase has
 * none): the sinc is truncated after GIBBS_LOBES of its lobes (at ⌈GIBBS_LOBES / cutoff⌉
 * voxels) and normalised to sum 1, so flat regions stay flat; edges repeat the border voxel.
 * In synthesiseImage it runs on the acquired grid (after the box average of `resolution`),
 * where k-space is truncated. sin from src/math: the same bits everywhere.
 */
import type { Volume } from "../../volume/index.js";
import { applySeparable } from "../internal/applyAxis.js";
import { buildOperator, type AxisOperator } from "../internal/axisOperator.js";
import { checkAxis, checkRange, outputFor } from "../internal/grid.js";
import type { GibbsParams } from "../params.js";
import { sin } from "../../math/index.js";

/** Lobes of the sinc kept on each side. */
export const GIBBS_LOBES = 4;
/** The smallest fraction of k-space kept (the kernel grows as 1 / cutoff). */
export const MIN_GIBBS_CUTOFF = 0.1;

export function checkGibbsParams(p: GibbsParams, fn: string): void {
  checkRange(fn, "gibbs.cutoff", p.cutoff, MIN_GIBBS_CUTOFF, 1, "fraction of k-space kept along each axis, 1 for none");
  if (!Array.isArray(p.axes)) throw new TypeError(`${fn}: gibbs.axes must be an array of axes (0, 1, 2)`);
  p.axes.forEach((a, n) => checkAxis(fn, `gibbs.axes[${n}]`, a));
  if (new Set(p.axes).size !== p.axes.length) throw new RangeError(`${fn}: gibbs.axes = ${JSON.stringify(p.axes)}; name each axis at most once`);
}

/** Normalised taps (length 2R + 1, centre at R) of the truncated sinc for `cutoff`; [1] for cutoff 1. */
export function gibbsKernel(cutoff: number, lobes = GIBBS_LOBES): Float64Array {
  checkRange("gibbsKernel", "cutoff", cutoff, MIN_GIBBS_CUTOFF, 1, "fraction of k-space kept");
  checkRange("gibbsKernel", "lobes", lobes, 1, 1e4);
  if (cutoff === 1) return Float64Array.of(1);
  const R = Math.ceil(lobes / cutoff);
  const k = new Float64Array(2 * R + 1);
  let sum = 0;
  for (let t = -R; t <= R; t++) {
    const w = t === 0 ? cutoff : sin(Math.PI * cutoff * t) / (Math.PI * t);
    k[t + R] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/** The ringing along an axis of n voxels (null for cutoff 1). */
export function gibbsOperator(n: number, cutoff: number): AxisOperator | null {
  const k = gibbsKernel(cutoff);
  if (k.length === 1) return null;
  const r = (k.length - 1) / 2;
  return buildOperator(n, n, (o, idx, w) => {
    for (let t = -r; t <= r; t++) {
      idx.push(Math.min(n - 1, Math.max(0, o + t)));
      w.push(k[t + r]);
    }
  });
}

export function gibbsRinging(image: Volume<Float32Array>, params: GibbsParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkGibbsParams(params, "gibbsRinging");
  const o = outputFor(image, out, "gibbsRinging");
  const ops = [0, 1, 2].map((a) => (params.axes.includes(a as 0 | 1 | 2) ? gibbsOperator(o.dims[a], params.cutoff) : null)) as [
    AxisOperator | null,
    AxisOperator | null,
    AxisOperator | null,
  ];
  const res = applySeparable(o.data, new Float32Array(o.data.length), o.dims, ops);
  if (res !== o.data) o.data.set(res);
  return o;
}
