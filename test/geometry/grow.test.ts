import { test } from "node:test";
import assert from "node:assert/strict";
import { growTree, murrayResidual, resolveParams, treeToJSON, LABEL_CLASS, type VesselTree } from "../../src/geometry/index.js";
import { allFinite, clearanceViolations, segmentCount } from "./checks.js";

// Small trees of every preset, grown once and shared by the checks below.
const small: Record<string, Partial<Record<string, number>>> = {
  brain: {},
  kidney: { terminals: 80 },
  liver: { terminals: 80 },
  coronary: {},
  microvascular: { terminals: 150 },
};
const trees: Array<[string, VesselTree]> = Object.entries(small).flatMap(([preset, params]) =>
  [1, 2].map((seed) => [`${preset} seed ${seed}`, growTree({ preset, seed, params })] as [string, VesselTree]),
);
for (const gamma of [2, 3.7]) trees.push([`brain γ=${gamma}`, growTree({ preset: "brain", seed: 4, params: { murrayExponent: gamma, terminals: 60 } })]);

/** Murray's law is checked to this relative tolerance (the residual is float rounding, ~1e-15). */
const MURRAY_TOLERANCE = 1e-12;

test("growTree({preset, seed}) gives identical JSON for the same seed and a different tree for another", () => {
  const a = treeToJSON(growTree({ preset: "brain", seed: 7 }));
  assert.equal(treeToJSON(growTree({ preset: "brain", seed: 7 })), a);
  assert.notEqual(treeToJSON(growTree({ preset: "brain", seed: 8 })), a);
});

test("growTree(options) regrows the same tree from tree.generator (fully resolved parameters)", () => {
  const tree = growTree({ preset: "coronary", seed: 3, params: { terminals: 20 } });
  assert.deepEqual(tree.generator.params, resolveParams("coronary", { terminals: 20 }));
  const again = growTree({ preset: tree.generator.preset, seed: tree.generator.seed, params: tree.generator.params });
  assert.equal(treeToJSON(again), treeToJSON(tree));
});

test("growTree() grows the brain preset with about 1,000 segments by default", () => {
  const tree = growTree();
  assert.equal(tree.generator.preset, "brain");
  const n = segmentCount(tree);
  assert.ok(n >= 850 && n <= 1200, `${n} segments`);
  assert.equal(tree.nodes.filter((x) => x.parent < 0).length, 3, "three roots (carotids and basilar)");
});

test(`growTree(options) obeys Murray's law at every bifurcation (relative residual < ${MURRAY_TOLERANCE})`, () => {
  for (const [name, tree] of trees) {
    const gamma = tree.generator.params.murrayExponent as number;
    const kids: number[][] = tree.nodes.map(() => []);
    tree.nodes.forEach((n, i) => n.parent >= 0 && kids[n.parent].push(i));
    let bifurcations = 0;
    kids.forEach((k, i) => {
      assert.ok(k.length <= 2, `${name}: node ${i} has ${k.length} children`);
      if (k.length < 2) return;
      bifurcations++;
      const res = murrayResidual(
        tree.nodes[i].r,
        k.map((j) => tree.nodes[j].r),
        gamma,
      );
      assert.ok(res < MURRAY_TOLERANCE, `${name}: residual ${res} at node ${i}`);
    });
    assert.ok(bifurcations > 5, `${name}: ${bifurcations} bifurcations`);
  }
});

test("growTree(options) keeps every healthy radius within [minRadius, maxRadius]", () => {
  for (const [name, tree] of trees) {
    const p = tree.generator.params as { minRadius: number; maxRadius: number };
    for (const [i, n] of tree.nodes.entries()) {
      if (n.label !== LABEL_CLASS.vessel) continue;
      assert.ok(n.r >= p.minRadius - 1e-12 && n.r <= p.maxRadius + 1e-12, `${name}: node ${i} r = ${n.r}`);
    }
  }
});

test("growTree(options) keeps the clearance between every two vessels that are not neighbours along the tree", () => {
  for (const [name, tree] of trees) {
    const bad = clearanceViolations(tree, tree.generator.params.clearance as number);
    assert.deepEqual(bad, [], name);
  }
  const tight = growTree({ preset: "brain", seed: 5, params: { clearance: 1.5, terminals: 80 } });
  assert.deepEqual(clearanceViolations(tight, 1.5), []);
});

test("growTree(options) writes a consistent structure: parents first, branches chained, bounds holding every vessel", () => {
  for (const [name, tree] of trees) {
    assert.ok(allFinite(tree), name);
    tree.nodes.forEach((n, i) => {
      assert.ok(n.parent < i, `${name}: node ${i}`);
      assert.ok(tree.branches[n.branch].nodes.includes(i), `${name}: node ${i} not in its branch`);
      for (let a = 0; a < 3; a++) assert.ok(n.p[a] - n.r >= tree.bounds.min[a] && n.p[a] + n.r <= tree.bounds.max[a], `${name}: bounds`);
    });
    tree.branches.forEach((b, i) => {
      for (let k = 1; k < b.nodes.length; k++) assert.equal(tree.nodes[b.nodes[k]].parent, b.nodes[k - 1], `${name}: branch ${i} chain`);
      if (b.parent >= 0) {
        const parent = tree.branches[b.parent];
        assert.equal(b.nodes[0], parent.nodes[parent.nodes.length - 1], `${name}: branch ${i} starts where its parent ends`);
        assert.equal(b.generation, parent.generation + 1);
      }
    });
  }
});

test("growTree(options) stays inside its domain and respects the terminal target and the segment cap", () => {
  for (const [name, tree] of trees) {
    const p = resolveParams(tree.generator.preset, tree.generator.params);
    const half = [p.domainX / 2, p.domainY / 2, p.domainZ / 2];
    for (const n of tree.nodes) for (let a = 0; a < 3; a++) assert.ok(Math.abs(n.p[a]) <= half[a] + 1e-9, `${name}: node outside the domain box`);
  }
  const capped = growTree({ preset: "brain", seed: 1, params: { maxSegments: 100 } });
  assert.ok(segmentCount(capped) <= 100);
  const few = growTree({ preset: "brain", seed: 1, params: { terminals: 3 } });
  assert.equal(few.nodes.filter((n, i) => n.parent >= 0 && !few.nodes.some((m) => m.parent === i)).length, 3);
});

test("growTree(options) throws a RangeError for invalid parameters, a bad seed and a mask domain without a mask", () => {
  assert.throws(() => growTree({ params: { minRadius: -1 } }), /minRadius = -1/);
  assert.throws(() => growTree({ preset: "spleen" }), RangeError);
  assert.throws(() => growTree({ seed: Number.NaN }), /seed = NaN/);
  assert.throws(() => growTree({ params: { domain: "mask" } }), /domain = "mask" needs a mask volume/);
});
