import { test } from "node:test";
import assert from "node:assert/strict";
import { symmetricEigenvalues } from "../../src/vesselness/index.js";
import { createRng } from "../../src/random/index.js";

function det3(m: number[][]): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

test("symmetricEigenvalues(a, b, c, d, e, f) of a diagonal matrix are its entries, sorted by magnitude", () => {
  const out = new Float64Array(3);
  symmetricEigenvalues(-5, 2, -0.5, 0, 0, 0, out);
  assert.deepEqual([...out], [-0.5, 2, -5]);
});

test("symmetricEigenvalues solves det(A − λI) = 0, keeps the trace and the Frobenius norm, on 2,000 random matrices", () => {
  const rng = createRng(7);
  const out = new Float64Array(3);
  for (let t = 0; t < 2000; t++) {
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, () => (rng.next() - 0.5) * 10);
    symmetricEigenvalues(a, b, c, d, e, f, out);
    const scale = Math.sqrt(a * a + b * b + c * c + 2 * (d * d + e * e + f * f));
    assert.ok(Math.abs(out[0] + out[1] + out[2] - (a + b + c)) < 1e-9 * scale + 1e-12);
    assert.ok(Math.abs(Math.hypot(out[0], out[1], out[2]) - scale) < 1e-9 * scale);
    for (const l of out)
      assert.ok(
        Math.abs(
          det3([
            [a - l, d, e],
            [d, b - l, f],
            [e, f, c - l],
          ]),
        ) <
          1e-8 * scale ** 3,
        `λ ${l}`,
      );
    assert.ok(Math.abs(out[0]) <= Math.abs(out[1]) && Math.abs(out[1]) <= Math.abs(out[2]), "sorted by magnitude");
  }
});

test("symmetricEigenvalues of a tube's Hessian (a rank-2 matrix in a rotated frame) gives 0, −k, −k", () => {
  // R diag(0, −2, −2) Rᵀ with R a rotation about z by 30°, then about x by 50°
  const c1 = Math.cos(Math.PI / 6),
    s1 = Math.sin(Math.PI / 6),
    c2 = Math.cos(0.87),
    s2 = Math.sin(0.87);
  const R = [
    [c1, -s1 * c2, s1 * s2],
    [s1, c1 * c2, -c1 * s2],
    [0, s2, c2],
  ];
  const D = [0, -2, -2];
  const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => D.reduce((acc, dk, k) => acc + R[i][k] * dk * R[j][k], 0)));
  const out = new Float64Array(3);
  symmetricEigenvalues(A[0][0], A[1][1], A[2][2], A[0][1], A[0][2], A[1][2], out);
  assert.ok(Math.abs(out[0]) < 1e-9 && Math.abs(out[1] + 2) < 1e-9 && Math.abs(out[2] + 2) < 1e-9, `${[...out]}`);
});
