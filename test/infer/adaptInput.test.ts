import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type ModelCard,
  type SegmentResult,
  DEFAULT_MODEL_CARD,
  adaptInput,
  ambiguity,
  describeInputAdaptation,
  fieldOfView,
  flipScan,
  foregroundEntropy,
  inconsistency,
  prepareForModel,
  transformScan,
} from "../../src/infer/index.js";
import type { Vec3, Volume } from "../../src/volume/index.js";

const card = (spacing: ModelCard["spacing"] = "native"): ModelCard => ({ ...(DEFAULT_MODEL_CARD as ModelCard), spacing });
const volume = (data: Float32Array, dims: Vec3, spacing: Vec3 = [1, 1, 1]): Volume<Float32Array> => ({
  data,
  dims,
  spacing,
  affine: [spacing[0], 0, 0, 0, 0, spacing[1], 0, 0, 0, 0, spacing[2], 0, 0, 0, 0, 1],
});

test("flipScan reverses x, y and z at once, and twice is the scan", () => {
  const dims: Vec3 = [3, 4, 5];
  const v = volume(
    Float32Array.from({ length: 60 }, (_, i) => i),
    dims,
  );
  const f = flipScan(v);
  const at = (w: Volume, x: number, y: number, z: number) => w.data[x + 3 * (y + 4 * z)];
  for (const [x, y, z] of [
    [0, 0, 0],
    [2, 1, 3],
    [1, 3, 4],
  ])
    assert.equal(at(f, 2 - x, 3 - y, 4 - z), at(v, x, y, z));
  assert.deepEqual(flipScan(f).data, v.data);
  assert.notEqual(f.data, v.data, "a copy, the scan untouched");
});

test("ambiguity counts probabilities strictly between 0.1 and 0.9 per voxel above the threshold; inconsistency is 1 − Dice", () => {
  assert.equal(ambiguity([0.95, 0.5, 0.2, 0.05, 0.1, 0.9]), 2 / 2); // 0.5 and 0.2 ambiguous; 0.95 and 0.9 above 0.5
  assert.equal(ambiguity([0.3, 0.05]), 1, "nothing above the threshold: per one voxel");
  assert.equal(ambiguity([0.95, 0.6, 0.2], 0.7), 2);
  const m = (bits: number[]) => volume(Float32Array.from(bits), [bits.length, 1, 1]);
  assert.equal(inconsistency(m([1, 1, 0, 0]), m([1, 0, 0, 0])), 1 - 2 / 3);
  assert.equal(inconsistency(m([0, 0]), m([0, 0])), 0, "both empty: consistent");
  assert.equal(inconsistency(m([1, 0]), m([0, 1])), 1);
});

test("transformScan: smoothing keeps a linear ramp inside the scan (a Gaussian preserves linear functions), gamma powers the normalised intensities", () => {
  const dims: Vec3 = [24, 6, 6];
  const ramp = volume(
    Float32Array.from({ length: 24 * 36 }, (_, i) => 10 + 2 * (i % 24)),
    dims,
  );
  const plain = transformScan(ramp, {}, card());
  const smoothed = transformScan(ramp, { sigma: 1 }, card());
  for (let x = 5; x < 19; x++) assert.ok(Math.abs(smoothed.data[x + 24 * 20] - plain.data[x + 24 * 20]) < 1e-5, `x = ${x}`);
  assert.ok(Math.abs(smoothed.data[0] - plain.data[0]) > 1e-3, "the reflected edge is smoothed");
  const squared = transformScan(ramp, { gamma: 2 }, card());
  for (const i of [3, 50, 400]) assert.ok(Math.abs(squared.data[i] - plain.data[i] ** 2) < 1e-6);
  assert.throws(() => transformScan(ramp, { gamma: 0 }, card()), /gamma = 0; give a positive number/);
  assert.throws(() => transformScan(ramp, { sigma: -1 }, card()), /sigma = -1; give a σ ≥ 0 in voxels of the model's grid/);
});

test("transformScan measures σ on the model's grid: σ 0.5 at 2 mm is σ 1 at the scan's 1 mm", () => {
  const dims: Vec3 = [16, 16, 16];
  const data = Float32Array.from({ length: 16 ** 3 }, (_, i) => Math.sin(i * 0.7) + (i % 16 === 8 ? 3 : 0));
  const scan = volume(data, dims);
  const coarse = transformScan(scan, { sigma: 0.5 }, card([2, 2, 2]));
  const native = transformScan(scan, { sigma: 1 }, card());
  assert.deepEqual(coarse.data, native.data);
  assert.notDeepEqual(transformScan(scan, { sigma: 0.5 }, card()).data, native.data);
});

test("transformScan keeps a masked background where it was: below every other value, so segmentVolume finds the same field of view", () => {
  const dims: Vec3 = [20, 20, 20];
  const data = new Float32Array(20 ** 3); // zero background
  for (let z = 5; z < 15; z++) for (let y = 5; y < 15; y++) for (let x = 5; x < 15; x++) data[x + 20 * (y + 20 * z)] = 100 + ((x * 7 + y * 3 + z) % 11);
  const scan = volume(data, dims);
  const before = fieldOfView(scan)!;
  for (const t of [{ sigma: 0.8 }, { field: true }, { biasCorrect: true }, { gamma: 0.7 }]) {
    const out = transformScan(scan, t, card());
    const after = fieldOfView(out)!;
    assert.ok(after, JSON.stringify(t));
    assert.ok(after.background < 0 && after.background > -1e-3, `background ${after.background}`);
    assert.deepEqual(after.mask, before.mask, JSON.stringify(t));
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) assert.ok(out.data[i] >= 0 && out.data[i] <= 1);
  }
  // what the network then sees: segmentVolume's own normalisation of the untransformed-but-marked scan is the scan's
  const seen = (v: Volume) => prepareForModel(v, card()).onModelGrid.data;
  const asMade = seen(scan);
  const marked = seen(transformScan(scan, {}, card()));
  let worst = 0;
  for (let i = 0; i < asMade.length; i++) worst = Math.max(worst, Math.abs(marked[i] - asMade[i]));
  assert.ok(worst < 1e-3, `the identity transform changes what the model sees by ${worst}`);
});

/** A stand-in segmenter returning, call by call, probabilities made for the rule's arithmetic (threshold 0.5). */
function scripted(probabilities: number[][]) {
  const calls: string[] = [];
  const segment = async (scan: Volume, label: string): Promise<SegmentResult> => {
    const p = Float32Array.from(probabilities[calls.length]);
    calls.push(label);
    const grid = { dims: scan.dims, spacing: scan.spacing, affine: scan.affine };
    return {
      probability: { ...grid, data: p },
      mask: { ...grid, data: Uint8Array.from(p, (v) => (v > 0.5 ? 1 : 0)) },
      details: {
        low: calls.length, // each run's own, to tell whose details a result carries
        high: 1,
        modelGrid: grid,
        paddedDims: scan.dims,
        tile: scan.dims,
        overlap: 0.5,
        tiles: 1,
        skippedTiles: 0,
        background: null,
      },
    };
  };
  return { segment, calls };
}

test("foregroundEntropy is the mean binary entropy (nats) of the probabilities above 0.05", () => {
  const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  assert.ok(Math.abs(foregroundEntropy([0.5, 0.04, 0.9, 0.05]) - (Math.LN2 + h(0.9)) / 2) < 1e-12);
  assert.equal(foregroundEntropy([0.01, 0.05]), 0, "nothing above 0.05");
  assert.ok(foregroundEntropy([1, 0.999999]) < 2e-5, "certain voxels: about 0");
});

test("adaptInput's default rule: the scan as made, smoothed and field-corrected, once each; a transform kept when ambiguity and foreground entropy both fall by 5 %, the lower ambiguity first", async () => {
  const scan = volume(Float32Array.from([1, 2, 3, 4]), [4, 1, 1]);
  const own = [0.95, 0.5, 0.2, 0.04]; // ambiguity 2, entropy mean of h(0.95), h(0.5), h(0.2) (0.04 is below the floor)
  const decided = [0.99, 0.99, 0.01, 0.01]; // ambiguity 0, entropy h(0.99)
  const undecided = [0.5, 0.5, 0.5, 0.5]; // ambiguity 4 / 1: more ambiguous than the scan's own
  const s1 = scripted([own, decided, undecided]);
  const r = await adaptInput(scan, s1.segment, card());
  assert.deepEqual(s1.calls, ["as made", "smoothed σ 0.8", "field-corrected"]);
  assert.equal(r.segmentations, 3);
  assert.deepEqual(r.chosen, { sigma: 0.8 });
  assert.equal(r.own.probability.data[1], 0.5, "the scan's own segmentation is kept beside the one chosen");
  assert.equal(r.result.details.low, r.own.details.low, "the kept result reports the scan's own intensities");
  const h = (p: number) => -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  assert.ok(Math.abs(r.trials[0].entropy - (h(0.95) + h(0.5) + h(0.2)) / 3) < 1e-6);
  assert.equal(r.trials[1].inconsistency, null, "not measured: no flipped run");
  assert.match(
    describeInputAdaptation(r),
    /^input adaptation: kept the smoothed σ 0\.8 scan \(as made: ambiguity 2\.000, foreground entropy 0\.\d{3}; smoothed σ 0\.8: ambiguity 0\.000, foreground entropy 0\.056; field-corrected: ambiguity 4\.000, foreground entropy 0\.693\)$/,
  );
  // both eligible: the field-corrected scan's lower ambiguity wins (1 ambiguous voxel per 3 above 0.5, against 1 per 2)
  const fairly = [0.95, 0.95, 0.3, 0.01];
  const better = [0.95, 0.95, 0.95, 0.3];
  const both = await adaptInput(scan, scripted([own, fairly, better]).segment, card());
  assert.ok(both.trials[1].ambiguity === 0.5 && both.trials[2].ambiguity === 1 / 3, JSON.stringify(both.trials));
  assert.deepEqual(both.chosen, { field: true });
  assert.equal(both.result.probability.data[2], Math.fround(0.95), "the field-corrected scan's segmentation");
  assert.match(describeInputAdaptation(both), /^input adaptation: kept the field-corrected scan/);
  // both eligible the other way round: the smoothed scan, tried first, has the lower ambiguity and is kept
  const first = await adaptInput(scan, scripted([own, better, fairly]).segment, card());
  assert.deepEqual(first.chosen, { sigma: 0.8 });
  // no ambiguous voxel left, but more undecided where it sees anything: as made, ambiguity 1/2 (0.3 per the two above
  // 0.5) and entropy (2·h(0.999) + h(0.3)) / 3 = 0.209; transformed, ambiguity 0 and entropy h(0.93) = 0.254: not kept
  const r2 = await adaptInput(
    scan,
    scripted([
      [0.999, 0.999, 0.3, 0.001],
      [0.93, 0.93, 0.07, 0.07],
      [0.93, 0.93, 0.07, 0.07],
    ]).segment,
    card(),
  );
  assert.ok(r2.trials[1].ambiguity === 0 && r2.trials[1].entropy > r2.trials[0].entropy, JSON.stringify(r2.trials));
  assert.equal(r2.chosen, null);
  assert.match(describeInputAdaptation(r2), /no transform lowered every measure by the rule's margin, so the mask is the unadapted one/);
  // more ambiguous: not kept
  assert.equal((await adaptInput(scan, scripted([own, undecided, undecided]).segment, card())).chosen, null);
});

test("adaptInput with flip inconsistency among the measures also segments each scan flipped, and keeps the smoothed scan's segmentation only when every measure falls by the margin", async () => {
  const scan = volume(Float32Array.from([1, 2, 3, 4]), [4, 1, 1]);
  // as made: ambiguity 2 (0.5 and 0.2 per the one voxel above 0.5); its flipped run, flipped back, marks [1, 1, 0, 0]:
  // inconsistency 1 − 2/3. Smoothed: ambiguity 0; flipped back [1, 1, 0, 0] again: inconsistency 0.
  const own = [0.95, 0.5, 0.2, 0.05];
  const ownFlipped = [0.05, 0.2, 0.9, 0.95]; // flipped back: [0.95, 0.9, 0.2, 0.05]
  const good = [0.95, 0.95, 0.05, 0.05];
  const goodFlipped = [0.05, 0.05, 0.95, 0.95];
  const kept = scripted([own, ownFlipped, good, goodFlipped]);
  const flipRule = { candidates: [{ sigma: 0.8 }], measures: ["inconsistency" as const, "ambiguity" as const], margin: 0.05 };
  const r = await adaptInput(scan, kept.segment, card(), { rule: flipRule });
  assert.deepEqual(r.chosen, { sigma: 0.8 });
  assert.deepEqual(Array.from(r.result.probability.data), good.map(Math.fround));
  assert.deepEqual(kept.calls, ["as made", "as made, flipped", "smoothed σ 0.8", "smoothed σ 0.8, flipped"]);
  assert.equal(r.segmentations, 4);
  assert.deepEqual(
    r.trials.map((t) => [t.ambiguity, +t.inconsistency!.toFixed(6)]),
    [
      [2, +(1 / 3).toFixed(6)],
      [0, 0],
    ],
  );
  assert.match(
    describeInputAdaptation(r),
    /^input adaptation: kept the smoothed σ 0\.8 scan \(as made: ambiguity 2\.000, foreground entropy 0\.\d{3}, flip inconsistency 0\.333; /,
  );

  // less ambiguous but less consistent (its flipped run marks the other half): not kept
  const oneMeasure = scripted([own, ownFlipped, good, [0.95, 0.95, 0.05, 0.05]]);
  const r2 = await adaptInput(scan, oneMeasure.segment, card(), { rule: flipRule });
  assert.equal(r2.chosen, null);
  assert.deepEqual(Array.from(r2.result.probability.data), own.map(Math.fround));
  assert.match(describeInputAdaptation(r2), /kept the scan as made .*no transform lowered every measure by the rule's margin/);

  // both fall by 5 % (inconsistency 1/3 → 0, ambiguity 2 → 0.5), not by 90 %
  const some = [0.95, 0.95, 0.5, 0.05];
  assert.deepEqual((await adaptInput(scan, scripted([own, ownFlipped, some, goodFlipped]).segment, card(), { rule: flipRule })).chosen, { sigma: 0.8 });
  const strict = { candidates: [{ sigma: 0.8 }], measures: ["inconsistency", "ambiguity"] as const, margin: 0.9 };
  const r3 = await adaptInput(scan, scripted([own, ownFlipped, some, goodFlipped]).segment, card(), { rule: { ...strict, measures: [...strict.measures] } });
  assert.equal(r3.chosen, null);
  await assert.rejects(
    adaptInput(scan, scripted([]).segment, card(), { rule: { ...strict, measures: [...strict.measures], margin: 1 } }),
    /margin = 1; give a fraction 0 ≤ margin < 1/,
  );
});
