/**
 * A crop of a mask's volume of at most `size` voxels along each axis, centred on the centroid of its foreground and
 * moved inside the grid: one fixed rule for turning a large real mask into a test volume of bounded cost, chosen
 * without looking at any method's output.
 */
import { cropVolume, type Vec3, type Volume, type VoxelArray } from "../volume/index.js";

/** The crop box [start, end) of at most `size` voxels per axis around the foreground's centroid (the grid's centre when empty). */
export function centroidBox(mask: Volume, size: number): { start: Vec3; end: Vec3 } {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`centroidBox: size = ${size}; give a whole number of voxels ≥ 1`);
  const [nx, ny, nz] = mask.dims;
  let sx = 0,
    sy = 0,
    sz = 0,
    n = 0;
  for (let z = 0, v = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, v++) if (mask.data[v] > 0) ((sx += x), (sy += y), (sz += z), n++);
  const centre = n ? [sx / n, sy / n, sz / n] : [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2];
  const start = [0, 0, 0] as Vec3,
    end = [0, 0, 0] as Vec3;
  for (let a = 0; a < 3; a++) {
    const side = Math.min(size, mask.dims[a]);
    const s = Math.min(Math.max(0, Math.round(centre[a] - side / 2)), mask.dims[a] - side);
    start[a] = s;
    end[a] = s + side;
  }
  return { start, end };
}

export function cropAroundCentroid<T extends VoxelArray>(volume: Volume<T>, mask: Volume, size: number): Volume<T> {
  const { start, end } = centroidBox(mask, size);
  return cropVolume(volume, start, end);
}
