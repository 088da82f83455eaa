// Small constructed masks for the metric tests, each with its topology known by hand.
import { type Vec3, type Volume, createVolume } from "../../src/volume/index.js";

/** A Uint8 mask of `dims` (spacing 1 mm unless given) with voxel (i, j, k) set where `inside` says so. */
export function maskOf(dims: Vec3, inside: (i: number, j: number, k: number) => boolean, spacing: Vec3 = [1, 1, 1]): Volume<Uint8Array> {
  const v = createVolume(Uint8Array, dims, spacing);
  for (let k = 0, n = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, n++) v.data[n] = inside(i, j, k) ? 1 : 0;
  return v;
}

/** Axis-aligned box [lo, hi] (inclusive voxel indices). */
export const inBox = (lo: Vec3, hi: Vec3) => (i: number, j: number, k: number) =>
  i >= lo[0] && i <= hi[0] && j >= lo[1] && j <= hi[1] && k >= lo[2] && k <= hi[2];

/** A solid ring (torus) in the plane z = cz: centre (cx, cy), major radius R, tube radius r. */
export const inRing = (cx: number, cy: number, cz: number, R: number, r: number) => (i: number, j: number, k: number) =>
  (Math.hypot(i - cx, j - cy) - R) ** 2 + (k - cz) ** 2 <= r * r;

/** A ball of radius r (mm) around a centre given in voxels, honouring anisotropic spacing. */
export const inBall =
  (c: Vec3, r: number, spacing: Vec3 = [1, 1, 1]) =>
  (i: number, j: number, k: number) =>
    Math.hypot((i - c[0]) * spacing[0], (j - c[1]) * spacing[1], (k - c[2]) * spacing[2]) <= r;

export function count(v: { data: ArrayLike<number> }): number {
  let s = 0;
  for (let n = 0; n < v.data.length; n++) s += v.data[n] ? 1 : 0;
  return s;
}
