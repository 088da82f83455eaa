/**
 * Resolution and slice thickness: along each axis the image is averaged over acquired voxels
 * `factor` grid voxels wide (box profile, fractional overlaps exact), sampled once per
 * acquired voxel, and interpolated back onto the grid linearly, as a scanner with coarser
 * voxels followed by resampling would give. resolution() composes both into one operator per
 * axis; synthesiseImage applies the box averages first and the interpolations last, so that the
 * other acquisition operators run on the smaller, acquired grid.
 */
import type { Volume } from "../../volume/index.js";
import { applySeparable } from "../internal/applyAxis.js";
import { buildOperator, composeOperators, perAxis, type AxisOperator } from "../internal/axisOperator.js";
import { checkRange, outputFor } from "../internal/grid.js";
import type { ResolutionParams } from "../params.js";

export function checkResolutionParams(p: ResolutionParams, fn: string): void {
  for (let a = 0; a < 3; a++) checkRange(fn, `resolution.factor[${a}]`, p.factor[a], 1, 64, "acquired voxel ÷ grid voxel, at least 1");
}

/** The number of acquired voxels along an axis of n grid voxels. */
export function acquiredSize(n: number, factor: number): number {
  return Math.max(1, Math.round(n / factor));
}

/** Box average of n grid voxels onto acquiredSize(n, factor) acquired voxels (each n / M grid voxels wide). */
export function resolutionDownOperator(n: number, factor: number): AxisOperator {
  checkRange("resolutionDownOperator", "factor", factor, 1, 64);
  const M = acquiredSize(n, factor);
  const s = n / M;
  return buildOperator(n, M, (m, idx, w) => {
    const a = m * s,
      b = (m + 1) * s;
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 1e-12) {
        idx.push(i);
        w.push(overlap / s);
      }
    }
  });
}

/** Linear interpolation from the acquired voxels' centres back to the n grid voxels. */
export function resolutionUpOperator(n: number, factor: number): AxisOperator {
  checkRange("resolutionUpOperator", "factor", factor, 1, 64);
  const M = acquiredSize(n, factor);
  const s = n / M;
  return buildOperator(M, n, (i, idx, w) => {
    const u = (i + 0.5) / s - 0.5;
    const p = Math.floor(u),
      f = u - p;
    if (p < 0) {
      idx.push(0);
      w.push(1);
    } else if (p >= M - 1) {
      idx.push(M - 1);
      w.push(1);
    } else {
      idx.push(p, p + 1);
      w.push(1 - f, f);
    }
  });
}

/** Down, then up: the whole effect along one axis as one n → n operator. */
export function resolutionOperator(n: number, factor: number): AxisOperator {
  return composeOperators(resolutionDownOperator(n, factor), resolutionUpOperator(n, factor));
}

export function resolution(image: Volume<Float32Array>, params: ResolutionParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkResolutionParams(params, "resolution");
  const o = outputFor(image, out, "resolution");
  const ops = perAxis((a) => (params.factor[a] > 1 ? resolutionOperator(o.dims[a], params.factor[a]) : null));
  const res = applySeparable(o.data, new Float32Array(o.data.length), o.dims, ops);
  if (res !== o.data) o.data.set(res);
  return o;
}
