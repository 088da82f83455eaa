import type { VesselTree } from "../geometry/index.js";
import type { Vec3 } from "../volume/index.js";
import { gridForTree, type GridSpec } from "../voxel/index.js";
import { SAMPLE_PRESETS, type VoxelPolicy } from "./samplePresets.js";
import type { SampleSpec } from "./sampleSpec.js";
import { wideVoxelSize } from "./wideVoxels.js";
import { likeDims } from "./likeScan.js";

/**
 * The grid of a sample: the whole tree (`fit`), a "wide" patch (see below), or a size³ patch of isotropic voxels centred
 * on one of the tree's nodes (moved by the spec's shift), slid back inside the tree's bounds
 * along any axis where the tree is larger than the patch (centred on the tree where it is smaller),
 * so the patch holds vessels and as little empty margin as the tree allows.
 */
export function sampleGrid(tree: VesselTree, spec: Pick<SampleSpec, "size" | "voxel"> & { preset?: SampleSpec["preset"] }): GridSpec {
  const { size, voxel } = spec;
  if (voxel.kind === "fit") return gridForTree(tree, { size });
  if (voxel.kind === "wide") {
    // A "wide" sample (wideVoxels.ts): the voxel size that gives the centre vessel its drawn radius in voxels, slices
    // `anisotropy` times as thick, a quarter of the slices for a thin stack; the patch centred on that vessel.
    if (!spec.preset) throw new RangeError("sampleGrid: a wide patch needs its sample preset (spec.preset), whose scanner voxel sizes bound it");
    const policy = SAMPLE_PRESETS[spec.preset].voxel as VoxelPolicy;
    const scanner = policy.kind === "patch" ? policy.voxelSize : ([1, 1] as const);
    const { voxelSize: h, node } = wideVoxelSize(tree, voxel, scanner);
    const dims: Vec3 = [size, size, voxel.thin ? Math.max(8, Math.round(size / 4)) : size];
    const spacing: Vec3 = [h, h, h * voxel.anisotropy];
    return { dims, spacing, origin: patchOrigin(tree, node, voxel.shift, dims, spacing) };
  }
  if (voxel.kind === "like") {
    // like a scan (likeScan.ts): its voxel shape and depth, the patch centred on a node drawn among all the tree's
    const dims = likeDims(size, voxel.depth);
    const spacing: Vec3 = [voxel.voxelSize, voxel.voxelSize, voxel.voxelSize * voxel.anisotropy];
    const node = Math.min(tree.nodes.length - 1, Math.floor(voxel.node * tree.nodes.length));
    return { dims, spacing, origin: patchOrigin(tree, node, voxel.shift, dims, spacing) };
  }
  const h = voxel.voxelSize;
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`voxel.voxelSize = ${h}; give a positive voxel size`);
  const node = Math.min(tree.nodes.length - 1, Math.floor(voxel.node * tree.nodes.length));
  const dims: Vec3 = [size, size, size];
  const spacing: Vec3 = [h, h, h];
  return { dims, spacing, origin: patchOrigin(tree, node, voxel.shift, dims, spacing) };
}

/** The origin of a patch centred on node `n` (moved by `shift` patch widths), slid inside the tree's bounds where the tree is larger. */
function patchOrigin(tree: VesselTree, n: number, shift: readonly number[], dims: Vec3, spacing: Vec3): Vec3 {
  const node = tree.nodes[n];
  const { min, max } = tree.bounds;
  return [0, 1, 2].map((a) => {
    const half = (spacing[a] * (dims[a] - 1)) / 2;
    let c = (node ? node.p[a] : (min[a] + max[a]) / 2) + shift[a] * 2 * half;
    if (max[a] - min[a] <= 2 * half) c = (min[a] + max[a]) / 2;
    else c = Math.min(max[a] - half, Math.max(min[a] + half, c));
    return c - half;
  }) as Vec3;
}
