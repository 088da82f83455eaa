import { test } from "node:test";
import assert from "node:assert/strict";
import { growTree, treeStats, LABEL_CLASS, type GrowParams, type VesselTree } from "../../src/geometry/index.js";
import { clearanceViolations } from "./checks.js";

const taper = 0.04;
const none: Partial<GrowParams> = { stenosisProbability: 0, aneurysmProbability: 0, occlusionProbability: 0, tortuosityProbability: 0, terminals: 40, taper };
/** A branch's healthy radius at its start (a daughter's first node; a root's own node). */
const startRadius = (tree: VesselTree, branch: number) => {
  const b = tree.branches[branch];
  return tree.nodes[b.nodes[b.generation > 0 ? 1 : 0]].r;
};
const grow = (params: Partial<GrowParams>, seed = 2): VesselTree => growTree({ preset: "brain", seed, params: { ...none, ...params } });

test("growTree with stenosisProbability 1 narrows branches smoothly and marks the narrowed nodes", () => {
  const tree = grow({ stenosisProbability: 1, stenosisSeverityMin: 0.6, stenosisSeverityMax: 0.6 });
  const stenoses = tree.pathologies.filter((p) => p.kind === "stenosis");
  assert.ok(stenoses.length > 5, `${stenoses.length} stenoses`);
  assert.ok(stenoses.filter((s) => s.severity > 0.55).length > stenoses.length / 2, "most reach (nearly) their planned severity");
  for (const s of stenoses) {
    assert.ok(s.severity > 0 && s.severity <= 0.6);
    assert.ok(s.length > 0);
    const list = tree.branches[s.branch].nodes;
    for (const i of s.nodes) {
      assert.equal(tree.nodes[i].label, LABEL_CLASS.stenosis);
      assert.ok(list.includes(i) && i !== list[0], "on its branch, after its start");
      assert.ok(tree.nodes.filter((n) => n.parent === i).length < 2, "not at a bifurcation");
      if (tree.branches[s.branch].generation > 0) assert.notEqual(i, list[1], "not a daughter's first node");
    }
    // The narrowest node is narrowed by the recorded severity (the healthy radius only tapers from the branch's start).
    const narrowest = Math.min(...s.nodes.map((i) => tree.nodes[i].r));
    const start = startRadius(tree, s.branch);
    assert.ok(narrowest <= start * (1 - s.severity) + 1e-9, `narrowest ${narrowest} vs start ${start}, severity ${s.severity}`);
    assert.ok(narrowest >= start * (1 - taper) * (1 - s.severity) - 1e-9, `narrowest ${narrowest} vs start ${start}, severity ${s.severity}`);
  }
  assert.ok(tree.nodes.every((n) => (n.label === LABEL_CLASS.stenosis) === stenoses.some((s) => s.nodes.includes(tree.nodes.indexOf(n)))));
});

test("growTree with aneurysmProbability 1 and aneurysmSaccular 1 hangs labelled sacs beside vessels", () => {
  const tree = grow({ aneurysmProbability: 1, aneurysmSaccular: 1 });
  const sacs = tree.pathologies.filter((p) => p.kind === "aneurysm");
  assert.ok(sacs.length > 3, `${sacs.length} sacs`);
  assert.equal(tree.blobs.length, sacs.length);
  for (const [k, p] of sacs.entries()) {
    assert.equal(p.shape, "saccular");
    const blob = tree.blobs[k];
    assert.equal(blob.label, LABEL_CLASS.aneurysm);
    assert.deepEqual(p.nodes, [blob.node]);
    const host = tree.nodes[blob.node];
    assert.equal(host.label, LABEL_CLASS.aneurysm);
    assert.ok(Math.abs(blob.r - host.r * (1 + p.severity)) < 1e-9);
    const d = Math.hypot(blob.c[0] - host.p[0], blob.c[1] - host.p[1], blob.c[2] - host.p[2]);
    assert.ok(d < host.r + blob.r, "the sac touches its vessel");
  }
  assert.deepEqual(clearanceViolations(tree, tree.generator.params.clearance as number), []);
});

test("growTree with aneurysmProbability 1 and aneurysmSaccular 0 dilates stretches (fusiform) and marks them", () => {
  const tree = grow({ aneurysmProbability: 1, aneurysmSaccular: 0, aneurysmSeverityMin: 1, aneurysmSeverityMax: 1 });
  const bulges = tree.pathologies.filter((p) => p.kind === "aneurysm");
  assert.ok(bulges.length > 5);
  assert.equal(tree.blobs.length, 0);
  assert.ok(bulges.filter((p) => p.severity > 0.9).length > bulges.length / 2, "most reach (nearly) their planned severity");
  for (const p of bulges) {
    assert.equal(p.shape, "fusiform");
    const widest = Math.max(...p.nodes.map((i) => tree.nodes[i].r));
    const start = startRadius(tree, p.branch);
    assert.ok(widest <= start * (1 + p.severity) + 1e-9 && widest >= start * (1 - taper) * (1 + p.severity) - 1e-9, "dilated by the recorded severity");
    for (const i of p.nodes) assert.equal(tree.nodes[i].label, LABEL_CLASS.aneurysm);
  }
  assert.deepEqual(clearanceViolations(tree, tree.generator.params.clearance as number), []);
});

test("growTree with occlusionProbability 1 stops every non-root branch and grows no subtree from it", () => {
  const tree = grow({ occlusionProbability: 1 });
  const occlusions = tree.pathologies.filter((p) => p.kind === "occlusion");
  assert.ok(occlusions.length >= 2);
  for (const p of occlusions) {
    assert.ok(tree.branches[p.branch].generation > 0);
    const end = p.nodes[0];
    assert.ok(!tree.nodes.some((n) => n.parent === end), "nothing grows past the occlusion");
    assert.ok(p.length > 0, "the missing length is recorded");
  }
  assert.ok(
    tree.branches.every((b) => b.generation <= 1),
    "no branch beyond the first bifurcation",
  );
});

test("growTree with tortuosityProbability 1 coils branches: recorded and far more tortuous than healthy ones", () => {
  const healthy = treeStats(grow({})).tortuosity.distanceMetric.mean;
  const tree = grow({ tortuosityProbability: 1, tortuositySeverityMin: 1, tortuositySeverityMax: 1.2 });
  const marks = tree.pathologies.filter((p) => p.kind === "tortuosity");
  assert.ok(marks.length > 5);
  const coiled = treeStats(tree).tortuosity.distanceMetric.mean;
  assert.ok(coiled > healthy + 0.15, `distance metric ${coiled} vs healthy ${healthy}`);
  assert.deepEqual(clearanceViolations(tree, tree.generator.params.clearance as number), []);
});

test("growTree with every pathology probability 0 records none and labels every node vessel", () => {
  const tree = grow({});
  assert.deepEqual(tree.pathologies, []);
  assert.deepEqual(tree.blobs, []);
  assert.ok(tree.nodes.every((n) => n.label === LABEL_CLASS.vessel));
});
