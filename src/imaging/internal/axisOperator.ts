/**
 * A linear operator along one axis of a volume, stored sparse (CSR): output sample `o` is
 * Σ weight[t] · input[index[t]] for t in [start[o], start[o + 1]). Blur, slice thickness,
 * resampling, ghosting and motion blur are all such operators, so they share one fast apply
 * (applyAxis.ts) and can be composed into one pass per axis.
 */
export interface AxisOperator {
  nIn: number;
  nOut: number;
  start: Int32Array;
  index: Int32Array;
  weight: Float64Array;
}

/** Builds an operator from per-output tap lists (called once per output sample, not per voxel). */
export function buildOperator(nIn: number, nOut: number, taps: (o: number, idx: number[], w: number[]) => void): AxisOperator {
  const start = new Int32Array(nOut + 1);
  const allIdx: number[] = [];
  const allW: number[] = [];
  const idx: number[] = [];
  const w: number[] = [];
  for (let o = 0; o < nOut; o++) {
    idx.length = 0;
    w.length = 0;
    taps(o, idx, w);
    for (let t = 0; t < idx.length; t++) {
      const i = idx[t];
      if (!(i >= 0 && i < nIn)) throw new RangeError(`buildOperator: tap index ${i} outside [0, ${nIn})`);
      allIdx.push(i);
      allW.push(w[t]);
    }
    start[o + 1] = allIdx.length;
  }
  return { nIn, nOut, start, index: Int32Array.from(allIdx), weight: Float64Array.from(allW) };
}

/** The operator that applies `first`, then `second` (second · first), with duplicate taps merged. */
export function composeOperators(first: AxisOperator, second: AxisOperator): AxisOperator {
  if (second.nIn !== first.nOut) throw new RangeError(`composeOperators: second.nIn = ${second.nIn} but first.nOut = ${first.nOut}`);
  const acc = new Float64Array(first.nIn);
  const seen = new Uint8Array(first.nIn);
  const touched: number[] = [];
  return buildOperator(first.nIn, second.nOut, (o, idx, w) => {
    touched.length = 0;
    for (let t = second.start[o]; t < second.start[o + 1]; t++) {
      const m = second.index[t],
        ws = second.weight[t];
      for (let u = first.start[m]; u < first.start[m + 1]; u++) {
        const i = first.index[u];
        if (!seen[i]) {
          seen[i] = 1;
          touched.push(i);
        }
        acc[i] += ws * first.weight[u];
      }
    }
    touched.sort((a, b) => a - b);
    for (const i of touched) {
      idx.push(i);
      w.push(acc[i]);
      acc[i] = 0;
      seen[i] = 0;
    }
  });
}

/** True when the operator is the identity (n → n, one tap of weight 1 on itself). */
export function isIdentity(op: AxisOperator): boolean {
  if (op.nIn !== op.nOut) return false;
  for (let o = 0; o < op.nOut; o++) {
    if (op.start[o + 1] - op.start[o] !== 1 || op.index[op.start[o]] !== o || op.weight[op.start[o]] !== 1) return false;
  }
  return true;
}

/** Linear interpolation from `nIn` samples at positions p·step (p = 0..nIn−1) to the voxel centres 0..nOut−1 shifted by `offset`. */
export function linearUpsampleOperator(nIn: number, nOut: number, step: number, offset = 0): AxisOperator {
  return buildOperator(nIn, nOut, (o, idx, w) => {
    const u = (o + offset) / step;
    const p = Math.floor(u);
    const f = u - p;
    if (p < 0) {
      idx.push(0);
      w.push(1);
      return;
    }
    if (p >= nIn - 1) {
      idx.push(nIn - 1);
      w.push(1);
      return;
    }
    if (f === 0) {
      idx.push(p);
      w.push(1);
      return;
    }
    idx.push(p, p + 1);
    w.push(1 - f, f);
  });
}

/** Cubic B-spline approximation from `nIn` lattice samples at positions p·step to the voxel centres (smooth, no overshoot). */
export function bsplineUpsampleOperator(nIn: number, nOut: number, step: number, offset = 0): AxisOperator {
  return buildOperator(nIn, nOut, (o, idx, w) => {
    const u = (o + offset) / step;
    const p = Math.floor(u);
    const f = u - p;
    const f2 = f * f,
      f3 = f2 * f;
    const ws = [(1 - 3 * f + 3 * f2 - f3) / 6, (4 - 6 * f2 + 3 * f3) / 6, (1 + 3 * f + 3 * f2 - 3 * f3) / 6, f3 / 6];
    for (let k = 0; k < 4; k++) {
      const i = Math.min(nIn - 1, Math.max(0, p - 1 + k));
      idx.push(i);
      w.push(ws[k]);
    }
  });
}

/** [f(0), f(1), f(2)]. */
export function perAxis<T>(f: (axis: 0 | 1 | 2) => T): [T, T, T] {
  return [f(0), f(1), f(2)];
}
