import { test } from "node:test";
import assert from "node:assert/strict";
import { daughterRadii, murrayResidual, optimalAngles } from "../../src/geometry/index.js";

const deg = (a: number) => (a * 180) / Math.PI;

test("daughterRadii(r0, γ, share, rMin) splits r0^γ by the share, larger daughter first", () => {
  const [r1, r2] = daughterRadii(2, 3, 0.5, 0.1)!;
  assert.ok(Math.abs(r1 - 2 / 2 ** (1 / 3)) < 1e-12 && Math.abs(r2 - r1) < 1e-12);
  const [a, b] = daughterRadii(2, 3, 0.2, 0.1)!;
  assert.ok(a > b);
  assert.ok(Math.abs(b ** 3 - 0.2 * 8) < 1e-12);
  for (const gamma of [1.1, 2, 3, 4]) assert.ok(murrayResidual(2, daughterRadii(2, gamma, 0.3, 0.01)!, gamma) < 1e-14);
});

test("daughterRadii(r0, γ, share, rMin) raises a daughter thinner than rMin to rMin, or returns null when even halves are too thin", () => {
  const [r1, r2] = daughterRadii(1, 3, 0.01, 0.5)!;
  assert.equal(r2, 0.5);
  assert.ok(murrayResidual(1, [r1, r2], 3) < 1e-14);
  assert.equal(daughterRadii(1, 3, 0.5, 0.8), null);
});

test("optimalAngles(r0, r1, r2) gives the Murray–Zamir angles: 37.5° each for a symmetric γ = 3 split, a wider one for the thinner daughter", () => {
  const r = 2 ** (-1 / 3);
  const [t1, t2] = optimalAngles(1, r, r);
  assert.ok(Math.abs(deg(t1) - 37.47) < 0.01 && Math.abs(t1 - t2) < 1e-12);
  const [big, small] = optimalAngles(1, 0.95, 0.5);
  assert.ok(small > big);
  const cos1 = (1 + 0.95 ** 4 - 0.5 ** 4) / (2 * 0.95 ** 2);
  assert.ok(Math.abs(Math.cos(big) - cos1) < 1e-12);
});

test("murrayResidual(r0, daughters, γ) is |r0^γ − Σ ri^γ| / r0^γ", () => {
  assert.equal(murrayResidual(2, [2], 3), 0);
  assert.ok(Math.abs(murrayResidual(2, [1, 1], 3) - 0.75) < 1e-15);
});
