import { test } from "node:test";
import assert from "node:assert/strict";
import { readTreeState, writeTreeState, treeLink, growCommand, treeInWords, DEFAULT_SEED } from "../../src/lab/index.js";
import { PRESETS } from "../../src/geometry/index.js";

test("readTreeState(search) reads preset, seed and typed parameter overrides", () => {
  const s = readTreeState("?preset=kidney&seed=42&terminals=300&murrayExponent=2.5&domain=box&size=128");
  assert.equal(s.preset, "kidney");
  assert.equal(s.seed, 42);
  assert.deepEqual(s.overrides, { terminals: 300, murrayExponent: 2.5, domain: "box" });
  assert.deepEqual(s.ignored, []);
});

test("readTreeState(search) with nothing gives the default preset and seed", () => {
  const s = readTreeState("");
  assert.equal(s.preset, "brain");
  assert.equal(s.seed, DEFAULT_SEED);
  assert.deepEqual(s.overrides, {});
});

test("readTreeState(search) skips unknown presets, bad seeds and unparsable values, and lists them", () => {
  const s = readTreeState("?preset=spleen&seed=-3&terminals=lots&domain=cube");
  assert.equal(s.preset, "brain");
  assert.equal(s.seed, DEFAULT_SEED);
  assert.deepEqual(s.overrides, {});
  assert.deepEqual(s.ignored.sort(), ["domain=cube", "preset=spleen", "seed=-3", "terminals=lots"]);
});

test("writeTreeState(state, base) keeps only parameters that differ from the preset, and the page's own parameters", () => {
  const brain = PRESETS.brain.params;
  const q = writeTreeState({ preset: "brain", seed: 9, overrides: { terminals: brain.terminals, curvature: 12 } }, "?size=128&curvature=1");
  assert.equal(q.get("terminals"), null);
  assert.equal(q.get("curvature"), "12");
  assert.equal(q.get("size"), "128");
  assert.equal(q.get("seed"), "9");
});

test("readTreeState(writeTreeState(state)) round-trips", () => {
  const state = { preset: "liver", seed: 123, overrides: { asymmetry: 0.7, rootCount: 2 } };
  const back = readTreeState(writeTreeState(state));
  assert.equal(back.preset, state.preset);
  assert.equal(back.seed, state.seed);
  assert.deepEqual(back.overrides, state.overrides);
});

test("treeLink(page, state) and growCommand(state) carry the same tree", () => {
  const state = { preset: "brain", seed: 5, overrides: { murrayExponent: 2.7 } };
  assert.equal(treeLink("./voxelise", state), "./voxelise?preset=brain&seed=5&murrayExponent=2.7");
  assert.equal(growCommand(state), "npx vessel-lab grow --preset brain --seed 5 --murray-exponent 2.7 --out tree.json");
});

test("treeInWords(state) names the preset, the seed and the parameters changed from the preset, at most three", () => {
  assert.equal(treeInWords({ preset: "brain", seed: 3, overrides: {} }), "the brain tree, seed 3");
  assert.equal(treeInWords({ preset: "brain", seed: 3, overrides: { terminals: 40 } }), "the brain tree, seed 3, terminals 40");
  assert.equal(treeInWords({ preset: "kidney", seed: 0, overrides: { terminals: 40, curvature: 6 } }), "the kidney tree, seed 0, terminals 40 and curvature 6");
  assert.equal(
    treeInWords({ preset: "brain", seed: 1, overrides: { terminals: 40, curvature: 6, tortuosity: 0.2, taper: 0.1 } }),
    "the brain tree, seed 1, terminals 40, curvature 6, tortuosity 0.2 and 1 more",
  );
  assert.equal(
    treeInWords({ preset: "brain", seed: 1, overrides: { terminals: PRESETS.brain.params.terminals } }),
    "the brain tree, seed 1",
    "a value equal to the preset's is no change",
  );
});
