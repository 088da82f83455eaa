import { test } from "node:test";
import assert from "node:assert/strict";
import { queryNumber, type SynthesisRequest, synthesiseFromTree, synthesisFromSearch, synthesisSearch } from "../../src/lab/index.js";

test("synthesisSearch and synthesisFromSearch round-trip a request: tree, modality, size, seeds, patch voxel, effects off, tuned overrides", () => {
  const req: SynthesisRequest = {
    tree: { preset: "brain", seed: 3, overrides: { terminals: 40 } as SynthesisRequest["tree"]["overrides"] },
    size: 64,
    field: 0.6,
    modality: "cta",
    seed: 5,
    off: ["motion", "dropouts"],
    overrides: { noise: { gaussian: 0.02 } } as SynthesisRequest["overrides"],
  };
  const p = synthesisSearch(req, "source=synthesised+image");
  assert.equal(p.get("source"), "synthesised image");
  const back = synthesisFromSearch(p.toString());
  assert.deepEqual(back.tree.preset, "brain");
  assert.deepEqual(back.tree.seed, 3);
  assert.equal((back.tree.overrides as Record<string, unknown>).terminals, 40);
  assert.deepEqual([back.size, back.field, back.modality, back.seed], [64, 0.6, "cta", 5]);
  assert.deepEqual(back.overrides, req.overrides);
  assert.deepEqual(back.off, ["motion", "dropouts"]);
});

test("synthesisFromSearch falls back to the Synthesise page's defaults for missing or malformed values", () => {
  const r = synthesisFromSearch("preset=brain&modality=xray&size=5&imaging=%7Bnot+json&off=motion,nonsense");
  assert.equal(r.modality, "brain-tof", "the brain tree's default modality");
  assert.equal(r.size, 96);
  assert.equal(r.field, "fit");
  assert.deepEqual(r.overrides, {});
  assert.deepEqual(r.off, ["motion"]);
});

test("an imaging seed of 0 survives the address (a shared link to seed 0 opens seed 0, not the default)", () => {
  assert.equal(synthesisFromSearch("preset=brain&iseed=0").seed, 0);
  assert.equal(synthesisFromSearch("preset=brain").seed, 1);
  assert.equal(synthesisFromSearch("preset=brain&iseed=abc").seed, 1);
});

test("queryNumber keeps 0 and negative numbers, and falls back only for absent, blank or non-numeric values", () => {
  const q = new URLSearchParams("a=0&b=-2.5&c=&d=x&e=%20");
  assert.deepEqual(
    ["a", "b", "c", "d", "e", "missing"].map((k) => queryNumber(q, k, 7)),
    [0, -2.5, 7, 7, 7, 7],
  );
});

test("synthesisSearch keeps a visible label convention in the address (label=visible) and leaves the default lumen out; synthesiseFromTree labels by it", () => {
  const req: SynthesisRequest = {
    tree: { preset: "brain", seed: 3, overrides: { terminals: 20 } as SynthesisRequest["tree"]["overrides"] },
    size: 32,
    field: "fit",
    modality: "brain-tof",
    seed: 2,
    off: [],
    overrides: {},
    label: "visible",
  };
  const p = synthesisSearch(req);
  assert.equal(p.get("label"), "visible");
  assert.equal(synthesisFromSearch(p).label, "visible");
  assert.equal(synthesisSearch({ ...req, label: "lumen" }).get("label"), null);
  assert.equal(synthesisFromSearch("preset=brain&label=wide").label, "lumen");
  const visible = synthesiseFromTree(req),
    lumen = synthesiseFromTree({ ...req, label: undefined });
  assert.equal(lumen.label, lumen.maps.binary);
  assert.deepEqual(visible.image.data, lumen.image.data);
  let wider = 0;
  lumen.maps.binary.data.forEach((x, v) => {
    if (x) assert.equal(visible.label.data[v], 1, `lumen voxel ${v} left out`);
  });
  visible.label.data.forEach((x, v) => {
    wider += x - lumen.maps.binary.data[v];
  });
  assert.ok(wider > 0);
});
