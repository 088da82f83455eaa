/**
 * Label maps from a binary vessel mask instead of a tree, so that a real vessel geometry (a mask
 * drawn on a real scan) can be imaged like a grown one. Every map keeps the mask's dims, spacing
 * and affine. The mask is binarised at value > 0 (0/1, 0/255, probabilities and float labels
 * alike; NaN and negative values are background).
 *
 * - fraction: the binary mask itself, 0 or 1, not anti-aliased. A mask holds no sub-voxel
 *   information, and smoothing would invent some: a 3-voxel box filter leaves a vessel one voxel
 *   wide (common in real masks) at a fraction of 1/3 to 1/9, so it would be drawn fainter than
 *   the label claims and drop out of `binary` (fraction ≥ 0.5). With 0/1, binary is the mask
 *   exactly, and the image's PSF blur and resolution loss soften the staircase edges afterwards,
 *   as a scanner does.
 * - binary: the mask (fraction ≥ 0.5 holds exactly).
 * - classes: 1 (vessel) on the mask: a mask does not say where stenoses or aneurysms are, so no
 *   class gain applies.
 * - flow: distance from the mask's thickest point (maskFlow), so contrast fades away from the
 *   largest vessel as it does along a grown tree.
 * - centreline (labelMapsFromMask only): the topology-preserving skeleton of the mask
 *   (`skeletonize` of src/metrics). The imaging does not read it; it costs about 7 s on a mask of
 *   1.5 million vessel voxels, so imagingLabelsFromMask leaves it out.
 */
import { skeletonize } from "../metrics/index.js";
import { createVolume, voxelCount, type Volume } from "../volume/index.js";
import type { LabelMaps } from "./labelMaps.js";
import { maskFlow, maskVoxels } from "./maskFlow.js";

/** The most voxels a mask may hold (2²⁷ ≈ 134 million, 512³): imaging one takes about 25 bytes per voxel. */
export const MAX_MASK_VOXELS = 2 ** 27;

/** The label maps the imaging reads (LabelMaps without the centreline), and the flow's root voxel. */
export type MaskLabelMaps = Omit<LabelMaps, "centreline"> & { flowRoot: [number, number, number] };

/**
 * Throws unless `mask` is a Volume of at most MAX_MASK_VOXELS voxels with at least one voxel > 0;
 * the RangeError or TypeError starts with `name` (e.g. a flag and its file) and says the fix.
 * Returns the number of voxels > 0.
 */
export function checkMask(mask: Volume, name = "mask"): number {
  if (!mask || !ArrayBuffer.isView(mask.data) || !Array.isArray(mask.dims) || mask.dims.length !== 3) {
    throw new TypeError(`${name}: not a Volume ({data, dims, spacing, affine}); read the mask with readNifti`);
  }
  const { dims } = mask;
  if (!dims.every((d) => Number.isInteger(d) && d >= 1)) throw new RangeError(`${name}: dims ${dims.join("×")}; each dimension must be a positive integer`);
  const n = voxelCount(dims);
  if (n > MAX_MASK_VOXELS) {
    throw new RangeError(
      `${name}: ${dims.join("×")} = ${n.toLocaleString("en-US")} voxels, more than the ${MAX_MASK_VOXELS.toLocaleString("en-US")} a mask may hold; crop it to the vessels' bounding box (or resample it to larger voxels) first`,
    );
  }
  if (mask.data.length !== n) throw new RangeError(`${name}: ${mask.data.length} values for dims ${dims.join("×")} (${n} voxels); the volume is inconsistent`);
  let vessels = 0;
  const data = mask.data;
  for (let v = 0; v < n; v++) if (data[v] > 0) vessels++;
  if (vessels === 0) throw new RangeError(`${name}: no voxel is > 0, so there are no vessels to image; give a binary vessel mask (vessel > 0, background 0)`);
  return vessels;
}

/** fraction, binary, classes and flow from a mask (see above): what synthesiseImage reads. */
export function imagingLabelsFromMask(mask: Volume): MaskLabelMaps {
  checkMask(mask);
  const { dims, spacing, affine } = mask;
  const binary = createVolume(Uint8Array, dims, spacing, affine);
  const src = mask.data,
    b = binary.data;
  for (let v = 0; v < b.length; v++) b[v] = src[v] > 0 ? 1 : 0;
  const fraction = createVolume(Float32Array, dims, spacing, affine);
  fraction.data.set(b);
  const classes = createVolume(Uint8Array, dims, spacing, affine);
  classes.data.set(b);
  const { flow, root } = maskFlow(binary, maskVoxels(b));
  return { fraction, binary, classes, flow, flowRoot: root! };
}

/** Every label map from a mask: imagingLabelsFromMask's and the centreline (the mask's skeleton). */
export function labelMapsFromMask(mask: Volume): LabelMaps & { flowRoot: [number, number, number] } {
  const maps = imagingLabelsFromMask(mask);
  return { ...maps, centreline: maskCentreline(maps.binary) };
}

/** The skeleton of a binary volume as a Volume on its grid (1 on the centreline). */
export function maskCentreline(binary: Volume): Volume<Uint8Array> {
  const { data, dims, spacing } = skeletonize(binary);
  return { data, dims, spacing, affine: [...binary.affine] };
}
