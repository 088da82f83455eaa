/**
 * The contracts the Python training code and the engine share, checked against what the Python code computed:
 * test/fixtures/contract.json, written by models/train/write_contract_fixture.py (models/train/test_contract.py
 * checks that the file still matches the Python code, so a change on either side fails a test). Arrays are flat,
 * x fastest; `dims` are [x, y, z].
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { cubeMaskOf, gaussianImportance, maskedCellCount, percentileNormalise, resampleForModel, resampleToInput, tileStarts } from "../../src/infer/index.js";
import { clDice, dice, precision, recall } from "../../src/metrics/index.js";
import { bodyRegion, distractors } from "../../src/imaging/index.js";

type Num = number | "NaN" | "Infinity" | "-Infinity";
const fixture = JSON.parse(readFileSync(new URL("../fixtures/contract.json", import.meta.url), "utf8"));
const numbers = (xs: Num[]) => xs.map((x) => (typeof x === "string" ? Number(x) : x));
const maskOf = (dims: Vec3, set: number[]) => {
  const v = createVolume(Uint8Array, dims);
  for (const i of set) v.data[i] = 1;
  return v;
};

/** Largest |a − b| over two arrays of the same length. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test("percentile normalisation: the engine's low, high and voxels are data.py's normalise (within float32 rounding, 1e-6)", () => {
  assert.ok(fixture.normalise.length >= 4);
  for (const c of fixture.normalise) {
    const volume = c.dtype === "int16" ? createVolume(Int16Array, c.dims) : createVolume(Float32Array, c.dims);
    volume.data.set(numbers(c.input));
    const { volume: out, low, high } = percentileNormalise(volume, c.percentiles);
    const label = `${c.dtype} ${c.dims.join("×")} at ${c.percentiles.join("/")}`;
    assert.ok(Math.abs(low - c.low) <= 1e-6 * Math.max(1, Math.abs(c.low)), `${label}: low ${low} vs ${c.low}`);
    assert.ok(Math.abs(high - c.high) <= 1e-6 * Math.max(1, Math.abs(c.high)), `${label}: high ${high} vs ${c.high}`);
    assert.ok(maxDiff(out.data, numbers(c.output)) <= 1e-6, `${label}: voxels differ by ${maxDiff(out.data, numbers(c.output))}`);
  }
});

test("tile starts: tileStarts gives infer.py's tile_starts, exactly, including Python's ties to even", () => {
  for (const c of fixture.tileStarts) assert.deepEqual(tileStarts(c.size, c.tile, c.overlap), c.starts, `${c.size} / ${c.tile} / ${c.overlap}`);
});

test("Gaussian blending weights: gaussianImportance is infer.py's gaussian_weight (within 1e-6)", () => {
  for (const c of fixture.gaussian) {
    const got = gaussianImportance(c.tile, { sigmaScale: c.sigmaScale });
    assert.ok(maxDiff(got, c.weights) <= 1e-6, `${c.tile.join("×")}: ${maxDiff(got, c.weights)}`);
  }
});

test("cube masks: the number of hidden cells and the layout of data.py's cube_mask, exactly", () => {
  for (const c of fixture.cubeMask.counts) assert.equal(maskedCellCount(c.cells, c.ratio), c.count, `round(${c.ratio} · ${c.cells})`);
  for (const c of fixture.cubeMask.masks) {
    const chosen = new Uint8Array(c.cells[0] * c.cells[1] * c.cells[2]);
    for (const i of c.chosen) chosen[i] = 1;
    assert.equal(c.chosen.length, maskedCellCount(chosen.length, c.ratio));
    const mask = cubeMaskOf(c.dims, c.patch, c.offset, chosen);
    assert.deepEqual(
      [...mask.keys()].filter((i) => mask[i]),
      c.mask,
      `${c.dims.join("×")}, patch ${c.patch}, seed ${c.seed}`,
    );
  }
});

test("metrics: Dice, clDice, precision and recall are evaluate_synthetic.py's, empty masks included (within 1e-12)", () => {
  const names = fixture.metrics.map((c: { name: string }) => c.name);
  for (const must of ["both empty", "empty prediction", "empty label"]) assert.ok(names.includes(must), must);
  for (const c of fixture.metrics) {
    const pred = maskOf(c.dims, c.pred),
      label = maskOf(c.dims, c.label);
    const got = { dice: dice(pred, label), cldice: clDice(pred, label), precision: precision(pred, label), recall: recall(pred, label) };
    for (const k of ["dice", "cldice", "precision", "recall"] as const)
      assert.ok(Math.abs(got[k] - c[k]) <= 1e-12, `${c.name}: ${k} ${got[k]} vs Python's ${c[k]}`);
    assert.ok(Math.abs(got.dice - c.diceScore) <= 1e-12, `${c.name}: losses.dice_score ${c.diceScore}`);
  }
});

test("resampling grid: resampleForModel and resampleToInput are grid.py's resample_to_spacing and resample_back (within 1e-5)", () => {
  for (const c of fixture.resample) {
    const volume = createVolume(Float32Array, c.dims, c.spacing);
    volume.data.set(numbers(c.input));
    const model = resampleForModel(volume, c.target);
    assert.deepEqual(model.dims, c.modelDims, `${c.dims.join("×")} at ${c.spacing} → ${c.target}`);
    assert.ok(maxDiff(model.data, numbers(c.model)) <= 1e-5, `to the model's grid: ${maxDiff(model.data, numbers(c.model))}`);
    const back = resampleToInput(model, volume);
    assert.ok(maxDiff(back.data, numbers(c.back)) <= 1e-5, `back to the input's grid: ${maxDiff(back.data, numbers(c.back))}`);
  }
});

test("structure map: structure.py's distractors and body shell are the voxels src/imaging's distractors and bodyRegion change", () => {
  assert.ok(fixture.structure.length >= 2);
  for (const c of fixture.structure) {
    const p = c.params;
    // every level 1 on a zero image (the body's outside 0 too): a voxel is changed exactly where it lies in a map
    const drawn = distractors(createVolume(Float32Array, c.dims), p.distractors);
    const body = bodyRegion(createVolume(Float32Array, c.dims), p.body);
    const set: number[] = [];
    for (let i = 0; i < drawn.data.length; i++) if (drawn.data[i] > 0 || body.data[i] > 0) set.push(i);
    assert.ok(set.length > 0 && set.length < drawn.data.length, `${c.dims.join("×")}: ${set.length} voxels`);
    assert.deepEqual(set, c.set, `${c.dims.join("×")}: ${set.length} voxels drawn, ${c.set.length} in Python's map`);
  }
});
