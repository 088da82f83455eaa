import { growTree, type VesselTree } from "../src/geometry/index.js";

/**
 * A brain-preset tree with about `target` segments: the number of terminals is scaled until
 * the segment count is within 10 % (growth is deterministic, so this is the same tree every run).
 */
export function treeWithSegments(target: number, seed = 7): VesselTree {
  let terminals = Math.max(1, Math.round(target / 8));
  let tree = growTree({ preset: "brain", seed, params: { terminals } });
  for (let i = 0; i < 12; i++) {
    const segs = tree.nodes.filter((n) => n.parent >= 0).length;
    if (Math.abs(segs - target) <= 0.1 * target) break;
    terminals = Math.max(1, Math.round((terminals * target) / Math.max(1, segs)));
    tree = growTree({ preset: "brain", seed, params: { terminals } });
  }
  return tree;
}
