import { growTree, type GrowParams, type VesselTree } from "../src/geometry/index.js";

const segmentsOf = (tree: VesselTree) => tree.nodes.filter((n) => n.parent >= 0).length;

/**
 * Brain-preset parameters whose tree (seed 7) has about `target` segments, within 5 %:
 * terminals are scaled until the count fits, with thinner vessels allowed (min radius 0.1 mm),
 * since the preset's own floor saturates near 1,800 segments. Growth is deterministic, so this
 * is the same tree every run.
 */
export function paramsForSegments(target: number, seed = 7): Partial<GrowParams> {
  let terminals = Math.max(1, Math.round(target / 8));
  for (let i = 0; i < 12; i++) {
    const n = segmentsOf(growTree({ preset: "brain", seed, params: { terminals, minRadius: 0.1 } }));
    if (Math.abs(n - target) <= 0.05 * target) return { terminals, minRadius: 0.1 };
    terminals = Math.min(20_000, Math.max(1, Math.round((terminals * target) / Math.max(1, n))));
  }
  throw new Error(`paramsForSegments: could not reach ${target} segments`);
}

/** The default brain tree (about 1,000 segments) for targets up to 1,500, else a tree from paramsForSegments. */
export function treeWithSegments(target: number, seed = 7): VesselTree {
  return growTree({ preset: "brain", seed, params: target > 1500 ? paramsForSegments(target, seed) : {} });
}

export { segmentsOf };
