/**
 * Which pathologies a branch carries, decided when it starts to grow, and the radius profile
 * they impose along it. Stenoses and fusiform aneurysms scale the radius by a smooth cosine
 * bump (1 ∓ severity · bump); they are kept off the branch's first and last node so that
 * Murray's law still holds exactly at every bifurcation.
 */
import type { Rng } from "../random/index.js";
import type { GrowParams } from "./params.js";
import { LABEL_CLASS, type LabelClass } from "./tree.js";
import { cos } from "../math/index.js";

export interface Bump {
  /** Arc position of its centre, from the branch's start node. */
  centre: number;
  /** Half its length. */
  half: number;
  severity: number;
}

export interface BranchPlan {
  /** Occluded: the branch stops after `growFraction` of its length and has no subtree. */
  occluded: boolean;
  growFraction: number;
  stenosis: Bump | null;
  fusiform: Bump | null;
  /** Severity of a saccular aneurysm to hang beside the branch's middle node. */
  saccular: number | null;
  /** A coiling or kinking branch: wiggle amplitude on the tortuosity scale, helical or planar. */
  tortuous: { severity: number; helix: boolean } | null;
}

/**
 * The plan of a branch of start radius r and intended length L whose first segment ends at
 * arc t0 (0 for a root). Draws a fixed number of numbers from `rng`, whatever is decided.
 */
export function planBranch(rng: Rng, p: GrowParams, generation: number, r: number, L: number, t0: number): BranchPlan {
  const u = Array.from({ length: 12 }, () => rng.next());
  const between = (x: number, lo: number, hi: number) => lo + (hi - lo) * x;
  const wantStenosis = u[0] < p.stenosisProbability;
  const wantAneurysm = u[1] < p.aneurysmProbability;
  const saccularShape = u[2] < p.aneurysmSaccular;
  const occluded = generation > 0 && u[3] < p.occlusionProbability;
  const growFraction = occluded ? between(u[4], 0.25, 0.6) : 1;
  const end = L * growFraction;
  const wantFusiform = wantAneurysm && !saccularShape;
  // Where bumps may sit: strictly inside (t0, end), the two halves when there are two.
  const bump = (x: number, severity: number, lengthRatio: number, lo: number, hi: number): Bump | null => {
    const room = hi - lo;
    if (!(room > 0)) return null;
    const centre = lo + room * between(x, 0.35, 0.65);
    const half = Math.min((lengthRatio * r) / 2, 0.9 * (centre - lo), 0.9 * (hi - centre));
    return half > 0 ? { centre, half, severity } : null;
  };
  const split = wantStenosis && wantFusiform ? (t0 + end) / 2 : end;
  const stenosis = wantStenosis ? bump(u[5], between(u[6], p.stenosisSeverityMin, p.stenosisSeverityMax), p.stenosisLength, t0, split) : null;
  const fusiform = wantFusiform
    ? bump(u[7], between(u[8], p.aneurysmSeverityMin, p.aneurysmSeverityMax), p.fusiformLength, wantStenosis ? split : t0, end)
    : null;
  const saccular = wantAneurysm && saccularShape ? between(u[8], p.aneurysmSeverityMin, p.aneurysmSeverityMax) : null;
  const tortuous = u[9] < p.tortuosityProbability ? { severity: between(u[10], p.tortuositySeverityMin, p.tortuositySeverityMax), helix: u[11] < 0.5 } : null;
  return { occluded, growFraction, stenosis, fusiform, saccular, tortuous };
}

/** 0.5·(1 + cos(π·x)) on |x| < 1, else 0. */
export function cosineBump(x: number): number {
  return Math.abs(x) < 1 ? 0.5 * (1 + cos(Math.PI * x)) : 0;
}

/** Radius factor and voxel class at arc position t of a branch with this plan. */
export function profileAt(plan: BranchPlan, t: number): { factor: number; label: LabelClass } {
  let factor = 1;
  let label: LabelClass = LABEL_CLASS.vessel;
  if (plan.stenosis) {
    const b = cosineBump((t - plan.stenosis.centre) / plan.stenosis.half);
    if (b > 0) {
      factor *= 1 - plan.stenosis.severity * b;
      label = LABEL_CLASS.stenosis;
    }
  }
  if (plan.fusiform) {
    const b = cosineBump((t - plan.fusiform.centre) / plan.fusiform.half);
    if (b > 0) {
      factor *= 1 + plan.fusiform.severity * b;
      label = LABEL_CLASS.aneurysm;
    }
  }
  return { factor, label };
}

/** The largest step that still resolves the plan's bumps near arc t (Infinity when none is near). */
export function stepLimit(plan: BranchPlan, t: number, step: number): number {
  let limit = Infinity;
  for (const b of [plan.stenosis, plan.fusiform]) {
    if (b && t + step > b.centre - b.half && t < b.centre + b.half) limit = Math.min(limit, b.half / 3);
  }
  return limit;
}
