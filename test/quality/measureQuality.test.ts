import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { mirrorIntensities } from "../../src/infer/index.js";
import { measureQuality, qualityFigure, type QualityCase, type RealVolume, vesselContrast } from "../../src/quality/index.js";
import { createVolume, type Volume } from "../../src/volume/index.js";

// A "model" that knows the answer for the volumes it was shown: the label itself, so its Dice is 1.
function oracle(pairs: [Volume, Volume][]) {
  const spacings: unknown[] = [];
  const segment = async (v: Volume, spacing?: unknown) => {
    spacings.push(spacing);
    const label = pairs.find(([image]) => image.data === v.data)?.[1];
    const out = createVolume(Uint8Array, v.dims, v.spacing, v.affine);
    if (label) for (let i = 0; i < out.data.length; i++) out.data[i] = label.data[i] > 0 ? 1 : 0;
    return out;
  };
  return { segment, spacings };
}

function tube(n: number, half = false): RealVolume {
  const image = createVolume(Float32Array, [n, n, n]);
  const label = createVolume(Uint8Array, [n, n, n]);
  for (let z = 0; z < n; z++)
    for (let y = 6; y < 10; y++)
      for (let x = 6; x < 10; x++) {
        const i = x + n * (y + n * z);
        image.data[i] = 1;
        if (!half || z < n / 2) label.data[i] = 1;
      }
  return { name: half ? "aorta" : "lightsheet", image, label, recallOnly: half, detail: "a tube" };
}

/** A 0/1 volume of side n holding 1 in the box [lo, hi) (x, y, z). */
function box(n: number, lo: [number, number, number], hi: [number, number, number]): Volume<Uint8Array> {
  const v = createVolume(Uint8Array, [n, n, n]);
  for (let z = lo[2]; z < hi[2]; z++) for (let y = lo[1]; y < hi[1]; y++) for (let x = lo[0]; x < hi[0]; x++) v.data[x + n * (y + n * z)] = 1;
  return v;
}

test("measureQuality scores each synthetic preset and the set, real volumes by name, lightsheet also at the native grid and the aorta by recall", async () => {
  const light = tube(16);
  const aorta = tube(16, true);
  // its visible extent: a wider tube, 9×9 voxels a slice against the label's 4×4
  const geo: RealVolume = { ...tube(16), name: "realgeom_tube", visibleLabel: box(16, [3, 3, 0], [12, 12, 16]) };
  // a second rendered mask of the same size, whose model mask differs: its visible score must not reuse the first's
  const slab = box(16, [0, 0, 0], [16, 16, 8]); // the lower half of the volume
  const geo2: RealVolume = { name: "realgeom_slab", image: slab, label: slab, visibleLabel: slab, recallOnly: false, detail: "a slab" };
  // the synthetic samples measureQuality will draw: the same recipe, so the oracle recognises them by their bytes
  const plan = { perPreset: 1, perPresetWide: 1, perPresetDark: 1, size: 24, presets: ["microscopy"] as const, labelConvention: "lumen" as const };
  const samples = (["scanner", "wide"] as const).map((voxels) =>
    makeSample(sampleSpec(0, { seed: 99, preset: "microscopy", size: 24, voxels, labelConvention: "lumen" })),
  );
  // the synthdark sample (the wide one with dark vessels): the oracle knows it as made and knows it mirrored, but marks
  // nothing on the scan as made, so that the two sets' figures differ
  const dark = makeSample(sampleSpec(0, { seed: 99, preset: "microscopy", size: 24, voxels: "wide", labelConvention: "lumen", darkVessels: 1 }));
  assert.ok(vesselContrast(dark.image, dark.label) < 0, "its vessels are darker than the tissue around them, so the set takes it");
  samples.push({ ...dark, image: mirrorIntensities(dark.image) });
  const cases: QualityCase[] = [];
  const lines: string[] = [];
  // makeSample is deterministic, but each call allocates new arrays: recognise the image by its values
  const pairs: [Volume, Volume][] = [
    [light.image, light.label],
    [aorta.image, aorta.label],
    [geo.image, geo.label],
    [geo2.image, geo2.label],
  ];
  const { segment, spacings } = oracle(pairs);
  const byValue = async (v: Volume, spacing?: unknown) => {
    const same = (image: Volume) => image.data.length === v.data.length && image.data.every((x, i) => x === v.data[i]);
    if (same(dark.image)) return createVolume(Uint8Array, v.dims, v.spacing, v.affine);
    const s = samples.find((s) => same(s.image));
    return s ? oracle([[v, s.label]]).segment(v) : segment(v, spacing);
  };
  const rows = await measureQuality({
    segment: byValue as never,
    plan,
    real: [geo, geo2, light, aorta],
    log: (l) => lines.push(l),
    onCase: (c) => cases.push(c),
  });
  const figure = (name: string) => rows.find((r) => qualityFigure(r) === name);
  for (const name of [
    "quality_synthetic_microscopy_dice_model",
    "quality_synthetic_dice_model",
    "quality_synthwide_dice_model",
    "quality_synthdark_mirrored_dice_model",
    "quality_realgeom_tube_dice_model",
    "quality_realgeom_dice_model",
    "quality_lightsheet_dice_model",
    "quality_lightsheet_native_dice_model",
  ]) {
    assert.equal(figure(name)?.value, 1, `${name}: the oracle's Dice is 1`);
  }
  // against the visible extent, the same mask (the 4×4 tube): Dice 2·16 / (16 + 81) a slice, recall 16/81, precision 1
  assert.ok(Math.abs(figure("quality_realgeomvis_tube_dice_model")!.value - 32 / 97) < 1e-12);
  assert.equal(figure("quality_realgeomvis_slab_dice_model")?.value, 1, "the slab's own mask against its own label");
  assert.ok(Math.abs(figure("quality_realgeomvis_dice_model")!.value - (32 / 97 + 1) / 2) < 1e-12);
  assert.equal(figure("quality_realgeomvis_tube_cldice_model")?.n, 1);
  assert.equal(spacings.filter((s) => s === undefined).length, 4, "each real volume at the card's scale segmented once: realgeomvis reuses realgeom's mask");
  assert.equal(figure("quality_synthdark_dice_model")?.value, 0, "the scan as made: the oracle marks nothing");
  assert.equal(figure("quality_synthdark_dice_otsu"), undefined, "the baselines run on the mirrored scan only");
  assert.ok(figure("quality_synthdark_mirrored_dice_otsu")!.value >= 0);
  assert.equal(figure("quality_aorta_recall_model")?.value, 1, "the oracle marks every labelled voxel");
  assert.equal(figure("quality_aorta_dice_model"), undefined, "the aorta's partial label gives recall only");
  assert.equal(figure("quality_lightsheet_native_dice_otsu"), undefined, "the native grid scores the model only");
  // Otsu on a clean two-level tube finds it exactly
  assert.equal(figure("quality_lightsheet_dice_otsu")?.value, 1);
  assert.ok(figure("quality_synthetic_dice_frangi")!.value >= 0 && figure("quality_synthetic_dice_frangi")!.value <= 1);
  assert.equal(figure("quality_synthetic_dice_model")?.n, 1);
  assert.ok(spacings.includes("native"), "lightsheet's second pass asks for the native grid");
  assert.deepEqual(
    cases.map((c) => c.set),
    ["synthetic", "synthwide", "synthdark", "synthdark_mirrored", "realgeom_tube", "realgeom_slab", "lightsheet", "lightsheet_native", "aorta"],
  );
  assert.ok(cases.every((c) => c.modelMask.dims.join() === c.label.dims.join()));
  assert.ok(lines.some((l) => l.startsWith("synthetic microscopy: model 1.000")));
});

test("measureQuality refuses a plan without a whole number of samples per preset", async () => {
  await assert.rejects(
    measureQuality({ segment: async (v) => createVolume(Uint8Array, v.dims), plan: { perPreset: 1.5, perPresetWide: 0, labelConvention: "lumen" } }),
    /plan.perPreset = 1.5/,
  );
});

test("measureQuality's synthdark sets take the first samples drawn dark whose vessels are darker than the tissue around them, in order", async () => {
  // liver-cta #6 of seed 99 at 24³ holds no vessel (contrast NaN): passed over
  const plan = { perPreset: 0, perPresetWide: 0, perPresetDark: 7, size: 24, presets: ["liver-cta"] as const, labelConvention: "lumen" as const };
  const darker: number[] = [];
  for (let i = 0; darker.length < 7; i++) {
    const s = makeSample(sampleSpec(i, { seed: 99, preset: "liver-cta", size: 24, voxels: "wide", labelConvention: "lumen", darkVessels: 1 }));
    if (vesselContrast(s.image, s.label) < 0) darker.push(i);
  }
  assert.ok(darker.at(-1)! > 2, `some of the first samples are passed over (taken: ${darker})`);
  const cases: QualityCase[] = [];
  const lines: string[] = [];
  const rows = await measureQuality({
    segment: async (v) => createVolume(Uint8Array, v.dims, v.spacing, v.affine),
    plan,
    log: (l) => lines.push(l),
    onCase: (c) => cases.push(c),
  });
  assert.deepEqual(
    cases.filter((c) => c.set === "synthdark").map((c) => c.index),
    darker,
  );
  assert.deepEqual(
    cases.filter((c) => c.set === "synthdark_mirrored").map((c) => c.index),
    darker,
  );
  assert.equal(rows.find((r) => qualityFigure(r) === "quality_synthdark_dice_model")?.n, 7);
  assert.ok(lines.some((l) => l.startsWith(`synthdark (7 of ${darker.at(-1)! + 1} samples drawn with dark vessels`)));
});
