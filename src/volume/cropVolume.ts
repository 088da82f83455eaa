import { multiplyAffines } from "./affine.js";
import { type Vec3, type Volume, type VoxelArray, createVolume } from "./volume.js";

/** The box [start, end) of `volume` (voxel indices, end exclusive) as a new Volume whose affine keeps every voxel where it was in the world. */
export function cropVolume<T extends VoxelArray>(volume: Volume<T>, start: Vec3, end: Vec3): Volume<T> {
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(start[a]) || !Number.isInteger(end[a]) || start[a] < 0 || end[a] > volume.dims[a] || end[a] <= start[a]) {
      throw new RangeError(`cropVolume: axis ${a} box [${start[a]}, ${end[a]}) must be integers with 0 ≤ start < end ≤ ${volume.dims[a]}`);
    }
  }
  const dims = [end[0] - start[0], end[1] - start[1], end[2] - start[2]] as Vec3;
  const shift = [1, 0, 0, start[0], 0, 1, 0, start[1], 0, 0, 1, start[2], 0, 0, 0, 1];
  const out = createVolume(volume.data.constructor as { new (n: number): T }, dims, volume.spacing, multiplyAffines(volume.affine, shift));
  const [nx, ny] = volume.dims;
  let n = 0;
  for (let k = start[2]; k < end[2]; k++) {
    for (let j = start[1]; j < end[1]; j++) {
      const row = start[0] + nx * (j + ny * k);
      out.data.set(volume.data.subarray(row, row + dims[0]), n);
      n += dims[0];
    }
  }
  return out;
}
