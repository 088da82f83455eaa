/**
 * Motion artefacts, along one axis:
 * - "ghost": MR ghosting; shifted, attenuated copies of the image along the phase-encode axis,
 *   wrapping around the field of view. Each ghost takes `amplitude` of the signal, so the total
 *   is kept: out = (1 − Σa)·in + Σ a·in(x − shift).
 * - "blur": motion during acquisition; a box average `length` voxels long (fractional ends).
 */
import type { Volume } from "../../volume/index.js";
import { applySeparable } from "../internal/applyAxis.js";
import { buildOperator, type AxisOperator } from "../internal/axisOperator.js";
import { checkAxis, checkRange, outputFor } from "../internal/grid.js";
import type { MotionParams } from "../params.js";

export const MAX_MOTION_LENGTH = 32;

export function checkMotionParams(p: MotionParams, fn: string): void {
  if (p.kind !== "none" && p.kind !== "ghost" && p.kind !== "blur")
    throw new RangeError(`${fn}: motion.kind = ${JSON.stringify(p.kind)}; give "none", "ghost" or "blur"`);
  checkAxis(fn, "motion.axis", p.axis);
  if (!Array.isArray(p.ghosts)) throw new TypeError(`${fn}: motion.ghosts must be an array`);
  let total = 0;
  p.ghosts.forEach((g, n) => {
    checkRange(fn, `motion.ghosts[${n}].shift`, g.shift, -1, 1, "fraction of the field of view");
    checkRange(fn, `motion.ghosts[${n}].amplitude`, g.amplitude, 0, 1);
    total += g.amplitude;
  });
  if (total > 1) throw new RangeError(`${fn}: motion.ghosts amplitudes sum to ${total}; keep the sum at most 1`);
  checkRange(fn, "motion.length", p.length, 1, MAX_MOTION_LENGTH, "voxels");
}

/** The operator along `params.axis` (of n voxels), or null when the motion does nothing. */
export function motionOperator(n: number, params: MotionParams): AxisOperator | null {
  checkMotionParams(params, "motionOperator");
  if (params.kind === "ghost") {
    const ghosts = params.ghosts.filter((g) => g.amplitude > 0);
    if (ghosts.length === 0) return null;
    const keep = 1 - ghosts.reduce((s, g) => s + g.amplitude, 0);
    return buildOperator(n, n, (o, idx, w) => {
      idx.push(o);
      w.push(keep);
      for (const g of ghosts) {
        const shift = Math.round(g.shift * n);
        idx.push((((o - shift) % n) + n) % n);
        w.push(g.amplitude);
      }
    });
  }
  if (params.kind === "blur" && params.length > 1) {
    const half = params.length / 2;
    const r = Math.ceil(half - 0.5);
    return buildOperator(n, n, (o, idx, w) => {
      for (let t = -r; t <= r; t++) {
        const overlap = Math.min(half, t + 0.5) - Math.max(-half, t - 0.5);
        if (overlap <= 0) continue;
        idx.push(Math.min(n - 1, Math.max(0, o + t)));
        w.push(overlap / params.length);
      }
    });
  }
  return null;
}

export function motion(image: Volume<Float32Array>, params: MotionParams, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkMotionParams(params, "motion");
  const o = outputFor(image, out, "motion");
  const op = motionOperator(o.dims[params.axis], params);
  if (!op) return o;
  const ops: [AxisOperator | null, AxisOperator | null, AxisOperator | null] = [null, null, null];
  ops[params.axis] = op;
  const res = applySeparable(o.data, new Float32Array(o.data.length), o.dims, ops);
  if (res !== o.data) o.data.set(res);
  return o;
}
