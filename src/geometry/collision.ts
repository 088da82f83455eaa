/**
 * Collision awareness: no vessel may come within `clearance` (wall to wall) of another,
 * except of its neighbours along the tree. Two pieces (segments or aneurysm sacs) are
 * neighbours when the path along the tree between their nearest ends is shorter than
 * 2·(r_a + r_b) + clearance, r being each piece's larger radius: consecutive segments of one
 * vessel, the segments around a bifurcation and a sac with its own vessel overlap by
 * construction and are exempt. Walls are measured on capsules of the larger end radius, which
 * contain the round cones, so the real gap is never smaller than the one checked.
 */
import type { Vec3 } from "../volume/index.js";
import type { SpatialGrid } from "./spatialGrid.js";
import { segmentDistanceSq } from "./vec3.js";

export interface Topology {
  /** Parent of each node, -1 for a root. */
  parent: number[];
  /** Path length from the node's root to each node. */
  arc: number[];
}

export interface Collider {
  /**
   * True when the capsule a–b of radius r, hanging from tree node `from` (at a, or the host
   * node of a sac), keeps its clearance from everything indexed that is not a neighbour.
   */
  free(ax: number, ay: number, az: number, bx: number, by: number, bz: number, r: number, from: number): boolean;
  /** Indexes the segment a → b (radius r) that ends at tree node `node`. */
  addSegment(a: Vec3, b: Vec3, r: number, node: number): void;
  /** Indexes a sphere at c of radius r hanging from tree node `host`. */
  addSphere(c: Vec3, r: number, host: number): void;
}

/** Path distance between two pieces whose path gap is below `limit`, else Infinity. */
function pathGap(topo: Topology, ancestors: readonly number[], dists: readonly number[], u: number, j: number, limit: number): number {
  const at = ancestors.indexOf(j);
  if (at >= 0) return dists[at];
  let x = u,
    acc = 0;
  while (x >= 0 && acc < limit) {
    const k = ancestors.indexOf(x);
    if (k >= 0) return acc + dists[k];
    const p = topo.parent[x];
    if (p < 0) break;
    acc += topo.arc[x] - topo.arc[p];
    x = p;
  }
  return Infinity;
}

export function createCollider(grid: SpatialGrid, topo: Topology, clearance: number): Collider {
  // Per indexed piece: its nearer (u) and farther (j) tree node; a sphere has u = j = host.
  const pieceU: number[] = [];
  const pieceJ: number[] = [];
  let rMax = 0;
  const ancestors: number[] = [];
  const dists: number[] = [];

  function collectAncestors(from: number, limit: number): void {
    ancestors.length = 0;
    dists.length = 0;
    let x = from,
      d = 0;
    while (x >= 0 && d < limit) {
      ancestors.push(x);
      dists.push(d);
      const p = topo.parent[x];
      if (p < 0) break;
      d += topo.arc[x] - topo.arc[p];
      x = p;
    }
  }

  return {
    free(ax, ay, az, bx, by, bz, r, from) {
      collectAncestors(from, 2 * (r + rMax) + clearance);
      const hit = grid.search(ax, ay, az, bx, by, bz, r, clearance, (id) => {
        const d = grid.data();
        const o = 7 * id;
        const rc = d[o + 6];
        const reach = r + rc + clearance;
        const dist2 = segmentDistanceSq(ax, ay, az, bx, by, bz, d[o], d[o + 1], d[o + 2], d[o + 3], d[o + 4], d[o + 5]);
        if (dist2 >= reach * reach) return false;
        const limit = 2 * (r + rc) + clearance;
        return pathGap(topo, ancestors, dists, pieceU[id], pieceJ[id], limit) >= limit;
      });
      return !hit;
    },
    addSegment(a, b, r, node) {
      grid.insert(a[0], a[1], a[2], b[0], b[1], b[2], r);
      pieceU.push(topo.parent[node]);
      pieceJ.push(node);
      rMax = Math.max(rMax, r);
    },
    addSphere(c, r, host) {
      grid.insert(c[0], c[1], c[2], c[0], c[1], c[2], r);
      pieceU.push(host);
      pieceJ.push(host);
      rMax = Math.max(rMax, r);
    },
  };
}
