import { growTree, type VesselTree } from "../src/geometry/index.js";

/**
 * A brain-preset tree with about `target` segments (within 10 %): terminals are scaled until
 * the count fits, with thinner vessels allowed (min radius 0.1 mm) for large targets, since
 * the preset's 0.3 mm floor saturates near 1,800 segments. Growth is deterministic, so this is
 * the same tree every run.
 */
export function treeWithSegments(target: number, seed = 7): VesselTree {
  const base = target > 1500 ? { minRadius: 0.1 } : {};
  let terminals = Math.max(1, Math.round(target / 8));
  let tree = growTree({ preset: "brain", seed, params: { ...base, terminals } });
  for (let i = 0; i < 12; i++) {
    const segs = tree.nodes.filter((n) => n.parent >= 0).length;
    if (Math.abs(segs - target) <= 0.1 * target) return tree;
    terminals = Math.min(20_000, Math.max(1, Math.round((terminals * target) / Math.max(1, segs))));
    tree = growTree({ preset: "brain", seed, params: { ...base, terminals } });
  }
  const segs = tree.nodes.filter((n) => n.parent >= 0).length;
  throw new Error(`treeWithSegments: could not reach ${target} segments (got ${segs})`);
}
