import { test } from "node:test";
import assert from "node:assert/strict";
import { POLARITY_MARGIN, describePolarity, mirrorIntensities, polarityBlocks, polarityHint, vesselPolarity } from "../../src/infer/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { volumeOf } from "./support.js";

/** A deterministic noise in [−1, 1) from a voxel's indices. */
const noise = (i: number, j: number, k: number) => (((Math.imul(i, 73856093) ^ Math.imul(j, 19349663) ^ Math.imul(k, 83492791)) >>> 0) % 2000) / 1000 - 1;

/** Whether voxel (i, j, k) lies inside one of three tubes (radii 1.5, 2.5 and 4 voxels, along x, y and z) of an n³ grid. */
function inTube(i: number, j: number, k: number, n: number): boolean {
  const c = n / 2;
  return (j - c * 0.6) ** 2 + (k - c) ** 2 <= 1.5 ** 2 || (i - c * 1.3) ** 2 + (k - c * 0.7) ** 2 <= 2.5 ** 2 || (i - c * 0.7) ** 2 + (j - c * 1.4) ** 2 <= 16;
}

/** Tissue of 200 ± 10 with three tubes `delta` above it (negative: dark tubes). */
const tubes = (n: number, delta: number) => volumeOf([n, n, n], (i, j, k) => 200 + 10 * noise(i, j, k) + (inTube(i, j, k, n) ? delta : 0));

test("vesselPolarity reads bright tubes in tissue as bright and dark tubes as dark, by more than the margin", () => {
  const bright = vesselPolarity(tubes(48, 100));
  assert.equal(bright.looks, "bright");
  assert.ok(bright.logRatio >= POLARITY_MARGIN + 0.5, `ln ratio ${bright.logRatio}`);
  assert.deepEqual(bright.block, [1, 1, 1]);
  const dark = vesselPolarity(tubes(48, -100));
  assert.equal(dark.looks, "dark");
  assert.ok(dark.logRatio <= -POLARITY_MARGIN - 0.5, `ln ratio ${dark.logRatio}`);
  assert.match(describePolarity(bright), /^bright: bright tubes respond \d+\.\d\d times as strongly as dark ones$/);
  assert.match(describePolarity(dark), /^dark: dark tubes respond \d+\.\d\d times as strongly as bright ones$/);
});

test("vesselPolarity of a mirrored scan is the scan's with the two responses swapped (the statistic is antisymmetric)", () => {
  const v = tubes(40, 80);
  const a = vesselPolarity(v),
    b = vesselPolarity(mirrorIntensities(v));
  assert.ok(Math.abs(a.bright - b.dark) <= 1e-3 * a.bright, `${a.bright} against ${b.dark}`);
  assert.ok(Math.abs(a.dark - b.bright) <= 1e-3 * a.bright, `${a.dark} against ${b.bright}`);
  assert.ok(Math.abs(a.logRatio + b.logRatio) < 1e-3);
  assert.deepEqual([a.looks, b.looks], ["bright", "dark"]);
});

test("vesselPolarity says unclear for noise alone and for a step edge (a plate is not a tube), and for a flat or all-NaN scan", () => {
  const plain = vesselPolarity(volumeOf([40, 40, 40], (i, j, k) => 200 + 10 * noise(i, j, k)));
  assert.equal(plain.looks, "unclear", `ln ratio ${plain.logRatio}`);
  const step = vesselPolarity(volumeOf([40, 40, 40], (i, j, k) => (i < 20 ? 100 : 300) + 10 * noise(i, j, k)));
  assert.equal(step.looks, "unclear", `ln ratio ${step.logRatio}`);
  const flat = vesselPolarity(volumeOf([20, 20, 20], () => 7));
  assert.deepEqual([flat.looks, Number.isNaN(flat.logRatio)], ["unclear", true]);
  assert.match(describePolarity(flat), /^unclear: no tube responded either way/);
  assert.match(
    describePolarity(plain),
    /^unclear: (bright|dark) tubes respond \d+\.\d\d times as strongly as (dark|bright) ones, under the 2\.12 times needed$/,
  );
  const empty = vesselPolarity(volumeOf([10, 10, 10], () => NaN));
  assert.deepEqual([empty.looks, Number.isNaN(empty.logRatio)], ["unclear", true]);
});

test("vesselPolarity reads dark tubes in a block of tissue inside a masked background as dark: the background's edge is not read", () => {
  // 48³ of zeros (masked background, 3/4 of the voxels) around a block of tissue crossed by dark tubes
  const n = 48;
  const inBlock = (i: number, j: number, k: number) => [i, j, k].every((x) => x >= 10 && x < 38);
  const v = volumeOf([n, n, n], (i, j, k) => (!inBlock(i, j, k) ? 0 : 200 + 10 * noise(i, j, k) - (inTube(i, j, k, n) ? 120 : 0)));
  const p = vesselPolarity(v);
  assert.equal(p.looks, "dark", `ln ratio ${p.logRatio}`);
  // mirrored (the zeros kept), the same two responses swapped: the masked background does not break the antisymmetry
  const m = vesselPolarity(mirrorIntensities(v));
  assert.ok(Math.abs(m.bright - p.dark) <= 1e-3 * p.dark && Math.abs(m.dark - p.bright) <= 1e-3 * p.dark, `${JSON.stringify(p)} ${JSON.stringify(m)}`);
  assert.equal(m.looks, "bright");
  // the same block with bright tubes reads bright
  const w = volumeOf([n, n, n], (i, j, k) => (!inBlock(i, j, k) ? 0 : 200 + 10 * noise(i, j, k) + (inTube(i, j, k, n) ? 120 : 0)));
  assert.equal(vesselPolarity(w).looks, "bright");
});

test("vesselPolarity averages a scan of more than a million voxels over blocks first, and reads it the same way", () => {
  const dims: Vec3 = [112, 112, 96]; // 1.2 M voxels: blocks of 2
  const v = volumeOf(dims, (i, j, k) => 200 + 10 * noise(i, j, k) + (inTube(i, j, k, 96) ? 100 : 0), [0.5, 0.5, 0.5]);
  const p = vesselPolarity(v);
  assert.deepEqual(p.block, [2, 2, 2]);
  assert.equal(p.looks, "bright", `ln ratio ${p.logRatio}`);
});

test("polarityBlocks: nothing up to a million voxels, cubes for isotropic voxels, whole slices for thick ones", () => {
  assert.deepEqual(polarityBlocks([100, 100, 100], [1, 1, 1]), [1, 1, 1]);
  // 1.2 M: 2³ blocks leave 56·56·48
  assert.deepEqual(polarityBlocks([112, 112, 96], [0.5, 0.5, 0.5]), [2, 2, 2]);
  // 0.4 × 0.4 × 2 mm, 7.9 M voxels: f = 2 gives blocks 2·2·1 (1.97 M, too many), f = 3 gives 3·3·1 (171·171·30 = 877 k)
  assert.deepEqual(polarityBlocks([512, 512, 30], [0.4, 0.4, 2]), [3, 3, 1]);
  // CT_AVM's grid (0.72 × 0.72 × 1 mm): f = 2 gives 2·2·1 (2.4 M), f = 3 gives 3·3·2 (86·81·77 = 536 k)
  assert.deepEqual(polarityBlocks([256, 242, 154], [0.72, 0.721, 1]), [3, 3, 2]);
});

test("vesselPolarity keeps a thick-slice scan's slices and leaves out a border of as many mm on every axis", () => {
  // 240 × 240 × 30 voxels of 0.5 × 0.5 × 2 mm (1.7 M): blocks of 2·2·1. Dark tubes (radius 3 mm, along x) lie in
  // slices 5–7 and 22–24 only: averaged over 2³ cubes with a 6-voxel border on each axis, as until stop 55, the 15
  // slices left kept only 6–8 of them (fine slices 12–17) and read noise alone ("unclear")
  const inDark = (j: number, k: number) => ((j - 80) * 0.5) ** 2 + ((k - 6) * 2) ** 2 <= 9 || ((j - 160) * 0.5) ** 2 + ((k - 23) * 2) ** 2 <= 9;
  const v = volumeOf([240, 240, 30], (i, j, k) => 200 + 10 * noise(i, j, k) - (inDark(j, k) ? 100 : 0), [0.5, 0.5, 2]);
  const p = vesselPolarity(v);
  assert.deepEqual(p.block, [2, 2, 1]);
  assert.equal(p.looks, "dark", `ln ratio ${p.logRatio}`);
});

test("polarityHint says to give --dark (or the page's choice) only when the tubes read dark and dark vessels were not chosen", () => {
  const dark = vesselPolarity(tubes(40, -100)),
    bright = vesselPolarity(tubes(40, 100)),
    unclear = vesselPolarity(volumeOf([40, 40, 40], (i, j, k) => 200 + 10 * noise(i, j, k)));
  assert.match(
    polarityHint(dark, false) ?? "",
    /^its dark tubes respond \d+\.\d\d times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), give --dark$/,
  );
  assert.match(polarityHint(dark, false, { give: 'choose "darker"' }) ?? "", /\(black-blood\), choose "darker"$/);
  assert.equal(polarityHint(dark, true), null, "dark vessels chosen: nothing to add");
  // a bright reading says nothing either way: the simulator's dark-vessel samples often read bright
  assert.equal(polarityHint(bright, false), null);
  assert.equal(polarityHint(bright, true), null);
  assert.equal(polarityHint(unclear, false), null);
});
