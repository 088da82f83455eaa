/**
 * treeStats: what a tree looks like in numbers, for the page's plots, the CLI's --stats and
 * the comparison with real vessel masks. Lengths in the tree's unit, angles in degrees.
 */
import type { Vec3 } from "../volume/index.js";
import { distribution, type Distribution } from "./distribution.js";
import { murrayResidual } from "./murray.js";
import type { PathologyKind, VesselTree } from "./tree.js";
import { angleBetween, distance, sub } from "./vec3.js";

export interface TreeStats {
  unit: VesselTree["unit"];
  nodes: number;
  /** Node–parent edges. */
  segments: number;
  /** Nodes with two or more children. */
  bifurcations: number;
  /** Nodes other than roots with no child. */
  terminals: number;
  branches: number;
  roots: number;
  /** Sum of segment lengths. */
  totalLength: number;
  /**
   * Vessel volume: the sum of the segments' round-cone frusta, π·h·(r0² + r0·r1 + r1²)/3, plus
   * aneurysm sacs as whole spheres. A plain approximation: overlaps at joints are counted twice
   * and the caps of the capsules are left out; the two roughly cancel for gently curving vessels.
   */
  volume: number;
  /** Mean radius of each segment; percentiles and mean weighted by segment length (as a skeleton samples a vessel). */
  radius: Distribution;
  /** Path length of each branch (bifurcation or root to bifurcation or end). */
  branchLength: Distribution;
  /** Angle between the two daughters' first segments at each bifurcation (degrees). */
  bifurcationAngles: number[];
  /** Angle between the parent's last segment and each daughter's first (degrees). */
  branchingAngles: number[];
  /** |r0^γ − Σ ri^γ| / r0^γ at each bifurcation, γ = the tree's murrayExponent (3 if unknown). */
  murrayResidual: Distribution;
  tortuosity: {
    /** Path length / chord per branch of two segments or more. */
    distanceMetric: Distribution;
    /** Total turning angle / path length per branch of two segments or more (radians per unit). */
    sumOfAngles: Distribution;
  };
  /** Count of each kind of pathology. */
  pathologies: Partial<Record<PathologyKind, number>>;
}

export function treeStats(tree: VesselTree): TreeStats {
  const { nodes } = tree;
  const gamma = Number(tree.generator?.params?.murrayExponent ?? 3) || 3;
  const children: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    if (n.parent >= 0) children[n.parent].push(i);
  });

  let totalLength = 0,
    volume = 0;
  const segRadius: number[] = [],
    segLength: number[] = [];
  for (const n of nodes) {
    if (n.parent < 0) continue;
    const a = nodes[n.parent];
    const h = distance(a.p, n.p);
    totalLength += h;
    volume += (Math.PI * h * (a.r * a.r + a.r * n.r + n.r * n.r)) / 3;
    segRadius.push((a.r + n.r) / 2);
    segLength.push(h);
  }
  for (const b of tree.blobs) volume += (4 / 3) * Math.PI * b.r * b.r * b.r;

  const bifurcationAngles: number[] = [],
    branchingAngles: number[] = [],
    residuals: number[] = [];
  const deg = 180 / Math.PI;
  let bifurcations = 0;
  nodes.forEach((n, i) => {
    const kids = children[i];
    if (kids.length < 2) return;
    bifurcations++;
    residuals.push(
      murrayResidual(
        n.r,
        kids.map((k) => nodes[k].r),
        gamma,
      ),
    );
    const dirs = kids.map((k) => sub(nodes[k].p, n.p));
    if (kids.length === 2) bifurcationAngles.push(angleBetween(dirs[0], dirs[1]) * deg);
    if (n.parent >= 0) {
      const incoming = sub(n.p, nodes[n.parent].p);
      for (const d of dirs) branchingAngles.push(angleBetween(incoming, d) * deg);
    }
  });

  const branchLengths: number[] = [],
    dm: number[] = [],
    soam: number[] = [];
  for (const b of tree.branches) {
    const pts: Vec3[] = b.nodes.map((i) => nodes[i].p);
    let path = 0,
      turning = 0;
    for (let k = 1; k < pts.length; k++) {
      path += distance(pts[k - 1], pts[k]);
      if (k >= 2) turning += angleBetween(sub(pts[k - 1], pts[k - 2]), sub(pts[k], pts[k - 1]));
    }
    if (pts.length >= 2) branchLengths.push(path);
    if (pts.length >= 3 && path > 0) {
      const chord = distance(pts[0], pts[pts.length - 1]);
      if (chord > 0) dm.push(path / chord);
      soam.push(turning / path);
    }
  }

  const pathologies: Partial<Record<PathologyKind, number>> = {};
  for (const p of tree.pathologies) pathologies[p.kind] = (pathologies[p.kind] ?? 0) + 1;

  return {
    unit: tree.unit,
    nodes: nodes.length,
    segments: segLength.length,
    bifurcations,
    terminals: nodes.filter((n, i) => n.parent >= 0 && children[i].length === 0).length,
    branches: tree.branches.length,
    roots: nodes.filter((n) => n.parent < 0).length,
    totalLength,
    volume,
    radius: distribution(segRadius, segLength),
    branchLength: distribution(branchLengths),
    bifurcationAngles,
    branchingAngles,
    murrayResidual: distribution(residuals),
    tortuosity: { distanceMetric: distribution(dm), sumOfAngles: distribution(soam) },
    pathologies,
  };
}
