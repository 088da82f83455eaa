import { test } from "node:test";
import assert from "node:assert/strict";
import { exp, log, pow, powi, pow2, cbrt, sin, cos, atan, atan2, acos, asin } from "../../src/math/index.js";
import { createRng } from "../../src/random/index.js";

const close = (got: number, want: number, rel = 4e-15) => Math.abs(got - want) <= rel * Math.max(1, Math.abs(want));

function sweep(name: string, f: (x: number) => number, ref: (x: number) => number, lo: number, hi: number, rel?: number) {
  const r = createRng(name);
  for (let i = 0; i < 20_000; i++) {
    const x = r.uniform(lo, hi);
    assert.ok(close(f(x), ref(x), rel), `${name}(${x}) = ${f(x)}, Math gives ${ref(x)}`);
  }
}

test("exp, log, sin, cos, atan, acos, asin agree with Math to a few ulp over the ranges the lab uses", () => {
  sweep("exp", exp, Math.exp, -30, 30);
  sweep("log", log, Math.log, 1e-6, 1e6);
  sweep("sin", sin, Math.sin, -1000, 1000, 1e-14);
  sweep("cos", cos, Math.cos, -1000, 1000, 1e-14);
  sweep("atan", atan, Math.atan, -50, 50);
  sweep("acos", acos, Math.acos, -1, 1);
  sweep("asin", asin, Math.asin, -1, 1);
  sweep("cbrt", cbrt, Math.cbrt, -1e4, 1e4);
});

test("pow(x, y) agrees with Math.pow; powi and pow2 are exact", () => {
  const r = createRng("pow");
  for (let i = 0; i < 20_000; i++) {
    const x = r.uniform(1e-3, 50),
      y = r.uniform(-4, 4);
    assert.ok(close(pow(x, y), Math.pow(x, y), 1e-14), `pow(${x}, ${y})`);
  }
  assert.equal(powi(3, 4), 81);
  assert.equal(powi(2, -3), 0.125);
  assert.equal(pow(-2, 3), -8);
  assert.ok(Number.isNaN(pow(-2, 0.5)));
  assert.equal(pow2(10), 1024);
  assert.equal(pow2(-1074), 5e-324);
  assert.equal(pow2(1024), Infinity);
});

test("atan2(y, x) gets every quadrant and the signed zeros right", () => {
  const r = createRng("atan2");
  for (let i = 0; i < 20_000; i++) {
    const y = r.uniform(-10, 10),
      x = r.uniform(-10, 10);
    assert.ok(close(atan2(y, x), Math.atan2(y, x)), `atan2(${y}, ${x})`);
  }
  for (const [y, x] of [
    [0, 1],
    [0, -1],
    [-0, -1],
    [1, 0],
    [-1, 0],
    [0, 0],
    [-0, -0],
  ])
    assert.ok(Object.is(atan2(y, x), Math.atan2(y, x)), `atan2(${y}, ${x})`);
});

test("special values: exp(±∞), log(0), log(−1), NaN in, NaN out", () => {
  assert.equal(exp(Infinity), Infinity);
  assert.equal(exp(-Infinity), 0);
  assert.equal(exp(0), 1);
  assert.equal(log(1), 0);
  assert.equal(log(0), -Infinity);
  assert.ok(Number.isNaN(log(-1)));
  assert.ok(Number.isNaN(sin(NaN)));
  assert.ok(Number.isNaN(acos(1.5)));
});
