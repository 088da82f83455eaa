// Brute-force checks of grown trees, written independently of the grower's spatial index.
import { segmentDistanceSq, type VesselTree } from "../../src/geometry/index.js";

export interface Piece {
  a: [number, number, number];
  b: [number, number, number];
  r: number;
  /** Tree nodes at its ends (a sac: its host node, twice). */
  ends: [number, number];
  what: string;
}

/** Segments (capsules of their larger end radius) and sacs (spheres). */
export function pieces(tree: VesselTree): Piece[] {
  const out: Piece[] = [];
  tree.nodes.forEach((n, i) => {
    if (n.parent < 0) return;
    const a = tree.nodes[n.parent];
    out.push({ a: a.p, b: n.p, r: Math.max(a.r, n.r), ends: [n.parent, i], what: `segment ${n.parent}→${i}` });
  });
  tree.blobs.forEach((b, i) => out.push({ a: b.c, b: b.c, r: b.r, ends: [b.node, b.node], what: `sac ${i} on node ${b.node}` }));
  return out;
}

/** Path length along the tree between two nodes (Infinity across roots). */
export function pathLength(tree: VesselTree, u: number, v: number): number {
  const arc = arcLengths(tree);
  const seen = new Set<number>();
  for (let x = u; x >= 0; x = tree.nodes[x].parent) seen.add(x);
  for (let x = v; x >= 0; x = tree.nodes[x].parent) if (seen.has(x)) return arc[u] + arc[v] - 2 * arc[x];
  return Infinity;
}

const arcCache = new WeakMap<VesselTree, number[]>();
function arcLengths(tree: VesselTree): number[] {
  let arc = arcCache.get(tree);
  if (arc) return arc;
  arc = [];
  for (const n of tree.nodes) {
    if (n.parent < 0) arc.push(0);
    else {
      const a = tree.nodes[n.parent];
      arc.push(arc[n.parent] + Math.hypot(n.p[0] - a.p[0], n.p[1] - a.p[1], n.p[2] - a.p[2]));
    }
  }
  arcCache.set(tree, arc);
  return arc;
}

/**
 * Pairs of pieces closer than `clearance` wall to wall that are not neighbours along the tree
 * (path between their nearest ends ≥ 2·(r_a + r_b) + clearance). Empty when the tree is clean.
 */
export function clearanceViolations(tree: VesselTree, clearance: number, limit = 5): string[] {
  const ps = pieces(tree);
  const bad: string[] = [];
  for (let i = 0; i < ps.length && bad.length < limit; i++) {
    const p = ps[i];
    for (let j = i + 1; j < ps.length; j++) {
      const q = ps[j];
      const reach = p.r + q.r + clearance - 1e-9;
      const d2 = segmentDistanceSq(...p.a, ...p.b, ...q.a, ...q.b);
      if (d2 >= reach * reach) continue;
      let gap = Infinity;
      for (const u of p.ends) for (const v of q.ends) gap = Math.min(gap, pathLength(tree, u, v));
      if (gap < 2 * (p.r + q.r) + clearance) continue;
      bad.push(`${p.what} and ${q.what}: wall gap ${(Math.sqrt(d2) - p.r - q.r).toPrecision(4)} < ${clearance}, path gap ${gap.toPrecision(4)}`);
      if (bad.length >= limit) break;
    }
  }
  return bad;
}

/** Every number in the tree is finite. */
export function allFinite(tree: VesselTree): boolean {
  const ok = (x: number) => Number.isFinite(x);
  return (
    tree.nodes.every((n) => n.p.every(ok) && ok(n.r)) &&
    tree.blobs.every((b) => b.c.every(ok) && ok(b.r)) &&
    tree.pathologies.every((p) => ok(p.severity) && ok(p.length)) &&
    [...tree.bounds.min, ...tree.bounds.max].every(ok)
  );
}

export function segmentCount(tree: VesselTree): number {
  return tree.nodes.filter((n) => n.parent >= 0).length;
}
