import { test } from "node:test";
import assert from "node:assert/strict";
import {
  LAB_PAGES,
  PAGE_KEYS,
  PAGE_SIZES,
  TREE_PAGES,
  VOLUME_PAGES,
  carriedSearch,
  pageOfPath,
  pageSize,
  readTreeState,
  synthesisFromSearch,
  urlNotes,
  writeFitModality,
  writeFitPresets,
  writeFitSettings,
  writeVolumeChoice,
  DEFAULT_FIT_SETTINGS,
  synthesisSearch,
  type SynthesisRequest,
} from "../../src/lab/index.js";
import { PARAM_SPECS } from "../../src/geometry/index.js";

test("pageOfPath(pathname) names the lab's pages from a path, a relative link or a built file, and null for others", () => {
  assert.equal(pageOfPath("/grow"), "grow");
  assert.equal(pageOfPath("./voxelise"), "voxelise");
  assert.equal(pageOfPath("/lab/synthesise.html"), "synthesise");
  assert.equal(pageOfPath("/reconstruct?x=1#top"), "reconstruct");
  assert.equal(pageOfPath("/"), "home");
  assert.equal(pageOfPath("./"), "home");
  assert.equal(pageOfPath("/index.html"), "home");
  assert.equal(pageOfPath("/models/README"), null);
  assert.equal(pageOfPath("/404"), null);
});

test("carriedSearch(from, to, search) carries a custom tree from Grow to Voxelise, and Voxelise's tree and size to Synthesise", () => {
  const grow = "preset=kidney&seed=3&terminals=40&curvature=6";
  const toVoxelise = carriedSearch("grow", "voxelise", grow);
  assert.deepEqual(readTreeState(toVoxelise), { preset: "kidney", seed: 3, overrides: { terminals: 40, curvature: 6 }, ignored: [] });
  const voxelise = `${toVoxelise}&size=96&path=cpu`;
  const toSynthesise = carriedSearch("voxelise", "synthesise", voxelise);
  const r = synthesisFromSearch(toSynthesise);
  assert.deepEqual(r.tree, { preset: "kidney", seed: 3, overrides: { terminals: 40, curvature: 6 } });
  assert.equal(r.size, 96, "Voxelise's volume size, which Synthesise offers");
  assert.equal(toSynthesise.get("path"), "cpu", "kept for the way back to Voxelise");
});

test("carriedSearch(from, to, search) keeps what the target does not read, so the imaging survives a visit to Grow", () => {
  const synth =
    "preset=brain&seed=2&terminals=30&modality=cta&size=64&iseed=5&off=motion&label=visible&voxel=0.6&imaging=%7B%22noise%22%3A%7B%22gaussian%22%3A0.02%7D%7D";
  const there = carriedSearch("synthesise", "grow", synth);
  const back = carriedSearch("grow", "synthesise", there);
  assert.deepEqual(Object.fromEntries(back), Object.fromEntries(new URLSearchParams(synth)));
});

test("carriedSearch(from, to, search) opens a volume page on the tree's synthesised image from a tree page, and leaves the volume choice between volume pages", () => {
  const req: SynthesisRequest = {
    tree: { preset: "brain", seed: 3, overrides: { terminals: 40 } as never },
    size: 64,
    field: 0.6,
    modality: "cta",
    seed: 5,
    off: ["motion"],
    overrides: {},
    label: "visible",
  };
  const synth = synthesisSearch(req);
  for (const from of TREE_PAGES)
    for (const to of VOLUME_PAGES) {
      const q = carriedSearch(from, to, synth);
      assert.equal(q.get("source"), "synthesised image", `${from} → ${to}`);
      assert.deepEqual(synthesisFromSearch(q), req, `${from} → ${to}: the Synthesise page's image`);
    }
  const scan = "source=real+scan&scan=ixi-tof&provider=wasm&scale=x2";
  for (const from of VOLUME_PAGES)
    for (const to of VOLUME_PAGES)
      assert.deepEqual(Object.fromEntries(carriedSearch(from, to, scan)), Object.fromEntries(new URLSearchParams(scan)), `${from} → ${to}`);
  // Home is not a tree page: from it the volume pages keep their own choice
  assert.equal(carriedSearch("home", "segment", scan).get("source"), "real scan");
});

test("PAGE_KEYS: the tree pages read every growth parameter, no growth parameter shares a name with a page's own setting, and the pages' writers use only their keys", () => {
  const tree = ["preset", "seed", ...PARAM_SPECS.map((s) => s.key)];
  for (const page of TREE_PAGES) for (const k of tree) assert.ok(PAGE_KEYS[page].includes(k), `${page} reads ${k}`);
  const own = new Set(LAB_PAGES.flatMap((p) => PAGE_KEYS[p]).filter((k) => !tree.includes(k)));
  for (const k of PARAM_SPECS.map((s) => s.key)) assert.ok(!own.has(k), `growth parameter ${k} clashes with a page setting`);
  // what the Synthesise page's request and the volume and fit settings write is read by the pages that write it
  const req: SynthesisRequest = {
    tree: { preset: "brain", seed: 3, overrides: { terminals: 40 } as never },
    size: 64,
    field: 0.6,
    modality: "cta",
    seed: 5,
    off: ["motion"],
    overrides: { noise: { gaussian: 0.1 } } as never,
    label: "visible",
  };
  for (const k of synthesisSearch(req).keys()) assert.ok(PAGE_KEYS.synthesise.includes(k), `synthesise reads ${k}`);
  const choice = writeVolumeChoice(
    {
      source: "synthetic sample",
      sample: { preset: "brain-tof", index: 1, size: 32, seed: 2 },
      keptId: null,
      scan: null as never,
      file: null,
      labelFile: null,
    },
    new URLSearchParams(),
  );
  for (const page of VOLUME_PAGES) for (const k of choice.keys()) assert.ok(PAGE_KEYS[page].includes(k), `${page} reads ${k}`);
  const fit = writeFitSettings(
    { ...DEFAULT_FIT_SETTINGS, rounds: 2, population: 5, samples: 2, finalSamples: 3, seed: 9, image: false },
    new URLSearchParams(),
  );
  for (const k of fit.keys()) assert.ok(PAGE_KEYS.fit.includes(k), `fit reads ${k}`);
  const search = writeFitModality("microscopy", writeFitPresets(["microscopy"], new URLSearchParams()));
  for (const k of search.keys()) assert.ok(PAGE_KEYS.fit.includes(k), `fit reads ${k}`);
});

test("pageSize(page, search) takes a side the page offers, else the nearest with a note; the default without a note when there is none", () => {
  assert.deepEqual(pageSize("voxelise", ""), { value: PAGE_SIZES.voxelise.value, note: null });
  assert.deepEqual(pageSize("synthesise", ""), { value: PAGE_SIZES.synthesise.value, note: null });
  assert.deepEqual(pageSize("synthesise", "size=64"), { value: 64, note: null });
  assert.deepEqual(pageSize("voxelise", "size=64"), { value: 64, note: null });
  const big = pageSize("synthesise", "size=256");
  assert.equal(big.value, 160);
  assert.match(big.note!, /asked for 256 voxels per side; this page makes 48 to 160 voxels per side in steps of 16, so it shows 160/);
  assert.equal(pageSize("voxelise", "size=48").value, 64);
  assert.equal(pageSize("voxelise", "size=80").value, 96, "the nearest step (80 is halfway: rounds up)");
  assert.equal(pageSize("voxelise", "size=112").value, 128);
  const junk = pageSize("voxelise", "size=big");
  assert.equal(junk.value, 128);
  assert.match(junk.note!, /"big", is not a number/);
});

test("urlNotes(page, search) says what a page could not take from its link, and nothing when it took everything", () => {
  assert.deepEqual(urlNotes("voxelise", "preset=brain&seed=3&terminals=40&size=96"), []);
  assert.deepEqual(urlNotes("grow", "preset=brain&seed=3&size=48"), [], "Grow has no volume size");
  const v = urlNotes("voxelise", "preset=spleen&seed=3&size=48");
  assert.equal(v.length, 2);
  assert.match(v[0], /preset=spleen/);
  assert.match(v[1], /shows 64/);
  const s = urlNotes("synthesise", "preset=brain&modality=xray&imaging=%7Bnot");
  assert.equal(s.length, 2);
  assert.match(s[0], /modality "xray"/);
  assert.match(s[1], /tuned imaging settings could not be read/);
  assert.deepEqual(urlNotes("segment", "size=999&modality=xray"), [], "the volume pages check their own inputs");
});
