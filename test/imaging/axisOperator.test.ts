import { test } from "node:test";
import assert from "node:assert/strict";
import { applyAxisOperator, applySteps, buildOperator, composeOperators, gaussianOperator } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";

/** The operator applied by plain loops, for comparison. */
function reference(src: Float32Array, dims: Vec3, axis: 0 | 1 | 2, op: ReturnType<typeof buildOperator>): Float32Array {
  const out = dims.slice() as Vec3;
  out[axis] = op.nOut;
  const dst = new Float32Array(out[0] * out[1] * out[2]);
  for (let k = 0; k < out[2]; k++)
    for (let j = 0; j < out[1]; j++)
      for (let i = 0; i < out[0]; i++) {
        const o = [i, j, k][axis];
        let s = 0;
        for (let t = op.start[o]; t < op.start[o + 1]; t++) {
          const p = [i, j, k];
          p[axis] = op.index[t];
          s += op.weight[t] * src[p[0] + dims[0] * (p[1] + dims[1] * p[2])];
        }
        dst[i + out[0] * (j + out[1] * k)] = s;
      }
  return dst;
}

test("applyAxisOperator(src, dims, axis, op, dst) matches a plain loop on every axis, also when the operator changes the size", () => {
  const dims: Vec3 = [13, 70, 9];
  const src = Float32Array.from({ length: 13 * 70 * 9 }, (_, i) => Math.sin(i * 0.37) + (i % 7));
  for (const axis of [0, 1, 2] as const) {
    const n = dims[axis];
    const ops = [
      gaussianOperator(n, 1.3),
      buildOperator(n, 5, (o, idx, w) => {
        for (let t = 0; t < 7; t++) {
          idx.push((o * 3 + t) % n);
          w.push(0.1 * (t + 1));
        }
      }),
      buildOperator(n, 4, () => undefined),
    ];
    for (const op of ops) {
      const out = dims.slice() as Vec3;
      out[axis] = op.nOut;
      const dst = new Float32Array(out[0] * out[1] * out[2]);
      applyAxisOperator(src, dims, axis, op, dst);
      const ref = reference(src, dims, axis, op);
      for (let v = 0; v < dst.length; v++) assert.ok(Math.abs(dst[v] - ref[v]) < 1e-4, `axis ${axis}, voxel ${v}: ${dst[v]} vs ${ref[v]}`);
    }
  }
});

test("composeOperators(first, second) equals applying first then second", () => {
  const a = gaussianOperator(20, 0.8);
  const b = buildOperator(20, 7, (o, idx, w) => {
    idx.push(o * 2, o * 2 + 1, o * 3);
    w.push(0.5, 0.25, 0.25);
  });
  const c = composeOperators(a, b);
  const src = Float32Array.from({ length: 20 }, (_, i) => (i * 7) % 5);
  const two = new Float32Array(7),
    mid = new Float32Array(20),
    one = new Float32Array(7);
  applyAxisOperator(src, [20, 1, 1], 0, a, mid);
  applyAxisOperator(mid, [20, 1, 1], 0, b, two);
  applyAxisOperator(src, [20, 1, 1], 0, c, one);
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(one[i] - two[i]) < 1e-5);
  assert.throws(() => composeOperators(b, a), /second\.nIn = 20 but first\.nOut = 7/);
});

test("applySteps(src, dims, steps, dst) chains size-changing steps and may write back into its source", () => {
  const dims: Vec3 = [6, 5, 4];
  const src = Float32Array.from({ length: 120 }, (_, i) => i);
  const halve = (n: number) =>
    buildOperator(n, Math.ceil(n / 2), (o, idx, w) => {
      idx.push(Math.min(n - 1, 2 * o));
      w.push(1);
    });
  const double = (m: number, n: number) =>
    buildOperator(m, n, (o, idx, w) => {
      idx.push(Math.floor(o / 2));
      w.push(1);
    });
  const r = applySteps(src, dims, [
    { axis: 2, op: halve(4) },
    { axis: 0, op: halve(6) },
  ]);
  assert.deepEqual(r.dims, [3, 5, 2]);
  assert.equal(r.data[0], 0);
  assert.equal(r.data[1], 2);
  const copy = src.slice();
  applySteps(
    copy,
    dims,
    [
      { axis: 0, op: halve(6) },
      { axis: 0, op: double(3, 6) },
    ],
    copy,
  );
  assert.deepEqual(Array.from(copy.slice(0, 6)), [0, 0, 2, 2, 4, 4]);
  assert.throws(() => applySteps(src, dims, [{ axis: 1, op: halve(4) }]), /takes 4 values but the volume has 5/);
});

test("applyAxisOperator(src, dims, axis, op, dst) refuses a dst that is src or of the wrong size", () => {
  const src = new Float32Array(8);
  const op = gaussianOperator(2, 0.5);
  assert.throws(() => applyAxisOperator(src, [2, 2, 2], 0, op, src), /must not share memory/);
  assert.throws(() => applyAxisOperator(src, [2, 2, 2], 0, op, new Float32Array(7)), /dst\.length = 7/);
});
