import { fileURLToPath } from "node:url";
import { type Vec3, type Volume, createVolume } from "../../src/volume/index.js";

/** A committed test model (test/fixtures/infer, made by make-models.py). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/infer/${name}`, import.meta.url));
}

/** A Float32 volume with f(i, j, k) at voxel (i, j, k). */
export function volumeOf(dims: Vec3, f: (i: number, j: number, k: number) => number, spacing: Vec3 = [1, 1, 1]): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims, spacing);
  for (let k = 0, n = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, n++) v.data[n] = f(i, j, k);
  return v;
}

/** Largest |a − b| over two arrays of one length. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let n = 0; n < a.length; n++) worst = Math.max(worst, Math.abs(a[n] - b[n]));
  return worst;
}
