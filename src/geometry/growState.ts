/**
 * The tree under construction: what the growth steps share, and the one way to add a node
 * (which also indexes its segment for the collision checks).
 */
import type { Vec3 } from "../volume/index.js";
import { createCollider, type Collider, type Topology } from "./collision.js";
import type { Domain } from "./domain.js";
import type { GrowParams } from "./params.js";
import { createSpatialGrid } from "./spatialGrid.js";
import type { Blob, Branch, LabelClass, Pathology, TreeNode } from "./tree.js";
import { distance } from "./vec3.js";

/** A branch waiting to grow: its nodes so far end at `node`, heading `dir`. */
export interface Tip {
  branch: number;
  node: number;
  dir: Vec3;
  /** Radius at the branch's start (its daughter radius). */
  r: number;
  /** Arc length already grown (the first segment of a daughter; 0 for a root). */
  t0: number;
  /** 0 for a new branch; k for its k-th extension after a bifurcation failed to fit. */
  extension: number;
}

export interface GrowState {
  params: GrowParams;
  domain: Domain;
  nodes: TreeNode[];
  topo: Topology;
  branches: Branch[];
  blobs: Blob[];
  pathologies: Pathology[];
  collider: Collider;
  /** Branches not (yet) split: the terminal count if growth stopped now. */
  openEnds: number;
  segments: number;
}

export function createGrowState(params: GrowParams, domain: Domain): GrowState {
  const baseCell = Math.max((params.stepRatio + 2) * params.minRadius, 1e-9 * Math.max(...domain.half));
  const topo: Topology = { parent: [], arc: [] };
  return {
    params,
    domain,
    nodes: [],
    topo,
    branches: [],
    blobs: [],
    pathologies: [],
    collider: createCollider(createSpatialGrid(baseCell), topo, params.clearance),
    openEnds: 0,
    segments: 0,
  };
}

/** Appends a node (and, unless it is a root, indexes the segment from its parent); returns its index. */
export function addNode(state: GrowState, p: Vec3, r: number, parent: number, branch: number, label: LabelClass): number {
  const index = state.nodes.length;
  state.nodes.push({ p, r, parent, branch, label });
  state.topo.parent.push(parent);
  if (parent < 0) {
    state.topo.arc.push(0);
  } else {
    const a = state.nodes[parent];
    state.topo.arc.push(state.topo.arc[parent] + distance(a.p, p));
    state.collider.addSegment(a.p, p, Math.max(a.r, r), index);
    state.segments++;
  }
  state.branches[branch].nodes.push(index);
  return index;
}
