// The masked-reconstruction side of src/infer: the mask, the whole-scan reconstruction and its loss, and the
// gradient-free test-time adaptation, against analytic reconstructors whose best parameters are known.
import { test } from "node:test";
import assert from "node:assert/strict";
import { adaptToScan, cubeMask, parseModelCard, reconstructVolume, type RunAdapted } from "../../src/infer/index.js";
import { createRng } from "../../src/random/index.js";
import { volumeOf } from "./support.js";

test("cubeMask(dims, patch, ratio) hides whole cubes of a shifted grid, round(ratio · cells) of them, the same for the same rng", () => {
  const dims: [number, number, number] = [20, 12, 9];
  const mask = cubeMask(dims, 4, 0.5, createRng(3));
  assert.deepEqual(mask, cubeMask(dims, 4, 0.5, createRng(3)));
  assert.notDeepEqual(mask, cubeMask(dims, 4, 0.5, createRng(4)));
  // every 4-voxel run along x inside one cell is constant: find the offset as the first x where the value may change
  let offsetFound = -1;
  for (let o = 0; o < 4 && offsetFound < 0; o++) {
    let constant = true;
    for (let n = 0; n < mask.length && constant; n += 20)
      for (let i = o; i + 4 <= 20; i += 4) for (let d = 1; d < 4; d++) if (mask[n + i + d] !== mask[n + i]) constant = false;
    if (constant) offsetFound = o;
  }
  assert.ok(offsetFound >= 0, "the mask is made of 4-voxel cells along x");
  // the count of hidden cells: with whole cubes inside the volume, the hidden fraction is near the ratio
  const hidden = mask.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(hidden / mask.length - 0.5) < 0.2, `${hidden} of ${mask.length}`);
  assert.equal(
    cubeMask(dims, 4, 0, createRng(1)).reduce((a, b) => a + b, 0),
    0,
  );
  assert.equal(
    cubeMask(dims, 4, 1, createRng(1)).reduce((a, b) => a + b, 0),
    mask.length,
  );
  // patch 1: cells are voxels, so exactly round(ratio · n) voxels are hidden
  assert.equal(
    cubeMask([10, 10, 10], 1, 0.3, createRng(9)).reduce((a, b) => a + b, 0),
    300,
  );
  assert.throws(() => cubeMask(dims, 0, 0.5, createRng(1)), /patch = 0/);
  assert.throws(() => cubeMask(dims, 4, 1.5, createRng(1)), /ratio = 1.5/);
});

test("reconstructVolume with a reconstructor that returns its input: masked voxels come back 0, so the loss is the mean square of the hidden intensities", async () => {
  const card = parseModelCard({ stride: 4, tile: 16, normalisation: { percentiles: [0, 100] } });
  const v = volumeOf([20, 16, 12], (i, j, k) => (i + 2 * j + 3 * k) / 85);
  const r = await reconstructVolume(v, { card, runTile: async (x) => x, maskRatio: 0.5, maskPatch: 4, seed: 2 });
  assert.deepEqual(r.input.dims, [20, 16, 12]);
  let sum = 0;
  let n = 0;
  for (let o = 0; o < r.input.data.length; o++) {
    if (r.mask.data[o]) {
      assert.equal(r.masked.data[o], 0);
      sum += r.input.data[o] ** 2;
      n++;
    } else assert.equal(r.masked.data[o], r.input.data[o]);
  }
  assert.ok(n > 0 && n < r.input.data.length);
  assert.ok(Math.abs(r.loss - sum / n) < 1e-6, `${r.loss} vs ${sum / n}`);
  assert.ok(r.visibleLoss < 1e-10, `${r.visibleLoss}`);
  assert.ok(Math.abs(r.errorMap.data[5] - Math.abs(r.reconstruction.data[5] - r.input.data[5])) < 1e-7);
  // another seed hides other cubes
  const other = await reconstructVolume(v, { card, runTile: async (x) => x, maskRatio: 0.5, maskPatch: 4, seed: 3 });
  assert.notDeepEqual(other.mask.data, r.mask.data);
});

/** reconstruction = x · adapt_scale + adapt_shift (one value each), as test/fixtures/infer/adaptable.onnx computes. */
const affine: RunAdapted = async (x, _dims, a) => x.map((v) => v * a.adapt_scale[0] + a.adapt_shift[0]);
const INPUTS = { adapt_scale: { shape: [1], identity: 1 }, adapt_shift: { shape: [1], identity: 0 } };

test("adaptToScan lowers the masked loss of an affine reconstructor: the hidden voxels get adapt_shift, and it moves towards their mean", async () => {
  const card = parseModelCard({ stride: 4, tile: 16, normalisation: { percentiles: [0, 100] } });
  const v = volumeOf([24, 24, 24], (i, j, k) => 0.5 + 0.4 * Math.sin(i / 3 + j / 5 + k / 7));
  const steps: number[] = [];
  const r = await adaptToScan(v, {
    card,
    reconstruct: affine,
    inputs: INPUTS,
    steps: 12,
    crops: 2,
    cropSize: 16,
    maskPatch: 4,
    seed: 1,
    onStep: (s) => steps.push(s.step),
  });
  assert.deepEqual(
    steps,
    Array.from({ length: 13 }, (_, n) => n),
  );
  assert.equal(r.passes, 2 * (1 + 2 * 12 + 1));
  assert.ok(r.accepted);
  assert.ok(r.after < r.before, `${r.after} < ${r.before}`);
  assert.ok(r.adaptation.adapt_shift[0] > 0.1, `shift ${r.adaptation.adapt_shift[0]} moves up towards the hidden mean ≈ 0.5`);
  assert.equal(r.curve[0].loss, r.before);
  // the identity's loss is the hidden voxels' mean square ≈ E[(0.5 + 0.4 sin)²] ≈ 0.33
  assert.ok(Math.abs(r.before - 0.33) < 0.06, `${r.before}`);
});

test("adaptToScan keeps the identity when nothing beats it, and zero steps change nothing", async () => {
  const card = parseModelCard({ stride: 4, tile: 16 });
  // a black scan: the hidden voxels are 0, reconstructed as adapt_shift, so the identity (shift 0) is the optimum
  const black = volumeOf([16, 16, 16], () => 0);
  const r = await adaptToScan(black, { card, reconstruct: affine, inputs: INPUTS, steps: 6, crops: 1, cropSize: 16, maskPatch: 4 });
  assert.equal(r.accepted, false);
  assert.equal(r.before, 0);
  assert.equal(r.after, 0);
  assert.deepEqual([r.adaptation.adapt_scale[0], r.adaptation.adapt_shift[0]], [1, 0]);
  const none = await adaptToScan(
    volumeOf([16, 16, 16], (i) => i / 16),
    { card, reconstruct: affine, inputs: INPUTS, steps: 0, crops: 1, cropSize: 16 },
  );
  assert.deepEqual([none.accepted, none.passes, none.curve.length], [false, 1, 1]);
  await assert.rejects(adaptToScan(black, { card, reconstruct: affine, inputs: {}, steps: 1 }), /no adaptation inputs/);
  await assert.rejects(
    adaptToScan(black, { card, reconstruct: affine, inputs: INPUTS, cropSize: 10 }),
    /cropSize = 10; give a multiple of the model's stride 4/,
  );
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(adaptToScan(black, { card, reconstruct: affine, inputs: INPUTS, signal: controller.signal }), /abort/i);
});

test("adaptToScan sees an abort that arrives as a task while its passes settle through microtasks alone: it stops within one pass", async () => {
  const card = parseModelCard({ stride: 4, tile: 16, normalisation: { percentiles: [0, 100] } });
  const v = volumeOf([24, 24, 24], (i, j, k) => 0.5 + 0.4 * Math.sin(i / 3 + j / 5 + k / 7));
  const controller = new AbortController();
  let passes = 0;
  const counted: RunAdapted = (input, dims, adaptation) => {
    passes++;
    for (const t0 = performance.now(); performance.now() - t0 < 2;); // blocks the thread, as a WASM run does
    return affine(input, dims, adaptation);
  };
  const aborted = new Promise<number>((resolve) =>
    setTimeout(() => {
      controller.abort(new Error("cancelled by a message"));
      resolve(passes);
    }, 0),
  );
  await assert.rejects(
    adaptToScan(v, { card, reconstruct: counted, inputs: INPUTS, steps: 40, crops: 2, cropSize: 16, signal: controller.signal }),
    /cancelled by a message/,
  );
  const whenAborted = await aborted;
  assert.ok(whenAborted < 2 * (1 + 2 * 40 + 1), `the abort came after ${whenAborted} passes`);
  assert.ok(passes <= whenAborted + 1, `${passes} passes ran, the abort came after ${whenAborted}: at most one more`);
});
