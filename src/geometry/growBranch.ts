/**
 * Grows one branch as a smooth curve, a segment at a time. A base curve turns at a rate that
 * drifts smoothly (an Ornstein–Uhlenbeck process on the curvature vector, so the curvature is
 * continuous); the centreline adds a sinusoidal or helical wiggle about it (tortuosity). The
 * radius tapers along the branch and follows the plan's stenosis and fusiform bumps. A step
 * that would leave the domain or hit another vessel is retried in other directions; when all
 * retries fail the branch stops there.
 */
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";
import { addNode, type GrowState, type Tip } from "./growState.js";
import { cosineBump, planBranch, profileAt, stepLimit, type BranchPlan } from "./pathology.js";
import { cross, normalise, orthogonalise, perpendicular } from "./vec3.js";
import { cos, exp, sin } from "../math/index.js";

export interface GrownBranch {
  plan: BranchPlan;
  /** Intended length (before an occlusion cut it). */
  length: number;
  /** Arc length reached. */
  reached: number;
  /** True when it reached its planned end (not blocked, not out of budget). */
  complete: boolean;
  /** Direction of its last segment. */
  dir: Vec3;
  /** Largest bump (0..1) reached by a placed node: severity × this is what the tree shows. */
  peak: { stenosis: number; fusiform: number };
}

/** Hard cap on the steps of one branch, whatever the parameters. */
const MAX_STEPS = 2000;
const HEALTHY: BranchPlan = { occluded: false, growFraction: 1, stenosis: null, fusiform: null, saccular: null, tortuous: null };
const DEG = Math.PI / 180;

export function growBranch(state: GrowState, tip: Tip, rng: Rng, pathRng: Rng): GrownBranch {
  const p = state.params;
  const branch = state.branches[tip.branch];
  const r0 = tip.r;
  const spread = exp(p.lengthSpread * Math.max(-2, Math.min(2, rng.normal())));
  // An extension (a branch grown further because it could not split where it ended) is
  // half as long and healthy: its pathologies were planned with the branch.
  const length = tip.extension > 0 ? 0.5 * p.lengthRatio * r0 : p.lengthRatio * r0 * spread;
  const plan = tip.extension > 0 ? HEALTHY : planBranch(pathRng, p, branch.generation, r0, length, tip.t0);
  const end = length * plan.growFraction;
  const lambda = p.waveRatio * r0 * (plan.tortuous ? 0.6 : 1);
  const amplitude = ((plan.tortuous ? plan.tortuous.severity : p.tortuosity) * lambda) / Math.PI;
  const helix = plan.tortuous?.helix ? 1 : 0;
  const omega = (2 * Math.PI) / lambda;
  const phase = rng.uniform(0, 2 * Math.PI);
  const sigma = p.curvature * DEG;
  const healthy = (t: number) => Math.max(p.minRadius, r0 * (1 - (p.taper * t) / length));

  const start = state.nodes[tip.node].p;
  let base: Vec3 = [...start];
  let T = normalise(tip.dir);
  let U = perpendicular(T);
  let V = cross(T, U);
  let wu = 0,
    wv = 0;
  let ampScale = 1;
  let t = tip.t0;
  let last = tip.node;
  let dir = T;
  let complete = true;
  const peak = { stenosis: 0, fusiform: 0 };

  for (let steps = 0; t < end - 1e-9 * end; steps++) {
    if (steps >= MAX_STEPS || state.segments >= p.maxSegments) {
      complete = false;
      break;
    }
    const rHere = healthy(t);
    let h = p.stepRatio * rHere;
    if (amplitude > 0) h = Math.min(h, lambda / 8);
    h = Math.min(h, stepLimit(plan, t, h));
    if (t + 1.25 * h >= end) h = end - t;
    const tNext = t + h;
    const { factor, label } = profileAt(plan, tNext);
    const rNext = healthy(tNext) * factor;

    // Smooth drift of the turning rate (rad per radius), then the turn over this step.
    const rho = exp(-h / (4 * rHere));
    const kick = Math.sqrt(1 - rho * rho) * sigma;
    wu = rho * wu + kick * rng.normal();
    wv = rho * wv + kick * rng.normal();
    const turn = h / rHere;
    let want = normalise([T[0] + turn * (wu * U[0] + wv * V[0]), T[1] + turn * (wu * U[1] + wv * V[1]), T[2] + turn * (wu * U[2] + wv * V[2])], T);
    const n = state.domain.normal(base);
    if (n) want = orthogonalise(want, n);

    const prev = state.nodes[last];
    let placed = false;
    let outside = false;
    for (let attempt = 0; attempt <= p.retries && !placed; attempt++) {
      let d = want;
      if (attempt > 0) {
        const k = 0.35 * attempt;
        const away = outside ? state.domain.inward(base) : [rng.normal(), rng.normal(), rng.normal()];
        const m = outside ? k : k / Math.max(1e-9, Math.sqrt(away[0] * away[0] + away[1] * away[1] + away[2] * away[2]));
        d = normalise([want[0] + m * away[0], want[1] + m * away[1], want[2] + m * away[2]], want);
        if (n) d = orthogonalise(d, n);
        ampScale *= 0.6;
      }
      const nb = state.domain.project([base[0] + h * d[0], base[1] + h * d[1], base[2] + h * d[2]]);
      const nu = orthogonalise(U, d);
      const nv = cross(d, nu);
      const ramp = smoothstep((tNext - tip.t0) / (lambda / 2));
      const a = amplitude * ramp * ampScale;
      const s = sin(omega * (tNext - tip.t0) + phase) * a;
      const c = helix * cos(omega * (tNext - tip.t0) + phase) * a;
      const q = state.domain.project([nb[0] + s * nu[0] + c * nv[0], nb[1] + s * nu[1] + c * nv[1], nb[2] + s * nu[2] + c * nv[2]]);
      if (!state.domain.contains(q[0], q[1], q[2], rNext)) {
        outside = true;
        continue;
      }
      outside = false;
      if (!state.collider.free(prev.p[0], prev.p[1], prev.p[2], q[0], q[1], q[2], Math.max(prev.r, rNext), last)) continue;
      last = addNode(state, q, rNext, last, tip.branch, label);
      dir = normalise([q[0] - prev.p[0], q[1] - prev.p[1], q[2] - prev.p[2]], T);
      base = nb;
      T = d;
      U = nu;
      V = nv;
      t = tNext;
      placed = true;
      if (plan.stenosis) peak.stenosis = Math.max(peak.stenosis, cosineBump((t - plan.stenosis.centre) / plan.stenosis.half));
      if (plan.fusiform) peak.fusiform = Math.max(peak.fusiform, cosineBump((t - plan.fusiform.centre) / plan.fusiform.half));
    }
    if (!placed) {
      complete = false;
      break;
    }
    ampScale = Math.min(1, ampScale + h / lambda);
  }
  return { plan, length, reached: t, complete, dir, peak };
}

function smoothstep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}
