import { test } from "node:test";
import assert from "node:assert/strict";
import { distribution, growTree, treeStats, TREE_FORMAT, TREE_VERSION, LABEL_CLASS, type VesselTree, type TreeNode } from "../../src/geometry/index.js";

const r1 = 2 / 2 ** (1 / 3);
const node = (p: [number, number, number], r: number, parent: number, branch: number): TreeNode => ({ p, r, parent, branch, label: LABEL_CLASS.vessel });

/** A Y: a root segment up z, two daughters at ±36.87°, the right one continuing straight up. */
function yTree(): VesselTree {
  return {
    format: TREE_FORMAT,
    version: TREE_VERSION,
    unit: "mm",
    generator: { preset: "hand", seed: 0, params: { murrayExponent: 3 } },
    bounds: { min: [-8, -2, -2], max: [8, 2, 30] },
    nodes: [node([0, 0, 0], 2, -1, 0), node([0, 0, 10], 2, 0, 0), node([6, 0, 18], r1, 1, 1), node([-6, 0, 18], r1, 1, 2), node([6, 0, 28], r1, 2, 1)],
    branches: [
      { nodes: [0, 1], parent: -1, generation: 0, root: 0 },
      { nodes: [1, 2, 4], parent: 0, generation: 1, root: 0 },
      { nodes: [1, 3], parent: 0, generation: 1, root: 0 },
    ],
    blobs: [{ c: [0, 3, 5], r: 1, label: LABEL_CLASS.aneurysm, node: 1 }],
    pathologies: [{ kind: "aneurysm", branch: 0, nodes: [1], severity: 0.5, length: 2, shape: "saccular" }],
  };
}

test("treeStats(tree) counts segments, bifurcations, terminals, branches and roots", () => {
  const s = treeStats(yTree());
  assert.deepEqual([s.nodes, s.segments, s.bifurcations, s.terminals, s.branches, s.roots], [5, 4, 1, 2, 3, 1]);
  assert.deepEqual(s.pathologies, { aneurysm: 1 });
  assert.equal(s.unit, "mm");
});

test("treeStats(tree) measures lengths, angles, Murray residuals and volume", () => {
  const s = treeStats(yTree());
  assert.ok(Math.abs(s.totalLength - 40) < 1e-12);
  assert.deepEqual(
    s.branchLength.values.map((x) => Math.round(x * 1e9) / 1e9),
    [10, 20, 10],
  );
  assert.ok(Math.abs(s.bifurcationAngles[0] - 2 * 36.8699) < 1e-3);
  assert.deepEqual(
    s.branchingAngles.map((a) => Math.round(a * 1000) / 1000),
    [36.87, 36.87],
  );
  assert.ok(s.murrayResidual.max < 1e-15);
  const frustum = (h: number, a: number, b: number) => (Math.PI * h * (a * a + a * b + b * b)) / 3;
  const expected = frustum(10, 2, 2) + 2 * frustum(10, 2, r1) + frustum(10, r1, r1) + (4 / 3) * Math.PI;
  assert.ok(Math.abs(s.volume - expected) < 1e-9);
  // Radius per segment, weighted by length (all segments are 10 long here).
  assert.equal(s.radius.values.length, 4);
  assert.ok(Math.abs(s.radius.percentiles[1] - (2 + r1) / 2) < 1e-12);
});

test("treeStats(tree) gives each branch of two segments or more its tortuosity: distance metric and sum of angles", () => {
  const s = treeStats(yTree());
  assert.equal(s.tortuosity.distanceMetric.values.length, 1);
  assert.ok(Math.abs(s.tortuosity.distanceMetric.values[0] - 20 / Math.hypot(6, 18)) < 1e-12);
  assert.ok(Math.abs(s.tortuosity.sumOfAngles.values[0] - Math.atan2(6, 8) / 20) < 1e-12);
});

test("treeStats(tree) of a lone root is all zeros, never NaN", () => {
  const t = yTree();
  t.nodes = [t.nodes[0]];
  t.branches = [{ nodes: [0], parent: -1, generation: 0, root: 0 }];
  t.blobs = [];
  t.pathologies = [];
  const s = treeStats(t);
  assert.deepEqual([s.segments, s.bifurcations, s.terminals, s.totalLength, s.volume], [0, 0, 0, 0, 0]);
  assert.deepEqual(s.radius.percentiles, [0, 0, 0]);
  assert.ok(!JSON.stringify(s).includes("null"), "no NaN (JSON writes NaN as null)");
});

test("treeStats(tree) of a grown tree agrees with its structure", () => {
  const tree = growTree({ preset: "brain", seed: 1, params: { terminals: 30 } });
  const s = treeStats(tree);
  assert.equal(s.terminals, 30);
  assert.equal(s.bifurcations, 27, "terminals − roots");
  assert.equal(s.segments, tree.nodes.length - 3);
  assert.equal(s.bifurcationAngles.length, s.bifurcations);
  assert.ok(s.bifurcationAngles.every((a) => a > 20 && a < 140));
  assert.ok(s.tortuosity.distanceMetric.min >= 1);
});

test("distribution(values, weights?) gives p10/p50/p90, mean, min and max; weights move the percentiles", () => {
  const d = distribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(d.percentiles, [2, 6, 10]);
  assert.deepEqual([d.mean, d.min, d.max], [6, 1, 11]);
  const w = distribution([1, 10], [8, 2]);
  assert.deepEqual(w.percentiles, [1, 1, 10]);
  assert.ok(Math.abs(w.mean - 2.8) < 1e-12);
  assert.deepEqual(distribution([]).percentiles, [0, 0, 0]);
});
