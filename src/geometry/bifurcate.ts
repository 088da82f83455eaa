/**
 * Splits a branch at its end node into two daughters: radii by Murray's law (with the
 * asymmetry drawn for this bifurcation), angles from the radii (Murray–Zamir) plus jitter, in
 * a plane turned at random about the parent's direction (on a shell: the surface's tangent
 * plane). Both daughters' first segments are placed together, or neither is: a bifurcation
 * exists only when both fit, so Murray's law holds at every bifurcation of the tree.
 */
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";
import { addNode, type GrowState, type Tip } from "./growState.js";
import { daughterRadii, optimalAngles } from "./murray.js";
import { LABEL_CLASS } from "./tree.js";
import { cross, normalise, orthogonalise, perpendicular } from "./vec3.js";
import { cos, exp, sin } from "../math/index.js";

const DEG = Math.PI / 180;

/** The two daughter tips of branch `branch` ending at node `end` heading `dir`, or null when it cannot split. */
export function bifurcate(state: GrowState, branch: number, end: number, dir: Vec3, rng: Rng): [Tip, Tip] | null {
  const p = state.params;
  const node = state.nodes[end];
  const r0 = node.r;
  const share = 0.5 * (1 - p.asymmetry) * exp(p.asymmetrySpread * Math.max(-2, Math.min(2, rng.normal())));
  const radii = daughterRadii(r0, p.murrayExponent, share, p.minRadius);
  if (!radii) return null;
  const [r1, r2] = radii;
  const [theta1, theta2] = optimalAngles(r0, r1, r2);
  const n = state.domain.normal(node.p);
  const d = n ? orthogonalise(dir, n) : normalise(dir);
  const u = perpendicular(d);
  const v = cross(d, u);
  const h1 = p.stepRatio * r1,
    h2 = p.stepRatio * r2;

  for (let attempt = 0; attempt <= p.retries; attempt++) {
    let e: Vec3;
    if (n) {
      const side = normalise(cross(n, d), u);
      e = rng.chance(0.5) ? side : [-side[0], -side[1], -side[2]];
    } else {
      const phi = rng.uniform(0, 2 * Math.PI);
      const c = cos(phi),
        s = sin(phi);
      e = [c * u[0] + s * v[0], c * u[1] + s * v[1], c * u[2] + s * v[2]];
    }
    const a1 = Math.max(0, theta1 + rng.normal(0, p.angleJitter * DEG));
    const a2 = Math.max(0, theta2 + rng.normal(0, p.angleJitter * DEG));
    let d1 = rotateTowards(d, e, a1);
    let d2 = rotateTowards(d, e, -a2);
    if (attempt > p.retries / 2) {
      // Late attempts lean both daughters towards the interior (a vessel pressed against the boundary).
      const k = attempt / Math.max(1, p.retries);
      const inward = state.domain.inward(node.p);
      d1 = normalise([d1[0] + k * inward[0], d1[1] + k * inward[1], d1[2] + k * inward[2]], d1);
      d2 = normalise([d2[0] + k * inward[0], d2[1] + k * inward[1], d2[2] + k * inward[2]], d2);
    }
    if (n) {
      d1 = orthogonalise(d1, n);
      d2 = orthogonalise(d2, n);
    }
    const dom = state.domain;
    const c1 = dom.project([node.p[0] + h1 * d1[0], node.p[1] + h1 * d1[1], node.p[2] + h1 * d1[2]]);
    const c2 = dom.project([node.p[0] + h2 * d2[0], node.p[1] + h2 * d2[1], node.p[2] + h2 * d2[2]]);
    if (!dom.contains(c1[0], c1[1], c1[2], r1) || !dom.contains(c2[0], c2[1], c2[2], r2)) continue;
    const col = state.collider;
    if (!col.free(node.p[0], node.p[1], node.p[2], c1[0], c1[1], c1[2], r0, end)) continue;
    if (!col.free(node.p[0], node.p[1], node.p[2], c2[0], c2[1], c2[2], r0, end)) continue;
    return [daughter(state, branch, end, c1, r1, d1, h1), daughter(state, branch, end, c2, r2, d2, h2)];
  }
  return null;
}

function daughter(state: GrowState, parent: number, end: number, c: Vec3, r: number, dir: Vec3, h: number): Tip {
  const b = state.branches[parent];
  const branch = state.branches.length;
  state.branches.push({ nodes: [end], parent, generation: b.generation + 1, root: b.root });
  const node = addNode(state, c, r, end, branch, LABEL_CLASS.vessel);
  return { branch, node, dir, r, t0: h, extension: 0 };
}

/** cos(a)·d + sin(a)·e for unit d ⟂ unit e. */
function rotateTowards(d: Vec3, e: Vec3, a: number): Vec3 {
  const c = cos(a),
    s = sin(a);
  return normalise([c * d[0] + s * e[0], c * d[1] + s * e[1], c * d[2] + s * e[2]]);
}
