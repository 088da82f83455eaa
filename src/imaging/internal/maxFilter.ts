/**
 * A separable box maximum: each voxel becomes the largest value within `radius[a]` voxels of it
 * along every axis a (the window is cut at the volume's border). One pass per axis, the inner
 * loops over whole rows or slices as in applyAxis.ts; O(voxels × Σ(2·radius + 1)), which for the
 * few-voxel radii it is used with is cheaper than a van Herk running maximum.
 */
import type { Vec3 } from "../../volume/index.js";

export function maxFilter(src: Float32Array, dims: Vec3, radius: Vec3): Float32Array {
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(radius[a]) || radius[a] < 0) throw new RangeError(`maxFilter: radius[${a}] = ${radius[a]}; give a non-negative integer (voxels)`);
  }
  const n = dims[0] * dims[1] * dims[2];
  if (src.length !== n) throw new RangeError(`maxFilter: src.length = ${src.length} but dims ${dims.join("×")} hold ${n} voxels`);
  let cur = Float32Array.from(src);
  let tmp = new Float32Array(n);
  for (const axis of [0, 1, 2] as const) {
    if (radius[axis] === 0 || dims[axis] === 1) continue;
    maxAlong(cur, tmp, dims, axis, radius[axis]);
    [cur, tmp] = [tmp, cur];
  }
  return cur;
}

function maxAlong(src: Float32Array, dst: Float32Array, dims: Vec3, axis: 0 | 1 | 2, r: number): void {
  const len = dims[axis];
  const inner = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  const outer = axis === 2 ? 1 : axis === 1 ? dims[2] : dims[1] * dims[2];
  if (inner === 1) {
    for (let q = 0; q < outer; q++) {
      const base = q * len;
      for (let o = 0; o < len; o++) {
        let m = -Infinity;
        const e = Math.min(len - 1, o + r);
        for (let t = Math.max(0, o - r); t <= e; t++) if (src[base + t] > m) m = src[base + t];
        dst[base + o] = m;
      }
    }
    return;
  }
  for (let q = 0; q < outer; q++) {
    const base = q * len * inner;
    for (let o = 0; o < len; o++) {
      const d0 = base + o * inner;
      const e = Math.min(len - 1, o + r);
      const s0 = Math.max(0, o - r);
      dst.set(src.subarray(base + s0 * inner, base + (s0 + 1) * inner), d0);
      for (let t = s0 + 1; t <= e; t++) {
        const a0 = base + t * inner;
        for (let i = 0; i < inner; i++) if (src[a0 + i] > dst[d0 + i]) dst[d0 + i] = src[a0 + i];
      }
    }
  }
}
