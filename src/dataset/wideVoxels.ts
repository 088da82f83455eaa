/**
 * Samples that span real vessel scales and voxel shapes ("wide" voxels, the default of sampleSpec): instead of one
 * scanner voxel size, each sample draws the radius in voxels of the vessel at its centre (0.7 to 24, see
 * WIDE_VOXELS.radius), and a node of the tree whose radius gives a voxel size within the preset's widened range;
 * then, with the preset's probabilities, slices thicker than the in-plane voxels (ratio log-uniform up to the preset's
 * maximum, as thick-slice CT and MR and microscopy stacks are) and, for microscopy, a thin stack (a quarter of the
 * slices). So a large vessel filling a 64³ patch is part of the training world, not an exception, and so is a stack of
 * 16 slices of 5 µm under 1 µm pixels.
 */
import type { VesselTree } from "../geometry/index.js";
import { pow } from "../math/index.js";
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";

export interface WideVoxelPolicy {
  /** Slices thicker than the in-plane voxels: the probability, and the largest slice-to-in-plane ratio (drawn log-uniform from 1.25). */
  anisotropy: { p: number; max: number };
  /** A stack of a quarter of the slices (at least 8): the probability. */
  thin: number;
}

export const WIDE_VOXELS = {
  /**
   * The centre vessel's radius in in-plane voxels: log-uniform in `small` or, with probability `pLarge`, in `large`.
   * A patch holds many more centreline voxels of small vessels than of the one large vessel it is centred on, so half
   * the samples are centred on large ones for them to weigh in the training world as they do in real scans.
   */
  radius: { small: [0.7, 6] as const, large: [6, 24] as const, pLarge: 0.5 },
  /** How far the voxel size may leave the preset's scanner range: [lowest / zoomIn, highest × zoomOut]. */
  zoomIn: 24,
  zoomOut: 1.5,
};

/** The draws of one wide sample: plain JSON, recorded with the sample. */
export interface WideVoxelDraw {
  kind: "wide";
  /** Radius in in-plane voxels wanted for the vessel at the patch's centre. */
  targetRadius: number;
  /** Which of the admissible nodes (a fraction of their list). */
  node: number;
  /** Offset of the patch's centre from the node, in fractions of the patch's width. */
  shift: Vec3;
  /** Slice spacing over in-plane spacing (1: isotropic). */
  anisotropy: number;
  /** A thin stack: a quarter of the slices. */
  thin: boolean;
}

export function drawWideVoxels(policy: WideVoxelPolicy, rng: Rng): WideVoxelDraw {
  const { small, large, pLarge } = WIDE_VOXELS.radius;
  const [lo, hi] = rng.next() < pLarge ? large : small;
  const targetRadius = lo * pow(hi / lo, rng.next());
  const node = rng.next();
  const shift: Vec3 = [rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1)];
  const aniso = rng.next() < policy.anisotropy.p;
  const ratio = 1.25 * pow(policy.anisotropy.max / 1.25, rng.next());
  const thin = rng.next() < policy.thin;
  return { kind: "wide", targetRadius, node, shift, anisotropy: aniso ? ratio : 1, thin };
}

/**
 * The in-plane voxel size and the centre node of a wide sample: among the nodes whose radius over the target radius
 * gives a voxel size within [scanner[0] / zoomIn, scanner[1] × zoomOut], the one at fraction `draw.node` of them
 * (in node order); with none admissible, the node whose voxel size lies nearest the range, the size clamped to it.
 */
export function wideVoxelSize(tree: VesselTree, draw: WideVoxelDraw, scanner: readonly [number, number]): { voxelSize: number; node: number } {
  const hLo = scanner[0] / WIDE_VOXELS.zoomIn,
    hHi = scanner[1] * WIDE_VOXELS.zoomOut;
  const nodes = tree.nodes;
  if (nodes.length === 0) return { voxelSize: Math.sqrt(scanner[0] * scanner[1]), node: -1 };
  const admissible: number[] = [];
  let nearest = 0,
    nearestGap = Infinity;
  for (let i = 0; i < nodes.length; i++) {
    const h = nodes[i].r / draw.targetRadius;
    if (h >= hLo && h <= hHi) admissible.push(i);
    const gap = h < hLo ? Math.log(hLo / h) : h > hHi ? Math.log(h / hHi) : 0;
    if (gap < nearestGap) ((nearestGap = gap), (nearest = i));
  }
  const node = admissible.length ? admissible[Math.min(admissible.length - 1, Math.floor(draw.node * admissible.length))] : nearest;
  const h = nodes[node].r / draw.targetRadius;
  return { voxelSize: Math.min(hHi, Math.max(hLo, h)), node };
}
