import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";

test("createRng(seed) gives the same sequence for the same seed and a different one for another", () => {
  const a = createRng(7),
    b = createRng(7),
    c = createRng(8);
  const sa = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(
    sa,
    Array.from({ length: 20 }, () => b.next()),
  );
  assert.notDeepEqual(
    sa,
    Array.from({ length: 20 }, () => c.next()),
  );
});

test("createRng(seed).next() is uniform in [0, 1): mean ≈ 1/2, variance ≈ 1/12", () => {
  const r = createRng(1);
  const n = 200_000;
  let s = 0,
    s2 = 0,
    lo = 1,
    hi = 0;
  for (let i = 0; i < n; i++) {
    const x = r.next();
    s += x;
    s2 += x * x;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(s2 / n - mean * mean - 1 / 12) < 0.002);
  assert.ok(lo >= 0 && hi < 1);
});

test("createRng(seed).normal(mu, sigma) has the requested mean and standard deviation", () => {
  const r = createRng("normal");
  const n = 100_000;
  let s = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal(3, 2);
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  assert.ok(Math.abs(mean - 3) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(s2 / n - mean * mean) - 2) < 0.03);
});

test("createRng(seed).int(a, b) covers both ends and nothing outside", () => {
  const r = createRng(3);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(r.int(2, 5));
  assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
});

test("fork(label) streams are reproducible and independent of the parent's later draws", () => {
  const a = createRng(9);
  const fa = a.fork("noise").next();
  const b = createRng(9);
  b.next();
  b.next();
  assert.equal(b.fork("noise").next(), fa);
  assert.notEqual(a.fork("blur").next(), fa);
});

test("createRng rejects a non-finite seed with a RangeError naming it", () => {
  assert.throws(() => createRng(Number.NaN), /seed = NaN/);
});
