import { test } from "node:test";
import assert from "node:assert/strict";
import { createSpatialGrid, segmentDistanceSq } from "../../src/geometry/index.js";
import { createRng } from "../../src/random/index.js";

test("createSpatialGrid(cell).search finds every capsule within pad of the query (against brute force, mixed sizes)", () => {
  const rng = createRng("grid");
  const grid = createSpatialGrid(0.5);
  const caps: number[][] = [];
  for (let i = 0; i < 600; i++) {
    const a = [rng.uniform(-20, 20), rng.uniform(-20, 20), rng.uniform(-20, 20)];
    const len = rng.chance(0.1) ? rng.uniform(5, 30) : rng.uniform(0, 2);
    const b = a.map((x) => x + rng.normal(0, len));
    const r = rng.chance(0.1) ? rng.uniform(1, 6) : rng.uniform(0.05, 0.4);
    caps.push([...a, ...b, r]);
    assert.equal(grid.insert(a[0], a[1], a[2], b[0], b[1], b[2], r), i);
  }
  assert.equal(grid.count(), 600);
  for (let q = 0; q < 200; q++) {
    const a = [rng.uniform(-20, 20), rng.uniform(-20, 20), rng.uniform(-20, 20)];
    const b = a.map((x) => x + rng.normal(0, q % 10 === 0 ? 15 : 1));
    const r = rng.uniform(0.05, q % 10 === 0 ? 5 : 0.5),
      pad = rng.uniform(0, 1);
    const found = new Set<number>();
    grid.search(a[0], a[1], a[2], b[0], b[1], b[2], r, pad, (id) => {
      assert.ok(!found.has(id), "each capsule visited once");
      found.add(id);
      return false;
    });
    caps.forEach((c, id) => {
      const d = Math.sqrt(segmentDistanceSq(a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], c[3], c[4], c[5]));
      if (d < r + c[6] + pad) assert.ok(found.has(id), `query ${q} missed capsule ${id}`);
    });
  }
});

test("createSpatialGrid(cell).search stops when visit returns true, and data() holds the capsules", () => {
  const grid = createSpatialGrid(1);
  grid.insert(0, 0, 0, 1, 0, 0, 0.5);
  grid.insert(0.5, 0, 0, 0.5, 1, 0, 0.5);
  let calls = 0;
  assert.equal(
    grid.search(0, 0, 0, 0, 0, 0, 0.1, 0, () => ++calls > 0),
    true,
  );
  assert.equal(calls, 1);
  assert.deepEqual([...grid.data().subarray(7, 14)], [0.5, 0, 0, 0.5, 1, 0, 0.5]);
  assert.equal(
    createSpatialGrid(1).search(0, 0, 0, 1, 1, 1, 1, 1, () => true),
    false,
    "empty grid",
  );
  assert.throws(() => createSpatialGrid(0), /baseCell = 0/);
});

test("segmentDistanceSq(...) is exact for crossing, parallel, skew and degenerate segments", () => {
  assert.equal(segmentDistanceSq(-1, 0, 0, 1, 0, 0, 0, -1, 2, 0, 1, 2), 4);
  assert.equal(segmentDistanceSq(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0), 1);
  assert.equal(segmentDistanceSq(0, 0, 0, 1, 0, 0, 3, 0, 0, 4, 0, 0), 4);
  assert.equal(segmentDistanceSq(0, 0, 0, 0, 0, 0, 0, 3, 4, 0, 3, 4), 25);
  assert.equal(segmentDistanceSq(0, 0, 0, 2, 0, 0, 1, 5, 0, 1, 5, 0), 25);
});
