/**
 * One-dimensional convolution of a volume along one axis with a symmetric kernel stored from its centre outwards
 * (see gaussianKernel), the edges reflected as scipy.ndimage's mode "reflect" (d c b a | a b c d | d c b a).
 */
export type Axis = 0 | 1 | 2;

/** Index i (any integer) reflected into 0…n−1 as scipy's "reflect" mode does. */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  const m = (((i % period) + period) % period) | 0;
  return m < n ? m : period - 1 - m;
}

/** `out = src ⊛ taps` along `axis` of a volume with `dims` (x fastest); sums in float64, stored as float32. */
export function convolveAxis(src: Float32Array, dims: readonly [number, number, number], axis: Axis, taps: Float64Array, out: Float32Array): void {
  const [nx, ny, nz] = dims;
  const total = nx * ny * nz;
  if (src.length !== total) throw new RangeError(`convolveAxis: the input has ${src.length} voxels, dims ${dims.join("×")} make ${total}`);
  if (out.length !== total) throw new RangeError(`convolveAxis: the output has ${out.length} voxels; give ${total}`);
  if (out === src) throw new RangeError("convolveAxis: the output must be another array than the input");
  if (taps.length < 1) throw new RangeError("convolveAxis: the kernel has no taps");
  const radius = taps.length - 1;
  const n = dims[axis];
  const inner = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const outer = total / (n * inner);
  // Where input row i − radius … i + radius lies after reflection, for output rows 0…n−1.
  const rowOf = new Int32Array(n + 2 * radius);
  for (let i = -radius; i < n + radius; i++) rowOf[i + radius] = reflectIndex(i, n);
  if (inner === 1) convolveLines(src, n, outer, radius, rowOf, taps, out);
  else convolveRows(src, n, inner, outer, radius, rowOf, taps, out);
}

/** Axis x: contiguous lines, copied once into a reflected buffer so the taps need no bounds checks. */
function convolveLines(src: Float32Array, n: number, lines: number, radius: number, rowOf: Int32Array, taps: Float64Array, out: Float32Array): void {
  const buf = new Float64Array(n + 2 * radius);
  const c = taps[0];
  for (let line = 0; line < lines; line++) {
    const base = line * n;
    for (let t = 0; t < buf.length; t++) buf[t] = src[base + rowOf[t]];
    for (let i = 0; i < n; i++) {
      const mid = i + radius;
      let acc = c * buf[mid];
      for (let r = 1; r <= radius; r++) acc += taps[r] * (buf[mid - r] + buf[mid + r]);
      out[base + i] = acc;
    }
  }
}

/** Axes y and z: whole rows of `inner` contiguous voxels combined at once, so every read is sequential. */
function convolveRows(
  src: Float32Array,
  n: number,
  inner: number,
  outer: number,
  radius: number,
  rowOf: Int32Array,
  taps: Float64Array,
  out: Float32Array,
): void {
  const acc = new Float64Array(inner);
  const c = taps[0];
  for (let o = 0; o < outer; o++) {
    const block = o * n * inner;
    for (let i = 0; i < n; i++) {
      const dst = block + i * inner;
      for (let e = 0; e < inner; e++) acc[e] = c * src[dst + e];
      // Two taps per sweep over the row: half the passes over the accumulator (about 20 % faster here).
      let r = 1;
      for (; r + 1 <= radius; r += 2) {
        const w = taps[r],
          w2 = taps[r + 1];
        const lo = block + rowOf[i + radius - r] * inner,
          hi = block + rowOf[i + radius + r] * inner;
        const lo2 = block + rowOf[i + radius - r - 1] * inner,
          hi2 = block + rowOf[i + radius + r + 1] * inner;
        for (let e = 0; e < inner; e++) acc[e] += w * (src[lo + e] + src[hi + e]) + w2 * (src[lo2 + e] + src[hi2 + e]);
      }
      if (r === radius) {
        const w = taps[r];
        const lo = block + rowOf[i + radius - r] * inner,
          hi = block + rowOf[i + radius + r] * inner;
        for (let e = 0; e < inner; e++) acc[e] += w * (src[lo + e] + src[hi + e]);
      }
      for (let e = 0; e < inner; e++) out[dst + e] = acc[e];
    }
  }
}
