/** Small helpers shared by the effects: copying a grid, checking arguments. */
import { createVolume, type Volume } from "../../volume/index.js";

/** A Float32 volume on the same grid (dims, spacing, affine) as `v`; zero-filled. */
export function sameGrid(v: Volume): Volume<Float32Array> {
  return createVolume(Float32Array, v.dims, v.spacing, v.affine);
}

/**
 * The volume an effect writes to: `out` when given (it may be `image` itself, for in-place
 * work), else a copy of `image`'s grid with `image`'s values.
 */
export function outputFor(image: Volume<Float32Array>, out: Volume<Float32Array> | undefined, fn: string): Volume<Float32Array> {
  checkImage(image, fn);
  if (out === undefined) {
    const o = sameGrid(image);
    o.data.set(image.data);
    return o;
  }
  if (out.data.length !== image.data.length || out.dims.some((d, a) => d !== image.dims[a])) {
    throw new RangeError(`${fn}: out has dims ${out.dims.join("×")} but image has ${image.dims.join("×")}; give an out on the same grid`);
  }
  if (out !== image && out.data !== image.data) out.data.set(image.data);
  return out;
}

export function checkImage(image: Volume<Float32Array>, fn: string): void {
  if (!image || !(image.data instanceof Float32Array)) throw new TypeError(`${fn}: image must be a Volume<Float32Array>`);
  const n = image.dims[0] * image.dims[1] * image.dims[2];
  if (image.data.length !== n) throw new RangeError(`${fn}: image.data.length = ${image.data.length} but dims ${image.dims.join("×")} hold ${n} voxels`);
}

/** Throws a RangeError unless lo ≤ value ≤ hi (and finite). */
export function checkRange(fn: string, name: string, value: number, lo: number, hi: number, fix = ""): void {
  if (!(typeof value === "number" && Number.isFinite(value) && value >= lo && value <= hi)) {
    throw new RangeError(`${fn}: ${name} = ${value}; give a number in [${lo}, ${hi}]${fix ? ` (${fix})` : ""}`);
  }
}

export function checkFinite(fn: string, name: string, value: number): void {
  if (!(typeof value === "number" && Number.isFinite(value))) throw new RangeError(`${fn}: ${name} = ${value}; give a finite number`);
}

export function checkAxis(fn: string, name: string, axis: number): asserts axis is 0 | 1 | 2 {
  if (axis !== 0 && axis !== 1 && axis !== 2) throw new RangeError(`${fn}: ${name} = ${axis}; give 0 (x), 1 (y) or 2 (z)`);
}
