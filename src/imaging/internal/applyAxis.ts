/**
 * Applying axis operators to volumes: one operator along one axis (applyAxisOperator), one per
 * axis keeping the size (applySeparable), one per axis changing it (resample3), or a sequence
 * (applySteps). Along y and z the inner loops run over whole rows or slices, four taps at a
 * time; along x over blocks of rows, so no strided gathers and no transposes.
 */
import type { Vec3 } from "../../volume/index.js";
import { isIdentity, type AxisOperator } from "./axisOperator.js";

const AXES = [0, 1, 2] as const;

/**
 * Applies `op` along `axis` of `src` (dims `dims`, x fastest) into `dst`, whose length must be
 * that of `dims` with dims[axis] replaced by op.nOut. `dst` must not share memory with `src`.
 * Along y and z the inner loops run over whole rows or slices, four taps at a time; along x,
 * over blocks of rows.
 */
export function applyAxisOperator(src: Float32Array, dims: Vec3, axis: 0 | 1 | 2, op: AxisOperator, dst: Float32Array): Float32Array {
  const n = dims[axis];
  if (op.nIn !== n) throw new RangeError(`applyAxisOperator: op.nIn = ${op.nIn} but dims[${axis}] = ${n}`);
  const inner = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
  const outer = axis === 2 ? 1 : axis === 1 ? dims[2] : dims[1] * dims[2];
  const nOut = op.nOut;
  if (dst.length !== inner * nOut * outer) throw new RangeError(`applyAxisOperator: dst.length = ${dst.length}, expected ${inner * nOut * outer}`);
  if (dst.buffer === src.buffer) throw new RangeError("applyAxisOperator: dst must not share memory with src");
  if (inner > 1) {
    for (let q = 0; q < outer; q++) applySlab(src, q * n * inner, dst, q * nOut * inner, inner, op);
    return dst;
  }
  // Along x: blocks of rows at a time, the loop over rows innermost (strided, but the block's
  // rows stay in cache), so that the same grouped taps apply without a transpose.
  for (let r0 = 0; r0 < outer; r0 += ROW_BLOCK) applyRows(src, dst, n, nOut, r0, Math.min(outer, r0 + ROW_BLOCK), op);
  return dst;
}

const ROW_BLOCK = 64;

/** One slab [n][inner] → [nOut][inner], taps grouped by four so each output is written once per group. */
function applySlab(src: Float32Array, sBase: number, dst: Float32Array, dBase: number, inner: number, op: AxisOperator): void {
  const { start, index, weight, nOut } = op;
  for (let o = 0; o < nOut; o++) {
    const d0 = dBase + o * inner,
      e = start[o + 1];
    let t = start[o];
    if (t === e) {
      dst.fill(0, d0, d0 + inner);
      continue;
    }
    let first = true;
    while (t < e) {
      const g = e - t;
      if (g >= 4) {
        const w0 = weight[t],
          w1 = weight[t + 1],
          w2 = weight[t + 2],
          w3 = weight[t + 3];
        const a0 = sBase + index[t] * inner,
          a1 = sBase + index[t + 1] * inner,
          a2 = sBase + index[t + 2] * inner,
          a3 = sBase + index[t + 3] * inner;
        if (first) for (let i = 0; i < inner; i++) dst[d0 + i] = w0 * src[a0 + i] + w1 * src[a1 + i] + w2 * src[a2 + i] + w3 * src[a3 + i];
        else for (let i = 0; i < inner; i++) dst[d0 + i] += w0 * src[a0 + i] + w1 * src[a1 + i] + w2 * src[a2 + i] + w3 * src[a3 + i];
        t += 4;
      } else if (g === 3) {
        const w0 = weight[t],
          w1 = weight[t + 1],
          w2 = weight[t + 2];
        const a0 = sBase + index[t] * inner,
          a1 = sBase + index[t + 1] * inner,
          a2 = sBase + index[t + 2] * inner;
        if (first) for (let i = 0; i < inner; i++) dst[d0 + i] = w0 * src[a0 + i] + w1 * src[a1 + i] + w2 * src[a2 + i];
        else for (let i = 0; i < inner; i++) dst[d0 + i] += w0 * src[a0 + i] + w1 * src[a1 + i] + w2 * src[a2 + i];
        t += 3;
      } else if (g === 2) {
        const w0 = weight[t],
          w1 = weight[t + 1];
        const a0 = sBase + index[t] * inner,
          a1 = sBase + index[t + 1] * inner;
        if (first) for (let i = 0; i < inner; i++) dst[d0 + i] = w0 * src[a0 + i] + w1 * src[a1 + i];
        else for (let i = 0; i < inner; i++) dst[d0 + i] += w0 * src[a0 + i] + w1 * src[a1 + i];
        t += 2;
      } else {
        const w0 = weight[t],
          a0 = sBase + index[t] * inner;
        if (first) for (let i = 0; i < inner; i++) dst[d0 + i] = w0 * src[a0 + i];
        else for (let i = 0; i < inner; i++) dst[d0 + i] += w0 * src[a0 + i];
        t += 1;
      }
      first = false;
    }
  }
}

/** Rows r0..r1 of length n → rows of length nOut, taps grouped by four, the row loop innermost. */
function applyRows(src: Float32Array, dst: Float32Array, n: number, nOut: number, r0: number, r1: number, op: AxisOperator): void {
  const { start, index, weight } = op;
  for (let o = 0; o < nOut; o++) {
    const e = start[o + 1];
    let t = start[o];
    if (t === e) {
      for (let r = r0; r < r1; r++) dst[r * nOut + o] = 0;
      continue;
    }
    let first = true;
    while (t < e) {
      const g = e - t;
      if (g >= 4) {
        const w0 = weight[t],
          w1 = weight[t + 1],
          w2 = weight[t + 2],
          w3 = weight[t + 3];
        const i0 = index[t],
          i1 = index[t + 1],
          i2 = index[t + 2],
          i3 = index[t + 3];
        if (first)
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] = w0 * src[s + i0] + w1 * src[s + i1] + w2 * src[s + i2] + w3 * src[s + i3];
          }
        else
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] += w0 * src[s + i0] + w1 * src[s + i1] + w2 * src[s + i2] + w3 * src[s + i3];
          }
        t += 4;
      } else if (g === 3) {
        const w0 = weight[t],
          w1 = weight[t + 1],
          w2 = weight[t + 2];
        const i0 = index[t],
          i1 = index[t + 1],
          i2 = index[t + 2];
        if (first)
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] = w0 * src[s + i0] + w1 * src[s + i1] + w2 * src[s + i2];
          }
        else
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] += w0 * src[s + i0] + w1 * src[s + i1] + w2 * src[s + i2];
          }
        t += 3;
      } else if (g === 2) {
        const w0 = weight[t],
          w1 = weight[t + 1],
          i0 = index[t],
          i1 = index[t + 1];
        if (first)
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] = w0 * src[s + i0] + w1 * src[s + i1];
          }
        else
          for (let r = r0; r < r1; r++) {
            const s = r * n;
            dst[r * nOut + o] += w0 * src[s + i0] + w1 * src[s + i1];
          }
        t += 2;
      } else {
        const w0 = weight[t],
          i0 = index[t];
        if (first) for (let r = r0; r < r1; r++) dst[r * nOut + o] = w0 * src[r * n + i0];
        else for (let r = r0; r < r1; r++) dst[r * nOut + o] += w0 * src[r * n + i0];
        t += 1;
      }
      first = false;
    }
  }
}

/** Applies one operator per axis (null = leave that axis), ping-ponging between `data` and `scratch`. Returns the array holding the result. */
export function applySeparable(
  data: Float32Array,
  scratch: Float32Array,
  dims: Vec3,
  ops: [AxisOperator | null, AxisOperator | null, AxisOperator | null],
): Float32Array {
  let a = data,
    b = scratch;
  for (const axis of AXES) {
    const op = ops[axis];
    if (!op || isIdentity(op)) continue;
    if (op.nOut !== dims[axis]) throw new RangeError(`applySeparable: operator along axis ${axis} changes the size (${op.nIn} → ${op.nOut})`);
    applyAxisOperator(a, dims, axis, op, b);
    const t = a;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Resizes `src` (dims `srcDims`) with one size-changing operator per axis, x first, into `dst`
 * (whose length must match the final dims). Intermediates are allocated; keep the big axis last.
 */
export function resample3(src: Float32Array, srcDims: Vec3, ops: [AxisOperator, AxisOperator, AxisOperator], dst: Float32Array): Float32Array {
  let cur = src;
  const dims: Vec3 = [...srcDims];
  for (const axis of AXES) {
    const op = ops[axis];
    const next = dims.slice() as Vec3;
    next[axis] = op.nOut;
    const out = axis === 2 ? dst : new Float32Array(next[0] * next[1] * next[2]);
    applyAxisOperator(cur, dims, axis, op, out);
    cur = out;
    dims[axis] = op.nOut;
  }
  return cur;
}

export interface AxisStep {
  axis: 0 | 1 | 2;
  op: AxisOperator;
}

/**
 * Applies a sequence of operators (each along its axis; they may change the size along it) to
 * `src` of dims `dims`. The result goes to `dst` when given (it must have the final size; it may
 * be `src`), written by the last step where it can be. Intermediates ping-pong between two
 * buffers allocated once. Identity steps are skipped. Returns the result and its dims (`src`
 * itself, or a copy in `dst`, when nothing is left to do).
 */
export function applySteps(src: Float32Array, dims: Vec3, steps: AxisStep[], dst?: Float32Array): { data: Float32Array; dims: Vec3 } {
  const todo = steps.filter((s) => !isIdentity(s.op));
  const sizes: number[] = [];
  const d: Vec3 = [...dims];
  for (const { axis, op } of todo) {
    if (op.nIn !== d[axis]) throw new RangeError(`applySteps: an operator along axis ${axis} takes ${op.nIn} values but the volume has ${d[axis]} there`);
    d[axis] = op.nOut;
    sizes.push(d[0] * d[1] * d[2]);
  }
  const finalSize = d[0] * d[1] * d[2];
  if (dst && dst.length !== finalSize) throw new RangeError(`applySteps: dst.length = ${dst.length} but the result has ${finalSize} values`);
  const big = Math.max(0, ...sizes);
  let bufA: Float32Array | null = null,
    bufB: Float32Array | null = null;
  let cur = src;
  const cd: Vec3 = [...dims];
  todo.forEach(({ axis, op }, n) => {
    const size = sizes[n];
    let out: Float32Array;
    if (n === todo.length - 1 && dst && dst.buffer !== cur.buffer) out = dst;
    else if (cur.buffer !== bufA?.buffer) out = (bufA ??= new Float32Array(big)).subarray(0, size);
    else out = (bufB ??= new Float32Array(big)).subarray(0, size);
    applyAxisOperator(cur, cd, axis, op, out);
    cur = out;
    cd[axis] = op.nOut;
  });
  if (dst && cur !== dst) {
    dst.set(cur);
    cur = dst;
  }
  return { data: cur, dims: cd };
}
