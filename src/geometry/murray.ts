/**
 * Murray's law at a bifurcation, r0^γ = r1^γ + r2^γ, and the branching angles that go with
 * the radii (Murray 1926; Zamir 1978: minimum pumping power and volume). Powers come from
 * src/math, which gives the same bits in every JavaScript engine.
 */
import { acos, pow } from "../math/index.js";

/**
 * Daughter radii [larger, smaller] of a parent of radius r0 whose smaller daughter takes
 * `share` (0 < share ≤ 1/2) of r0^γ. When that daughter would be thinner than rMin its share
 * is raised to make it exactly rMin; when even a symmetric split cannot reach rMin, null.
 */
export function daughterRadii(r0: number, gamma: number, share: number, rMin: number): [number, number] | null {
  const total = pow(r0, gamma);
  let s = Math.min(0.5, Math.max(0, share));
  let r2 = r0 * pow(s, 1 / gamma);
  if (r2 < rMin) {
    r2 = rMin;
    s = pow(rMin, gamma) / total;
    if (s > 0.5) return null;
  }
  const r1 = pow(total - pow(r2, gamma), 1 / gamma);
  if (!(r1 > 0) || !(r2 > 0)) return null;
  // At an even split rounding may leave r1 a hair below r2: order them, the sum is unchanged.
  return r1 >= r2 ? [r1, r2] : [r2, r1];
}

/**
 * Optimal angles (radians) between the parent's direction and each daughter's:
 * cos θ1 = (r0⁴ + r1⁴ − r2⁴) / (2 r0² r1²), cos θ2 = (r0⁴ + r2⁴ − r1⁴) / (2 r0² r2²).
 */
export function optimalAngles(r0: number, r1: number, r2: number): [number, number] {
  const a = r0 * r0 * r0 * r0,
    b = r1 * r1 * r1 * r1,
    c = r2 * r2 * r2 * r2;
  const cos1 = (a + b - c) / (2 * r0 * r0 * r1 * r1);
  const cos2 = (a + c - b) / (2 * r0 * r0 * r2 * r2);
  return [acos(clamp(cos1)), acos(clamp(cos2))];
}

/** |r0^γ − Σ ri^γ| / r0^γ: 0 when Murray's law holds exactly. */
export function murrayResidual(r0: number, daughters: readonly number[], gamma: number): number {
  const total = pow(r0, gamma);
  let sum = 0;
  for (const r of daughters) sum += pow(r, gamma);
  return Math.abs(total - sum) / total;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(-1, x));
}
