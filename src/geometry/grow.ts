/**
 * growTree: seed + parameters → a vessel tree, the same bit for bit every time.
 *
 * Branches grow in order of decreasing radius (a heap), so the large vessels claim their space
 * first. Each branch grows as a smooth curve (growBranch), may carry pathologies (pathology),
 * and at its end splits in two (bifurcate) while the number of open ends is below the target
 * number of terminals. Every random draw comes from src/random, forked per branch, so that a
 * change in one branch does not reshuffle the others.
 */
import { createRng, type Rng } from "../random/index.js";
import type { Vec3, Volume } from "../volume/index.js";
import { bifurcate } from "./bifurcate.js";
import { createDomain } from "./domain.js";
import { growBranch, type GrownBranch } from "./growBranch.js";
import { addNode, createGrowState, type GrowState, type Tip } from "./growState.js";
import { createHeap } from "./heap.js";
import type { GrowParams } from "./params.js";
import { resolveParams } from "./resolveParams.js";
import { placeRoots } from "./roots.js";
import { placeSac } from "./saccular.js";
import { LABEL_CLASS, TREE_FORMAT, TREE_VERSION, type VesselTree } from "./tree.js";
import { pow } from "../math/index.js";

/** How many times a branch that could not split is grown further to try again. */
const MAX_EXTENSIONS = 3;

export interface GrowOptions {
  /** A name in PRESETS (default "brain"). */
  preset?: string;
  /** Any finite number (default 1). */
  seed?: number;
  /** Overrides of the preset's parameters. */
  params?: Partial<GrowParams>;
  /** The domain as a binary mask (voxels > 0 inside); sets params.domain to "mask". */
  mask?: Volume;
}

/** Grows a tree. Throws a RangeError naming the parameter when the options are invalid. */
export function growTree(options: GrowOptions = {}): VesselTree {
  const preset = options.preset ?? "brain";
  const seed = options.seed ?? 1;
  if (typeof seed !== "number" || !Number.isFinite(seed)) throw new RangeError(`seed = ${String(seed)}; give a finite number`);
  const params = resolveParams(preset, options.mask ? { ...options.params, domain: "mask" } : options.params);
  const domain = createDomain(params, options.mask);
  const state = createGrowState(params, domain);
  const rng = createRng(seed);
  const growRng = rng.fork("grow");
  const pathRng = rng.fork("pathology");
  const heap = createHeap<Tip>();

  for (const [i, root] of placeRoots(params, domain).entries()) {
    const branch = state.branches.length;
    state.branches.push({ nodes: [], parent: -1, generation: 0, root: i });
    const node = addNode(state, root.p, root.r, -1, branch, LABEL_CLASS.vessel);
    heap.push({ branch, node, dir: root.dir, r: root.r, t0: 0, extension: 0 }, root.r);
    state.openEnds++;
  }

  for (let tip = heap.pop(); tip; tip = heap.pop()) {
    if (state.segments >= params.maxSegments) break;
    const branchRng = growRng.fork(tip.extension > 0 ? `${tip.branch}+${tip.extension}` : tip.branch);
    const grown = growBranch(state, tip, branchRng, pathRng.fork(tip.branch));
    record(state, tip.branch, grown, pathRng.fork(`sac:${tip.branch}`));
    const nodes = state.branches[tip.branch].nodes;
    const end = nodes[nodes.length - 1];
    // A branch stopped by an obstacle may still split at its end: the daughters head elsewhere.
    // It does not split inside a stenosis or bulge it was stopped in (Murray's law applies to healthy ends).
    const canSplit =
      !grown.plan.occluded &&
      nodes.length > 1 &&
      state.nodes[end].label === LABEL_CLASS.vessel &&
      state.openEnds < params.terminals &&
      state.segments + 2 <= params.maxSegments;
    if (!canSplit) continue;
    const daughters = bifurcate(state, tip.branch, end, grown.dir, branchRng);
    if (!daughters) {
      // No room to split here: grow the branch a little further and try again there, so that
      // one awkward spot does not cost a large vessel its whole subtree.
      const r = state.nodes[end].r;
      if (grown.complete && tip.extension < MAX_EXTENSIONS && r >= pow(2, 1 / params.murrayExponent) * params.minRadius)
        heap.push({ branch: tip.branch, node: end, dir: grown.dir, r, t0: 0, extension: tip.extension + 1 }, r);
      continue;
    }
    state.openEnds++;
    for (const d of daughters) heap.push(d, d.r);
  }

  return {
    format: TREE_FORMAT,
    version: TREE_VERSION,
    unit: params.unit,
    generator: { preset, seed, params: { ...params } },
    bounds: bounds(state),
    nodes: state.nodes,
    branches: state.branches,
    blobs: state.blobs,
    pathologies: state.pathologies,
  };
}

/**
 * Records what the branch's plan put on it, as grown: a branch stopped part way through a
 * stenosis or bulge records the severity its nodes reached; a sac that found no room is left out.
 */
function record(state: GrowState, branch: number, grown: GrownBranch, rng: Rng): void {
  const { plan } = grown;
  const list = state.branches[branch].nodes;
  const marked = (label: number) => list.filter((i) => state.nodes[i].label === label);
  if (plan.stenosis) {
    const nodes = marked(LABEL_CLASS.stenosis);
    if (nodes.length > 0)
      state.pathologies.push({ kind: "stenosis", branch, nodes, severity: plan.stenosis.severity * grown.peak.stenosis, length: 2 * plan.stenosis.half });
  }
  if (plan.fusiform) {
    const nodes = marked(LABEL_CLASS.aneurysm);
    if (nodes.length > 0)
      state.pathologies.push({
        kind: "aneurysm",
        branch,
        nodes,
        severity: plan.fusiform.severity * grown.peak.fusiform,
        length: 2 * plan.fusiform.half,
        shape: "fusiform",
      });
  }
  if (plan.saccular !== null) {
    const host = placeSac(state, branch, plan.saccular, rng);
    if (host >= 0) {
      const sac = state.blobs[state.blobs.length - 1];
      state.pathologies.push({ kind: "aneurysm", branch, nodes: [host], severity: plan.saccular, length: 2 * sac.r, shape: "saccular" });
    }
  }
  if (plan.tortuous && list.length >= 3) {
    state.pathologies.push({ kind: "tortuosity", branch, nodes: list.slice(1), severity: plan.tortuous.severity, length: grown.reached });
  }
  if (plan.occluded) {
    state.pathologies.push({ kind: "occlusion", branch, nodes: [list[list.length - 1]], severity: 1, length: Math.max(0, grown.length - grown.reached) });
  }
}

function bounds(state: GrowState): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity],
    max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const extend = (c: Vec3, r: number) => {
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a], c[a] - r);
      max[a] = Math.max(max[a], c[a] + r);
    }
  };
  for (const n of state.nodes) extend(n.p, n.r);
  for (const b of state.blobs) extend(b.c, b.r);
  if (state.nodes.length === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min, max };
}
