/**
 * A separable box maximum: each voxel becomes the largest value within `radius[a]` voxels of it
 * along every axis a (the window is cut at the volume's border). One pass per axis, each a van
 * Herk / Gil-Werman running maximum (three comparisons per voxel, whatever the radius): blocks
 * of 2r + 1 values, a running maximum forward and one backward within each block, and the
 * window's maximum as the larger of the two at its ends. Along y and z the passes run over whole
 * rows at a time (in chunks of columns, so the scratch stays small), along x row by row.
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

/** Columns per chunk along y and z: the scratch holds (n + 2r) rows of this many values, twice. */
const CHUNK = 2048;

function maxAlong(src: Float32Array, dst: Float32Array, dims: Vec3, axis: 0 | 1 | 2, r: number): void {
  const n = dims[axis];
  const inner = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  const outer = axis === 2 ? 1 : axis === 1 ? dims[2] : dims[1] * dims[2];
  const w = 2 * r + 1;
  const P = n + 2 * r; // padded: position p holds input p − r, −∞ outside
  if (inner === 1) {
    const x = new Float32Array(P).fill(-Infinity),
      g = new Float32Array(P),
      h = new Float32Array(P);
    for (let q = 0; q < outer; q++) {
      const base = q * n;
      x.set(src.subarray(base, base + n), r);
      for (let b = 0; b < P; b += w) {
        const e = Math.min(P, b + w);
        let m = (g[b] = x[b]);
        for (let p = b + 1; p < e; p++) g[p] = m = x[p] > m ? x[p] : m;
        m = h[e - 1] = x[e - 1];
        for (let p = e - 2; p >= b; p--) h[p] = m = x[p] > m ? x[p] : m;
      }
      for (let o = 0; o < n; o++) dst[base + o] = h[o] > g[o + 2 * r] ? h[o] : g[o + 2 * r];
    }
    return;
  }
  const width = Math.min(inner, CHUNK);
  const g = new Float32Array(P * width),
    h = new Float32Array(P * width);
  for (let q = 0; q < outer; q++) {
    const slab = q * n * inner;
    for (let i0 = 0; i0 < inner; i0 += width) {
      const c = Math.min(width, inner - i0);
      // Forward within blocks.
      for (let p = 0; p < P; p++) {
        const gp = p * c,
          inside = p >= r && p < n + r,
          s0 = slab + (p - r) * inner + i0;
        if (p % w === 0) {
          if (inside) for (let i = 0; i < c; i++) g[gp + i] = src[s0 + i];
          else g.fill(-Infinity, gp, gp + c);
        } else if (inside) {
          const gq = gp - c;
          for (let i = 0; i < c; i++) {
            const x = src[s0 + i],
              y = g[gq + i];
            g[gp + i] = x > y ? x : y;
          }
        } else g.copyWithin(gp, gp - c, gp);
      }
      // Backward within blocks.
      for (let p = P - 1; p >= 0; p--) {
        const hp = p * c,
          inside = p >= r && p < n + r,
          s0 = slab + (p - r) * inner + i0;
        if (p === P - 1 || (p + 1) % w === 0) {
          if (inside) for (let i = 0; i < c; i++) h[hp + i] = src[s0 + i];
          else h.fill(-Infinity, hp, hp + c);
        } else if (inside) {
          const hq = hp + c;
          for (let i = 0; i < c; i++) {
            const x = src[s0 + i],
              y = h[hq + i];
            h[hp + i] = x > y ? x : y;
          }
        } else h.copyWithin(hp, hp + c, hp + 2 * c);
      }
      for (let o = 0; o < n; o++) {
        const d0 = slab + o * inner + i0,
          a = o * c,
          b = (o + 2 * r) * c;
        for (let i = 0; i < c; i++) {
          const x = h[a + i],
            y = g[b + i];
          dst[d0 + i] = x > y ? x : y;
        }
      }
    }
  }
}
