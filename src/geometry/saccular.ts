/**
 * A saccular aneurysm: a sphere (a "blob") beside a vessel, its neck overlapping the wall,
 * hung from the branch's middle node. Placed only where it fits (domain and clearance).
 */
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";
import type { GrowState } from "./growState.js";
import { LABEL_CLASS } from "./tree.js";
import { cross, normalise, perpendicular } from "./vec3.js";
import { cos, sin } from "../math/index.js";

/** Hangs a sac of radius r·(1 + severity) beside the middle of `branch`; returns its host node, or -1. */
export function placeSac(state: GrowState, branch: number, severity: number, rng: Rng): number {
  const list = state.branches[branch].nodes;
  if (list.length < 3) return -1;
  const k = Math.floor(list.length / 2);
  const host = list[k];
  const at = state.nodes[host];
  const before = state.nodes[list[k - 1]].p;
  const after = state.nodes[list[k + 1]].p;
  const tangent = normalise([after[0] - before[0], after[1] - before[1], after[2] - before[2]]);
  const u = perpendicular(tangent);
  const v = cross(tangent, u);
  const radius = at.r * (1 + severity);
  const offset = at.r + 0.6 * radius;
  for (let attempt = 0; attempt <= state.params.retries + 3; attempt++) {
    const phi = rng.uniform(0, 2 * Math.PI);
    const cp = cos(phi),
      sp = sin(phi);
    const c: Vec3 = [0, 1, 2].map((a) => at.p[a] + offset * (cp * u[a] + sp * v[a])) as Vec3;
    if (!state.domain.contains(c[0], c[1], c[2], radius)) continue;
    if (!state.collider.free(c[0], c[1], c[2], c[0], c[1], c[2], radius, host)) continue;
    state.blobs.push({ c, r: radius, label: LABEL_CLASS.aneurysm, node: host });
    state.collider.addSphere(c, radius, host);
    at.label = LABEL_CLASS.aneurysm;
    return host;
  }
  return -1;
}
