import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLike, LIKE_FORMAT, LIKE_VERSION, withDarkVessels, type LikeParams, type SamplePresetName } from "../../src/dataset/index.js";
import type { FitResult } from "../../src/fit/index.js";
import { fitFileText, fitGrowState, fitSourceOf, fitSynthesiseLink, generateLikeCommand, readTreeState, synthesisFromSearch } from "../../src/lab/index.js";

const like = (preset: SamplePresetName, growth: Partial<LikeParams["growth"]> = {}, rest: Partial<LikeParams> = {}): LikeParams => ({
  format: LIKE_FORMAT,
  version: LIKE_VERSION,
  preset,
  growth: { terminals: 1, lengthRatio: 1, curvature: 1, tortuosity: 1, ...growth },
  imaging: { contrast: 1.5, noise: 0.5, blur: 2 },
  voxelSize: 0.6,
  anisotropy: 1,
  depth: 1,
  ...rest,
});
const search = (size = 48, labelConvention: "lumen" | "visible" = "visible") => ({
  seed: 1,
  size,
  samples: 5,
  finalSamples: 12,
  candidates: 72,
  labelConvention,
  presets: [],
  modality: null,
  modalities: [],
});

test("fitGrowState(like) is the sample preset's tree with the fitted growth parameters (preset value × factor, 4 digits) as its only overrides", () => {
  // kidney: terminals 250, lengthRatio 8, curvature 2.5, tortuosity 0.06
  const state = fitGrowState(like("kidney-cta", { terminals: 2, lengthRatio: 0.5, tortuosity: 1.2345 }));
  assert.deepEqual(state, { preset: "kidney", seed: 7, overrides: { terminals: 500, lengthRatio: 4, tortuosity: 0.07407 } });
  // terminals stay whole: 250 × 1.2345 = 308.6
  assert.equal(fitGrowState(like("kidney-cta", { terminals: 1.2345 }), 3).overrides.terminals, 309);
  assert.deepEqual(fitGrowState(like("brain-tof")), { preset: "brain", seed: 7, overrides: {} });
  assert.throws(() => fitGrowState(like("lung" as never)), /like.preset = "lung"/);
});

test("fitSynthesiseLink(fit) opens the Synthesise page on the fitted tree, the preset's modality, a scan-like patch at the fitted voxel size and the fit's label, as synthesisFromSearch reads them", () => {
  const fit = { like: like("kidney-cta", { terminals: 2 }, { voxelSize: 0.45 }), search: search(48, "visible") };
  const link = fitSynthesiseLink(fit);
  assert.deepEqual(readTreeState(link.search), { ...fitGrowState(fit.like), ignored: [] });
  const req = synthesisFromSearch(link.search);
  assert.equal(req.modality, "cta");
  assert.equal(req.size, 48);
  assert.equal(req.field, 0.45);
  assert.equal(req.label, "visible");
  // always said: the imaging factors and each sample's own draw; the voxel size and size are carried as they are
  assert.equal(link.notCarried.length, 2);
  assert.match(link.notCarried[0], /imaging factors \(contrast ×1\.50, noise ×0\.50, blur ×2\.00\)/);
  assert.match(link.notCarried[1], /each sample's own draw/);
  assert.equal(fitSynthesiseLink({ ...fit, search: search(48, "lumen") }).search.get("label"), null);
  // a tree imaged as another preset's modality (fit --modality): the tree stays, the modality is the other's
  const imaged = fitSynthesiseLink({ like: like("brain-cemra", {}, { version: 2, modality: "microscopy" }), search: search(48) });
  assert.equal(synthesisFromSearch(imaged.search).modality, "microscopy");
  assert.equal(readTreeState(imaged.search).preset, "brain");
});

test("fitSynthesiseLink says what it cannot carry: a voxel size outside the page's range (clamped) or off its step (rounded), smaller samples, thick slices", () => {
  const clamped = fitSynthesiseLink({ like: like("coronary-cta", {}, { voxelSize: 0.045 }), search: search(32) });
  assert.equal(clamped.search.get("voxel"), "0.2");
  assert.equal(clamped.search.get("size"), "48");
  assert.match(clamped.notCarried[0], /^the voxel size: the fit's 0\.045 mm lies outside the page's 0\.2–2 mm, so the link carries 0\.2 mm$/);
  assert.match(clamped.notCarried[1], /the fit measured 32-voxel samples, the page's smallest is 48/);
  const rounded = fitSynthesiseLink({ like: like("microscopy", {}, { voxelSize: 1.234, anisotropy: 2.5, depth: 0.5 }), search: search(48) });
  assert.equal(rounded.search.get("voxel"), "1.25");
  assert.equal(rounded.search.get("modality"), "microscopy");
  assert.match(rounded.notCarried[0], /the voxel size exactly: the fit's 1\.23 µm is rounded to the page's step, 1\.25 µm/);
  assert.match(rounded.notCarried[1], /slices 2\.50 times the in-plane voxel and 0\.50 times as many slices/);
  // a fit of dark vessels (like.dark): the same link with the page's image made dark, as synthesisFromSearch reads it
  const fit = { like: like("brain-tof"), search: search(48) };
  const bright = fitSynthesiseLink(fit),
    dark = fitSynthesiseLink({ ...fit, like: withDarkVessels(fit.like) });
  assert.deepEqual(synthesisFromSearch(dark.search).overrides, { vessels: { invert: true } });
  assert.deepEqual(synthesisFromSearch(bright.search).overrides, {});
  dark.search.delete("imaging");
  assert.equal(dark.search.toString(), bright.search.toString(), "nothing else differs");
  assert.deepEqual(dark.notCarried, bright.notCarried);
});

test("fitFileText(fit, source) is the fit and its source as `vessel-lab fit` writes them, whose like generate --like accepts; generateLikeCommand names the file and the fit's label convention", () => {
  const fit = { format: "vessel-lab/fit", version: 1, like: like("liver-cta", { curvature: 2 }), search: search(32, "lumen") } as unknown as FitResult;
  const text = fitFileText(fit, { scan: "scan.nii.gz", mask: null, maskFrom: "vesselness", seconds: 12.345 });
  assert.ok(text.endsWith("}\n"));
  assert.equal(text, `${JSON.stringify({ ...fit, source: { scan: "scan.nii.gz", mask: null, maskFrom: "vesselness", seconds: 12.3 } }, null, 1)}\n`);
  assert.deepEqual(checkLike(JSON.parse(text).like), fit.like);
  assert.equal(generateLikeCommand(fit), "npx vessel-lab generate --like fit.json --count 1000 --size 64 --label-convention lumen --out data/like");
  assert.equal(
    generateLikeCommand(fit, { file: "liver.json", count: 10, size: 32, out: "x" }),
    "npx vessel-lab generate --like liver.json --count 10 --size 32 --label-convention lumen --out x",
  );
  // a fit of dark vessels: the command says --dark-vessels 1 (generate also reads it from the like record)
  assert.equal(
    generateLikeCommand({ ...fit, like: withDarkVessels(fit.like) }),
    "npx vessel-lab generate --like fit.json --count 1000 --size 64 --label-convention lumen --dark-vessels 1 --out data/like",
  );
});

test("fitSourceOf(volume) records the user's mask file as the CLI's --mask does, a synthetic volume's own label, or the vesselness mask", () => {
  assert.deepEqual(fitSourceOf({ name: "scan.nii.gz", mask: "label", source: "your file", labelFile: "mask.nii.gz", seconds: 3 }), {
    scan: "scan.nii.gz",
    mask: "mask.nii.gz",
    maskFrom: "file",
    seconds: 3,
  });
  assert.deepEqual(fitSourceOf({ name: "synthetic liver-cta sample 7", mask: "label", source: "synthetic sample", seconds: 3 }), {
    scan: "synthetic liver-cta sample 7",
    mask: null,
    maskFrom: "label",
    seconds: 3,
  });
  assert.deepEqual(fitSourceOf({ name: "scan.nii.gz", mask: "vesselness", source: "your file", labelFile: "mask.nii.gz", seconds: 1 }), {
    scan: "scan.nii.gz",
    mask: null,
    maskFrom: "vesselness",
    seconds: 1,
  });
});
