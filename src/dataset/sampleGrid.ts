import type { VesselTree } from "../geometry/index.js";
import type { Vec3 } from "../volume/index.js";
import { gridForTree, type GridSpec } from "../voxel/index.js";
import type { SampleSpec } from "./sampleSpec.js";

/**
 * The grid of a sample: the whole tree (`fit`), or a size³ patch of isotropic voxels centred
 * on one of the tree's nodes (moved by the spec's shift), slid back inside the tree's bounds
 * along any axis where the tree is larger than the patch (centred on the tree where it is smaller),
 * so the patch holds vessels and as little empty margin as the tree allows.
 */
export function sampleGrid(tree: VesselTree, spec: Pick<SampleSpec, "size" | "voxel">): GridSpec {
  const { size, voxel } = spec;
  if (voxel.kind === "fit") return gridForTree(tree, { size });
  const h = voxel.voxelSize;
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`voxel.voxelSize = ${h}; give a positive voxel size`);
  const half = (h * (size - 1)) / 2;
  const node = tree.nodes[Math.min(tree.nodes.length - 1, Math.floor(voxel.node * tree.nodes.length))];
  const { min, max } = tree.bounds;
  const origin = [0, 1, 2].map((a) => {
    let c = (node ? node.p[a] : (min[a] + max[a]) / 2) + voxel.shift[a] * 2 * half;
    if (max[a] - min[a] <= 2 * half) c = (min[a] + max[a]) / 2;
    else c = Math.min(max[a] - half, Math.max(min[a] + half, c));
    return c - half;
  }) as Vec3;
  return { dims: [size, size, size], spacing: [h, h, h], origin };
}
