import type { VoxelGrid } from "../metrics/index.js";
import { imageStats } from "./imageStats.js";
import { maskStats } from "./maskStats.js";
import type { ScanStats } from "./statDistance.js";

/** A scan's statistics: its mask's geometry and, with the image, its contrast, noise and blur read against the mask. */
export function scanStats(mask: VoxelGrid, image?: VoxelGrid | null): ScanStats {
  if (image && image.dims.some((d, a) => d !== mask.dims[a])) throw new RangeError(`scanStats: the mask is ${mask.dims.join("×")} voxels, the image ${image.dims.join("×")}; give the mask on the image's grid (resample it first)`);
  return { mask: maskStats(mask), image: image ? imageStats(image, mask) : null };
}
