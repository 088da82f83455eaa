import { test } from "node:test";
import assert from "node:assert/strict";
import { UNIT_SEARCH_DEFAULTS, unitCubeSearch } from "../../src/fit/index.js";

// Analytic objectives with known minima: a tilted bowl inside the cube, one whose minimum lies outside it (the
// nearest corner of the cube is the answer), and a valley along a diagonal (the parameters trade against each other,
// as a contrast factor and a blur factor do on a vessel's peak).
const bowl =
  (centre: number[], weights = centre.map(() => 1)) =>
  (x: readonly number[]) =>
    x.reduce((s, xi, i) => s + weights[i] * (xi - centre[i]) ** 2, 0);

test("unitCubeSearch finds a bowl's minimum inside the cube to within its last step, measuring the grid first and no point twice", () => {
  const centre = [0.31, 0.72, 0.55];
  const calls: string[] = [];
  const f = bowl(centre, [1, 3, 0.5]);
  const r = unitCubeSearch((x) => (calls.push(x.join()), f(x)), 3);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(r.x[i] - centre[i]) <= 2 * UNIT_SEARCH_DEFAULTS.minStep, `x[${i}] = ${r.x[i]}, the minimum at ${centre[i]}`);
  assert.equal(r.value, f(r.x));
  assert.equal(r.evaluations, calls.length);
  assert.equal(new Set(calls).size, calls.length, "no point measured twice");
  assert.ok(r.evaluations <= UNIT_SEARCH_DEFAULTS.budget);
  // the first 27 measured are the 3×3×3 grid at 1/6, 1/2, 5/6
  const grid = r.measured.slice(0, 27).map((m) => m.x.map((v) => Math.round(v * 6)));
  for (const p of grid)
    assert.ok(
      p.every((v) => v === 1 || v === 3 || v === 5),
      JSON.stringify(p),
    );
  assert.equal(new Set(grid.map((p) => p.join())).size, 27);
  assert.deepEqual(
    r.measured.reduce((a, b) => (b.value < a.value ? b : a)),
    { x: r.x, value: r.value },
    "the best measured is the answer",
  );
});

test("unitCubeSearch stays in the cube: a minimum beyond it ends on the cube's nearest face", () => {
  const r = unitCubeSearch(bowl([1.4, -0.3, 0.5]), 3);
  assert.deepEqual([r.x[0], r.x[1]], [1, 0]);
  assert.ok(Math.abs(r.x[2] - 0.5) <= 2 * UNIT_SEARCH_DEFAULTS.minStep);
  for (const m of r.measured)
    assert.ok(
      m.x.every((v) => v >= 0 && v <= 1),
      JSON.stringify(m.x),
    );
});

test("unitCubeSearch follows a diagonal valley to its floor better than the grid alone", () => {
  // f = (x0 + x1 − 1.1)² × 50 + (x0 − 0.7)²: the floor at (0.7, 0.4), the valley along x0 + x1 = 1.1
  const f = (x: readonly number[]) => 50 * (x[0] + x[1] - 1.1) ** 2 + (x[0] - 0.7) ** 2;
  const r = unitCubeSearch(f, 2, { budget: 200, minStep: 1 / 512 });
  const gridOnly = unitCubeSearch(f, 2, { budget: 9 });
  assert.equal(gridOnly.evaluations, 9, "a budget of the grid's size measures the grid only");
  assert.ok(r.value < gridOnly.value / 10, `${r.value} against the grid's ${gridOnly.value}`);
  assert.ok(Math.abs(r.x[0] - 0.7) < 0.05 && Math.abs(r.x[1] - 0.4) < 0.05, JSON.stringify(r.x));
});

test("unitCubeSearch never takes a point it could not measure, is deterministic, and names a bad option and its fix", () => {
  // NaN wherever x0 > 0.4: the minimum of the measurable part lies on that edge
  const f = (x: readonly number[]) => (x[0] > 0.4 ? NaN : (x[0] - 0.9) ** 2 + (x[1] - 0.2) ** 2);
  const a = unitCubeSearch(f, 2);
  assert.ok(Number.isFinite(a.value) && a.x[0] <= 0.4, JSON.stringify(a));
  assert.deepEqual(unitCubeSearch(f, 2), a);
  assert.throws(() => unitCubeSearch(f, 0), /n = 0; give the number of parameters/);
  assert.throws(() => unitCubeSearch(f, 2, { grid: 0 }), /grid = 0; give an integer ≥ 1/);
  assert.throws(() => unitCubeSearch(f, 2, { minStep: 0 }), /minStep = 0; give a step between 0 and 1/);
  assert.throws(() => unitCubeSearch(f, 3, { budget: 20 }), /budget = 20; give an integer ≥ 27/);
});
