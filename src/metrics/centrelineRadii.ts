import { distanceTransform } from "./distanceTransform.js";
import { binarize, type VoxelGrid } from "./mask.js";
import { skeletonizeMask } from "./skeletonize.js";

/**
 * The radius of a vessel mask along its centreline: at every voxel of its skeleton (skeletonize), the Euclidean
 * distance (mm, anisotropic spacing respected) to the nearest background voxel, as scipy's distance_transform_edt
 * gives it; `inVoxels` divides by the finest voxel side. The estimator the coverage benchmark applies alike to
 * synthetic labels and real masks. An empty mask gives no radii.
 */
export function centrelineRadii(mask: VoxelGrid, { inVoxels = false } = {}): Float64Array {
  const binary = binarize(mask);
  const skeleton = skeletonizeMask(binary);
  // distance to the background = distance transform of the inverted mask (distances to its feature voxels)
  const inverted = { data: binary.data.map((v) => (v ? 0 : 1)), dims: binary.dims, spacing: binary.spacing };
  const distance = distanceTransform(inverted);
  const unit = inVoxels ? Math.min(...mask.spacing) : 1;
  let n = 0;
  for (const s of skeleton.data) n += s ? 1 : 0;
  const radii = new Float64Array(n);
  for (let v = 0, i = 0; v < skeleton.data.length; v++) if (skeleton.data[v]) radii[i++] = distance[v] / unit;
  return radii;
}
