/**
 * The vessel tree as plain, serialisable data (see schema/tree.schema.json).
 *
 * - Nodes are points on vessel centrelines with a radius (both in the tree's `unit`).
 * - Every node but a root has a parent; the edge parent → node is one segment, drawn as a
 *   round cone (a capsule whose radius varies linearly from the parent's to the node's).
 * - A branch is the chain of nodes between two bifurcations (or a root / a terminal).
 * - Pathologies mark nodes (by index) so that label maps can give them their own class;
 *   saccular aneurysms are extra spheres ("blobs") attached beside a vessel.
 */
import type { Vec3 } from "../volume/index.js";

export const TREE_FORMAT = "vessel-lab/tree";
export const TREE_VERSION = 1;

export type LengthUnit = "mm" | "um";

export type PathologyKind = "stenosis" | "aneurysm" | "occlusion" | "tortuosity";

/** Voxel classes shared by the voxeliser and the label maps. */
export const LABEL_CLASS = { background: 0, vessel: 1, stenosis: 2, aneurysm: 3 } as const;
export type LabelClass = (typeof LABEL_CLASS)[keyof typeof LABEL_CLASS];

export interface TreeNode {
  /** Centreline position. */
  p: Vec3;
  /** Vessel radius at this node. */
  r: number;
  /** Index of the parent node, -1 for a root. */
  parent: number;
  /** Index of the branch this node belongs to. */
  branch: number;
  /** Voxel class of the segment ending at this node (LABEL_CLASS). */
  label: LabelClass;
}

export interface Branch {
  /** Node indices along the branch, from its start (the bifurcation node, shared with the parent branch) to its end. */
  nodes: number[];
  /** Index of the parent branch, -1 for a root branch. */
  parent: number;
  /** Bifurcation depth: 0 for a root branch. */
  generation: number;
  /** Which root (0-based) the branch descends from. */
  root: number;
}

export interface Pathology {
  kind: PathologyKind;
  /** The branch it affects. */
  branch: number;
  /** Affected node indices (for an aneurysm, the node it sits beside). */
  nodes: number[];
  /** 0..1: stenosis narrowing fraction; aneurysm dilation (radius / vessel radius − 1); tortuosity amplitude; occlusion 1. */
  severity: number;
  /** Extent along the vessel, in the tree's unit. */
  length: number;
  /** Aneurysm shape. */
  shape?: "saccular" | "fusiform";
}

/** A sphere that is not on a centreline (a saccular aneurysm sac). */
export interface Blob {
  c: Vec3;
  r: number;
  label: LabelClass;
  /** The node it hangs from. */
  node: number;
}

export interface VesselTree {
  format: typeof TREE_FORMAT;
  version: typeof TREE_VERSION;
  unit: LengthUnit;
  /** What made it: enough to make it again. */
  generator: { preset: string; seed: number; params: Record<string, unknown> };
  /** Axis-aligned box that holds every vessel, in `unit`. */
  bounds: { min: Vec3; max: Vec3 };
  nodes: TreeNode[];
  branches: Branch[];
  blobs: Blob[];
  pathologies: Pathology[];
}

/**
 * The geometric primitives the voxeliser draws: round cones packed PRIMITIVE_STRIDE floats
 * each — x0,y0,z0,r0, x1,y1,z1,r1, label, d0, d1 — one per segment and one (degenerate, both
 * ends equal) per blob. d0 and d1 are the path lengths from the root along the tree to each
 * end (the "flow distance" a TOF signal fades with).
 */
export interface Primitives {
  count: number;
  data: Float32Array;
}

export const PRIMITIVE_STRIDE = 11;

/** Path length from its root to every node, along the tree. Parents may come after children. */
export function pathLengths(tree: VesselTree): Float64Array {
  const n = tree.nodes.length;
  const d = new Float64Array(n).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (d[i] >= 0) continue;
    // Walk up to the first node with a known distance (or a root), then fill back down.
    let j = i;
    while (j >= 0 && d[j] < 0) {
      stack.push(j);
      j = tree.nodes[j].parent;
    }
    while (stack.length) {
      const k = stack.pop()!;
      const node = tree.nodes[k];
      if (node.parent < 0) d[k] = 0;
      else {
        const p = tree.nodes[node.parent].p;
        const dx = node.p[0] - p[0],
          dy = node.p[1] - p[1],
          dz = node.p[2] - p[2];
        d[k] = d[node.parent] + Math.sqrt(dx * dx + dy * dy + dz * dz); // √ is exact everywhere; Math.hypot need not be
      }
    }
  }
  return d;
}

export function treePrimitives(tree: VesselTree): Primitives {
  const segs = tree.nodes.filter((n) => n.parent >= 0).length;
  const count = segs + tree.blobs.length;
  const data = new Float32Array(count * PRIMITIVE_STRIDE);
  const dist = pathLengths(tree);
  let o = 0;
  tree.nodes.forEach((n, i) => {
    if (n.parent < 0) return;
    const a = tree.nodes[n.parent];
    data.set([a.p[0], a.p[1], a.p[2], a.r, n.p[0], n.p[1], n.p[2], n.r, n.label, dist[n.parent], dist[i]], o);
    o += PRIMITIVE_STRIDE;
  });
  for (const b of tree.blobs) {
    const d = dist[b.node] ?? 0;
    data.set([b.c[0], b.c[1], b.c[2], b.r, b.c[0], b.c[1], b.c[2], b.r, b.label, d, d], o);
    o += PRIMITIVE_STRIDE;
  }
  return { count, data };
}
