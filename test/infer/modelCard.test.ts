import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_MODEL_CARD, MAX_OVERLAP, describeSpacing, modelSpacing, parseModelCard, parseSpacingFactor, withOverlap } from "../../src/infer/index.js";

test("parseModelCard({}) gives DEFAULT_MODEL_CARD: stride 8, 64³ tiles, overlap 0.5, 0.5/99.5 percentiles clipped, native grid, threshold 0.5", () => {
  const card = parseModelCard({});
  assert.deepEqual(card, DEFAULT_MODEL_CARD);
  assert.deepEqual(
    [card.stride, card.tile, card.overlap, card.normalisation, card.spacing, card.threshold],
    [8, [64, 64, 64], 0.5, { percentiles: [0.5, 99.5], clip: true }, "native", 0.5],
  );
  // the defaults are not shared: editing a parsed card leaves the next one alone
  card.tile[0] = 8;
  card.normalisation.percentiles[0] = 1;
  assert.deepEqual(parseModelCard({}).tile, [64, 64, 64]);
  assert.deepEqual(parseModelCard({}).normalisation.percentiles, [0.5, 99.5]);
});

test("parseModelCard(json) reads every field, accepts shorthands (one number for tile and spacing, output as a kind, top-level percentiles) and ignores unknown fields", () => {
  const card = parseModelCard({
    name: "VesselUNet",
    stride: 4,
    tile: [64, 48, 32],
    overlap: 0.25,
    normalisation: { percentiles: [1, 99], clip: false },
    spacing: [0.5, 0.5, 0.8],
    threshold: 0.4,
    input: "image",
    output: { name: "seg", kind: "logit" },
    reconstruction: "rec",
    adaptationInputs: { adapt_scale: 1, adapt_shift: 0 },
    metrics: { dice: 0.9 },
  });
  assert.equal(card.name, "VesselUNet");
  assert.deepEqual(card.tile, [64, 48, 32]);
  assert.deepEqual(card.normalisation, { percentiles: [1, 99], clip: false });
  assert.deepEqual(card.spacing, [0.5, 0.5, 0.8]);
  assert.deepEqual(card.output, { name: "seg", kind: "logit" });
  assert.deepEqual([card.input, card.reconstruction, card.adaptationInputs], ["image", "rec", { adapt_scale: 1, adapt_shift: 0 }]);
  const short = parseModelCard({ tile: 32, spacing: 0.7, output: "prob", percentiles: [2, 98] });
  assert.deepEqual(
    [short.tile, short.spacing, short.output, short.normalisation.percentiles],
    [[32, 32, 32], [0.7, 0.7, 0.7], { name: null, kind: "probability" }, [2, 98]],
  );
});

test('parseModelCard reads the older spelling "normalization" of cards written before the rename, and refuses both spellings at once', () => {
  const old = parseModelCard({ stride: 4, tile: 16, normalization: { percentiles: [1, 99], clip: false } });
  assert.deepEqual(old.normalisation, { percentiles: [1, 99], clip: false });
  assert.deepEqual(old, parseModelCard({ stride: 4, tile: 16, normalisation: { percentiles: [1, 99], clip: false } }));
  assert.throws(() => parseModelCard({ normalization: { percentiles: [99, 1] } }), /normalization\.percentiles = \[99,1\]; give \[low, high\]/);
  assert.throws(() => parseModelCard({ normalization: { clip: "yes" } }), /normalization\.clip = "yes"; give true or false/);
  assert.throws(
    () => parseModelCard({ normalisation: { percentiles: [1, 99] }, normalization: { percentiles: [1, 99] } }),
    /normalization = .*; give the normalisation once: as normalisation/,
  );
});

test("parseModelCard(json, source) throws a RangeError naming the source, the field, its value and what it must be", () => {
  const cases: Array<[unknown, RegExp]> = [
    [[1, 2], /^RangeError: models\/x\.json: the card = \[1,2\]; it must be a JSON object$/],
    [{ stride: 0 }, /stride = 0; give a positive integer/],
    [{ tile: 60 }, /tile = \[60,60,60\]; each side must be a multiple of stride 8/],
    [{ stride: 4, tile: [16, 16] }, /tile = \[16,16\]; give a positive integer or \[x, y, z\]/],
    [{ overlap: 1 }, /overlap = 1; give a fraction 0 ≤ overlap ≤ 0\.9/],
    [{ overlap: 0.95 }, /overlap = 0\.95; give a fraction 0 ≤ overlap ≤ 0\.9 \(the most the lab runs\)/],
    [{ normalisation: { percentiles: [99, 1] } }, /normalisation\.percentiles = \[99,1\]; give \[low, high\] with 0 ≤ low < high ≤ 100/],
    [{ spacing: "iso" }, /spacing = "iso"; give "auto", "native", a voxel size in mm, \[x, y, z\] in mm, or "x2" \(voxels twice the scan's finest side\)/],
    [{ spacing: "x0" }, /spacing = "x0"; give "auto", "native"/],
    [{ spacing: "x17" }, /spacing = "x17"; give "auto", "native"/],
    [{ spacing: [1, 0, 1] }, /spacing = \[1,0,1\]/],
    [{ threshold: 2 }, /threshold = 2; give a probability in \[0, 1\]/],
    [{ output: "softmax" }, /output = "softmax"; give "probability" or "logit"/],
    [{ output: { kind: "raw" } }, /output\.kind = "raw"/],
    [
      { adaptationInputs: ["adapt_scale"] },
      /adaptationInputs = \["adapt_scale"\]; give \{"input name": identity value, \.\.\.\}, e\.g\. \{"adapt_scale": 1, "adapt_shift": 0\}/,
    ],
  ];
  for (const [json, message] of cases)
    assert.throws(
      () => parseModelCard(json, "models/x.json"),
      (e: Error) => e instanceof RangeError && message.test(String(e)),
      JSON.stringify(json),
    );
});

test('a relative spacing: "x2", "2x" and "×1.5" parse to factors; modelSpacing makes isotropic voxels of factor × the finest side', () => {
  assert.deepEqual(parseModelCard({ spacing: "x2" }).spacing, { factor: 2 });
  assert.deepEqual(parseModelCard({ spacing: "2x" }).spacing, { factor: 2 });
  assert.deepEqual(parseModelCard({ spacing: "×1.5" }).spacing, { factor: 1.5 });
  assert.equal(parseSpacingFactor("2"), null, "a bare number is mm, not a factor");
  assert.equal(parseSpacingFactor("native"), null);
  assert.throws(() => parseSpacingFactor("x-1"), /give x followed by a number in \(0, 16\]/);
  assert.throws(() => parseSpacingFactor("xabc"), RangeError);
  assert.deepEqual(modelSpacing({ factor: 2 }, [0.879, 0.879, 1.5]), [1.758, 1.758, 1.758]);
  assert.deepEqual(modelSpacing({ factor: 0.5 }, [3, 2, 4]), [1, 1, 1]);
  assert.equal(modelSpacing("native", [3, 2, 4]), "native");
  assert.deepEqual(modelSpacing([1, 2, 3], [3, 2, 4]), [1, 2, 3]);
  assert.equal(describeSpacing({ factor: 2 }), "voxels ×2 the scan's finest side");
  assert.equal(describeSpacing([0.5, 0.5, 0.8]), "0.5×0.5×0.8 mm voxels");
  assert.equal(describeSpacing("native"), "native grid");
});

test('spacing "auto" is kept for the caller to resolve (modelSpacing refuses it), and radiusVoxels is read, defaulted and checked', () => {
  const card = parseModelCard({ spacing: "auto", radiusVoxels: 2.5 });
  assert.equal(card.spacing, "auto");
  assert.equal(card.radiusVoxels, 2.5);
  assert.equal(parseModelCard({}).radiusVoxels, 1.25);
  assert.match(describeSpacing("auto"), /automatic/);
  assert.throws(() => modelSpacing("auto", [1, 1, 1]), /resolve it first with src\/scale's chooseSpacing/);
  for (const bad of [0, -1, "2", Number.NaN]) assert.throws(() => parseModelCard({ radiusVoxels: bad }), /radiusVoxels = .*; give the vessel radius in voxels/);
});

test("withOverlap: a copy of the card with the overlap replaced, 0 to MAX_OVERLAP; outside that (or not a number) an error naming the parameter", () => {
  const card = parseModelCard({ stride: 16, tile: 64, overlap: 0.5 });
  const quarter = withOverlap(card, 0.25, "--overlap");
  assert.equal(quarter.overlap, 0.25);
  assert.equal(card.overlap, 0.5, "the card itself is not changed");
  assert.deepEqual({ ...quarter, overlap: 0.5 }, card);
  assert.equal(withOverlap(card, 0).overlap, 0);
  assert.equal(withOverlap(card, MAX_OVERLAP).overlap, 0.9);
  for (const bad of [-0.1, 0.95, 1, Number.NaN, "0.5" as unknown as number]) {
    assert.throws(() => withOverlap(card, bad, "segment: options.overlap"), /^RangeError: segment: options\.overlap = .*: give a fraction 0 ≤ overlap ≤ 0\.9/);
  }
});
