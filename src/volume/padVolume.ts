import { multiplyAffines } from "./affine.js";
import { type Vec3, type Volume, type VoxelArray, createVolume } from "./volume.js";

/** `volume` with `before` voxels added below and `after` voxels above each axis, filled with `value`; the affine keeps the old voxels in place. */
export function padVolume<T extends VoxelArray>(volume: Volume<T>, before: Vec3, after: Vec3 = before, value = 0): Volume<T> {
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(before[a]) || !Number.isInteger(after[a]) || before[a] < 0 || after[a] < 0) {
      throw new RangeError(`padVolume: axis ${a} padding (${before[a]}, ${after[a]}) must be non-negative integers`);
    }
  }
  const dims = [0, 1, 2].map((a) => volume.dims[a] + before[a] + after[a]) as Vec3;
  const shift = [1, 0, 0, -before[0], 0, 1, 0, -before[1], 0, 0, 1, -before[2], 0, 0, 0, 1];
  const out = createVolume(volume.data.constructor as { new (n: number): T }, dims, volume.spacing, multiplyAffines(volume.affine, shift));
  if (value !== 0) out.data.fill(value);
  const [nx, ny, nz] = volume.dims;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const from = nx * (j + ny * k);
      out.data.set(volume.data.subarray(from, from + nx), before[0] + dims[0] * (j + before[1] + dims[1] * (k + before[2])));
    }
  }
  return out;
}
