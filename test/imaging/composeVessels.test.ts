import { test } from "node:test";
import assert from "node:assert/strict";
import { composeVessels, vesselLevels } from "../../src/imaging/index.js";
import { at, constantVolume, maskedMean, tubeLabels } from "./helpers.js";

const base = {
  level: 1,
  invert: false,
  partialVolume: true,
  classGain: { stenosis: 1, aneurysm: 1 },
  flowFade: 1,
  additive: 0,
  backgroundLevel: 0.2,
  floor: 0,
};

test("composeVessels(background, labels, params) makes vessels brighter than the background, and inverted ones darker by as much over tissue lifted to the vessel level", () => {
  const labels = tubeLabels([24, 17, 17], 3);
  const inside = (v: number) => labels.fraction.data[v] === 1,
    outside = (v: number) => labels.fraction.data[v] === 0;
  const bright = composeVessels(constantVolume([24, 17, 17], 0.2), labels, base);
  assert.ok(Math.abs(maskedMean(bright.data, inside) - 1) < 1e-6);
  assert.ok(Math.abs(maskedMean(bright.data, outside) - 0.2) < 1e-6);
  // Dark: the caller lifts the tissue by the contrast (0.8), to 1; the vessels sit at the drawn background level.
  const dark = composeVessels(constantVolume([24, 17, 17], 1), labels, { ...base, invert: true });
  assert.ok(Math.abs(maskedMean(dark.data, inside) - 0.2) < 1e-6);
  assert.ok(Math.abs(maskedMean(dark.data, outside) - 1) < 1e-6);
  for (let v = 0; v < dark.data.length; v++)
    assert.ok(Math.abs(dark.data[v] - dark.data[0] - (bright.data[0] - bright.data[v])) < 1e-6, `voxel ${v}: the bright contrast, downward`);
});

test("composeVessels(background, labels, params) mixes by the partial-volume fraction, or by the binary mask when partialVolume is false", () => {
  const labels = tubeLabels([8, 17, 17], 3);
  const bg = constantVolume([8, 17, 17], 0);
  const pv = composeVessels(bg, labels, { ...base, backgroundLevel: 0 });
  const hard = composeVessels(bg, labels, { ...base, backgroundLevel: 0, partialVolume: false });
  for (let v = 0; v < pv.data.length; v++) {
    assert.ok(Math.abs(pv.data[v] - labels.fraction.data[v]) < 1e-6);
    assert.equal(hard.data[v], labels.binary.data[v]);
  }
});

test("composeVessels(background, labels, params) fades the contrast along the flow to flowFade at the farthest point", () => {
  const labels = tubeLabels([30, 9, 9], 2);
  const out = composeVessels(constantVolume([30, 9, 9], 0.2), labels, { ...base, flowFade: 0.5 });
  const axis = Array.from({ length: 30 }, (_, i) => at(out, i, 4, 4));
  assert.ok(Math.abs(axis[0] - 1) < 1e-6);
  assert.ok(Math.abs(axis[29] - (0.2 + 0.8 * 0.5)) < 1e-6);
  for (let i = 1; i < 30; i++) assert.ok(axis[i] < axis[i - 1]);
});

test("composeVessels(background, labels, params) scales the contrast of stenosis and aneurysm voxels by their class gain", () => {
  const labels = tubeLabels([6, 9, 9], 2, 3);
  const out = composeVessels(constantVolume([6, 9, 9], 0.2), labels, { ...base, classGain: { stenosis: 1, aneurysm: 0.5 } });
  assert.ok(Math.abs(at(out, 3, 4, 4) - 0.6) < 1e-6);
});

test("vesselLevels(level, background, invert) keeps bright draws, and reflects the contrast of dark ones over tissue lifted by it", () => {
  assert.deepEqual(vesselLevels(300, 40, false), { tissue: 40, vessel: 300, lift: 0 });
  assert.deepEqual(vesselLevels(300, 40, true), { tissue: 300, vessel: 40, lift: 260 });
  assert.deepEqual(vesselLevels(0.85, 0.2, true), { tissue: 0.85, vessel: 0.2, lift: 0.85 - 0.2 });
  // Vessels drawn darker than the tissue turn bright when inverted, with nothing lifted.
  assert.deepEqual(vesselLevels(0.1, 0.3, true), { tissue: 0.3, vessel: 0.3 + 0.2, lift: 0 });
  assert.deepEqual(vesselLevels(0.3, 0.3, true), { tissue: 0.3, vessel: 0.3, lift: 0 });
});

test("composeVessels(background, labels, params) refuses label maps on another grid", () => {
  const labels = tubeLabels([6, 9, 9], 2);
  assert.throws(() => composeVessels(constantVolume([6, 9, 8], 0), labels, base), /labels\.fraction has 486 voxels but the image has 432/);
});

test("composeVessels(background, labels, {additive}) paints over the texture at 0, adds the contrast to it at 1, and blends between", () => {
  const dims: [number, number, number] = [10, 17, 17];
  const labels = tubeLabels(dims, 3);
  const bg = constantVolume(dims, 0);
  for (let v = 0; v < bg.data.length; v++) bg.data[v] = 0.1 + 0.02 * (v % 7); // texture about B = 0.2
  const f = labels.fraction.data;
  const painted = composeVessels(bg, labels, { ...base, additive: 0 });
  const added = composeVessels(bg, labels, { ...base, additive: 1 });
  const half = composeVessels(bg, labels, { ...base, additive: 0.5 });
  for (let v = 0; v < f.length; v++) {
    assert.ok(Math.abs(painted.data[v] - ((1 - f[v]) * bg.data[v] + f[v] * 1)) < 1e-6);
    assert.ok(Math.abs(added.data[v] - (bg.data[v] + f[v] * (1 - 0.2))) < 1e-6, "the texture shows through the vessel");
    assert.ok(Math.abs(half.data[v] - (painted.data[v] + added.data[v]) / 2) < 1e-6);
  }
  // Over a flat background at B the two modes agree (the vessel's own signal is the same).
  const flat = constantVolume(dims, 0.2);
  assert.deepEqual(composeVessels(flat, labels, { ...base, additive: 1 }).data, composeVessels(flat, labels, base).data);
});

test("composeVessels(background, labels, {additive: 1, invert: true}) subtracts dark vessels from the texture, never below the floor", () => {
  const labels = tubeLabels([8, 17, 17], 3);
  const bg = constantVolume([8, 17, 17], 0.05);
  const out = composeVessels(bg, labels, { ...base, invert: true, additive: 1 });
  assert.ok(out.data.every((x) => x >= 0));
  assert.ok(
    out.data.some((x, v) => labels.fraction.data[v] === 1 && x === 0),
    "clipped at the floor inside",
  );
  assert.throws(() => composeVessels(bg, labels, { ...base, additive: 2 }), /vessels\.additive = 2/);
});
