import { test } from "node:test";
import assert from "node:assert/strict";
import { type InferProgress, type RunTile, fieldOfView, parseModelCard, percentileNormalise, segmentVolume } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { createVolume } from "../../src/volume/index.js";
import { fixture, maxDifference } from "./support.js";

const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];
const identity: RunTile = async (input) => input;

function scan(dims: [number, number, number] = [30, 20, 3]) {
  const v = createVolume(Int16Array, dims, [0.6, 0.5, 1.5], OBLIQUE);
  v.data.forEach((_, n) => (v.data[n] = ((n * 37) % 101) - 20));
  return v;
}

test("segmentVolume(thin stack, identity model) returns the normalised scan on the input's grid: padding and tiling leave no trace", async () => {
  const v = scan();
  const card = parseModelCard({ stride: 8, tile: 16, output: "probability", threshold: 0.5 });
  const r = await segmentVolume(v, { card, runTile: identity });
  assert.deepEqual([r.probability.dims, r.probability.spacing, r.probability.affine], [v.dims, v.spacing, v.affine]);
  assert.deepEqual([r.mask.dims, r.mask.spacing, r.mask.affine], [v.dims, v.spacing, v.affine]);
  assert.ok(r.mask.data instanceof Uint8Array);
  assert.deepEqual(
    [r.details.paddedDims, r.details.tile],
    [
      [32, 24, 8],
      [16, 16, 8],
    ],
  ); // the 3 slices: one tile of 8, not 16
  const expected = percentileNormalise(v).volume.data;
  assert.ok(maxDifference(r.probability.data, expected) < 1e-6);
  r.mask.data.forEach((m, n) => assert.equal(m, expected[n] > 0.5 ? 1 : 0));
});

test("segmentVolume resamples to the card's spacing and back: output on the input's grid and affine, values close to the input's", async () => {
  const dims: [number, number, number] = [24, 20, 12];
  const v = createVolume(Float32Array, dims, [0.6, 0.5, 1.5], OBLIQUE);
  for (let k = 0, n = 0; k < 12; k++) for (let j = 0; j < 20; j++) for (let i = 0; i < 24; i++, n++) v.data[n] = i * 0.6 + 2 * j * 0.5 + 3 * k * 1.5;
  const card = parseModelCard({ stride: 4, tile: 16, spacing: 1, normalisation: { percentiles: [0, 100] } });
  const seen: number[][] = [];
  const r = await segmentVolume(v, { card, runTile: async (input, dims) => (seen.push([...dims]), input) });
  assert.deepEqual(r.details.modelGrid.dims, [14, 10, 18]);
  assert.deepEqual(r.details.modelGrid.spacing, [1, 1, 1]);
  assert.ok(
    seen.every((d) => d.slice(2).every((x) => x % 4 === 0)),
    "every tile is a multiple of the stride",
  );
  assert.deepEqual([r.probability.dims, r.probability.affine], [v.dims, v.affine]);
  const expected = percentileNormalise(v, [0, 100]).volume.data;
  let worst = 0;
  for (let k = 2; k < 10; k++)
    for (let j = 2; j < 18; j++)
      for (let i = 2; i < 22; i++) worst = Math.max(worst, Math.abs(r.probability.data[i + 24 * (j + 20 * k)] - expected[i + 24 * (j + 20 * k)]));
  assert.ok(worst < 1e-4, `interior error ${worst}`);
});

test("segmentVolume with spacing {factor: 2} on 0.6 × 0.5 × 1.5 mm voxels runs on the 1 mm grid, as spacing 1 does", async () => {
  const v = scan([24, 20, 12]);
  const run = async (spacing: unknown) => {
    const seen: number[][] = [];
    const r = await segmentVolume(v, {
      card: parseModelCard({ stride: 4, tile: 16, spacing, normalisation: { percentiles: [0, 100] } }),
      runTile: async (input, dims) => (seen.push([...dims]), input),
    });
    return { r, seen };
  };
  const relative = await run("x2");
  const absolute = await run(1);
  assert.deepEqual(relative.r.details.modelGrid.spacing, [1, 1, 1]);
  assert.deepEqual(relative.r.details.modelGrid.dims, [14, 10, 18]);
  assert.deepEqual(relative.seen, absolute.seen);
  assert.deepEqual([relative.r.probability.dims, relative.r.probability.affine], [v.dims, v.affine]);
  assert.deepEqual(Array.from(relative.r.probability.data), Array.from(absolute.r.probability.data));
});

test("segmentVolume with a logit output applies the sigmoid, and thresholds at the card's threshold", async () => {
  const v = scan([16, 16, 16]);
  const zero: RunTile = async (input) => new Float32Array(input.length);
  const r = await segmentVolume(v, { card: parseModelCard({ output: "logit", threshold: 0.4, tile: 16 }), runTile: zero });
  assert.ok(r.probability.data.every((p) => p === 0.5));
  assert.ok(r.mask.data.every((m) => m === 1));
  const high = await segmentVolume(v, { card: parseModelCard({ output: "logit", threshold: 0.5, tile: 16 }), runTile: zero });
  assert.ok(high.mask.data.every((m) => m === 0));
});

test("segmentVolume on onnxruntime keeps the axis order end to end: a z-gradient scan gives a probability that rises with z only", async () => {
  const model = await OrtNodeModel.load(fixture("pointwise.onnx")); // sigmoid(8x − 4) per voxel
  const v = createVolume(Uint8Array, [20, 12, 40], [1, 1, 1]);
  for (let k = 0, n = 0; k < 40; k++) for (let j = 0; j < 12; j++) for (let i = 0; i < 20; i++, n++) v.data[n] = 5 * k;
  const r = await segmentVolume(v, { card: parseModelCard({ tile: 16, normalisation: { percentiles: [0, 100] } }), runTile: model.runTile });
  for (let k = 0; k < 40; k++) {
    const p = 1 / (1 + Math.exp(-(8 * (k / 39) - 4)));
    for (let j = 0; j < 12; j++) for (let i = 0; i < 20; i++) assert.ok(Math.abs(r.probability.data[i + 20 * (j + 12 * k)] - p) < 1e-5, `(${i}, ${j}, ${k})`);
    assert.equal(r.mask.data[20 * 12 * k], k > 19.5 ? 1 : 0);
  }
  await model.dispose();
});

test("segmentVolume reports its stages and tiles, stops when aborted, and refuses a resampled grid beyond maxVoxels", async () => {
  const v = scan([40, 40, 20]); // padded to 40×40×24: 4 × 4 × 2 tiles of 16³
  const stages: string[] = [];
  await segmentVolume(v, {
    card: parseModelCard({ tile: 16 }),
    runTile: identity,
    onProgress: (p: InferProgress) => stages.push(p.stage === "tiles" ? `${p.done}/${p.total}` : p.stage),
  });
  assert.deepEqual(stages, ["normalise", ...Array.from({ length: 32 }, (_, n) => `${n + 1}/32`), "restore"]);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(segmentVolume(v, { runTile: identity, signal: controller.signal }), { name: "AbortError" });
  await assert.rejects(
    segmentVolume(v, { card: parseModelCard({ spacing: 0.01 }), runTile: identity, maxVoxels: 1e6 }),
    /resampling 40×40×20 voxels of 0\.6×0\.5×1\.5 mm to the model's 0\.01×0\.01×0\.01 mm gives 2400×2000×3000 voxels, more than 1000000; check the scan's voxel size/,
  );
});

test("segmentVolume on a zero-filled scan runs only the tiles near its signal and gives 0 outside the field of view", async () => {
  // 48³ of zeros with a bright 4³ block at [4, 8): tiles of 16 with overlap 0.5 start at 0, 8, …, 32 (125 tiles). The
  // model grid's signal grown by 3 is [1, 11) on each axis, which the tiles starting at 0 and 8 reach (2³ = 8), and which
  // the first tile's core alone holds (from the volume's edge to 16 − 4 = 12: overlap · tile / 2 = 4 voxels from its far
  // edge): 1 tile runs (fieldOfViewTiles).
  const dims: [number, number, number] = [48, 48, 48];
  const v = createVolume(Float32Array, dims, [1, 1, 1]);
  for (let k = 4; k < 8; k++) for (let j = 4; j < 8; j++) for (let i = 4; i < 8; i++) v.data[i + 48 * (j + 48 * k)] = 100 + i;
  const card = parseModelCard({ stride: 4, tile: 16, overlap: 0.5, output: "probability", threshold: 0.5 });
  let calls = 0;
  const everywhere: RunTile = async (input) => (calls++, new Float32Array(input.length).fill(1)); // a model that sees vessels everywhere
  const r = await segmentVolume(v, { card, runTile: everywhere });
  assert.equal(calls, 1);
  assert.deepEqual([r.details.tiles, r.details.skippedTiles], [125, 124]);
  assert.equal(r.details.background?.value, 0);
  let inside = 0;
  for (let k = 0, n = 0; k < 48; k++)
    for (let j = 0; j < 48; j++)
      for (let i = 0; i < 48; i++, n++) {
        const within = [i, j, k].every((c) => c >= 2 && c < 10); // the block grown by fieldOfView's margin of 2
        assert.equal(r.probability.data[n], within ? 1 : 0, `voxel ${i},${j},${k}`);
        inside += r.mask.data[n];
      }
  assert.equal(inside, 8 ** 3);

  calls = 0;
  const all = await segmentVolume(v, { card, runTile: everywhere, maskBackground: false });
  assert.equal(calls, 125);
  assert.deepEqual([all.details.skippedTiles, all.details.background], [0, null]);
  assert.ok(all.probability.data.every((p) => p === 1));
});

test("segmentVolume skips background tiles correctly on a resampled, padded model grid: inside the field of view it equals the unmasked run", async () => {
  // 45×47×43 voxels of 1 mm (not a multiple of the stride), resampled to 2 mm: the field of view must follow the scan
  // through resampling and padding. Two bright blocks at opposite corners; a model that answers 0.8 everywhere.
  const dims: [number, number, number] = [45, 47, 43];
  const v = createVolume(Float32Array, dims, [1, 1, 1]);
  const block = (x0: number, y0: number, z0: number) => {
    for (let k = z0; k < z0 + 4; k++) for (let j = y0; j < y0 + 4; j++) for (let i = x0; i < x0 + 4; i++) v.data[i + 45 * (j + 47 * k)] = 50 + i;
  };
  block(2, 3, 1);
  block(40, 42, 38);
  const card = parseModelCard({ stride: 4, tile: 8, overlap: 0.5, spacing: 2, output: "probability", threshold: 0.5 });
  const constant: RunTile = async (input) => new Float32Array(input.length).fill(0.8);
  const masked = await segmentVolume(v, { card, runTile: constant });
  const all = await segmentVolume(v, { card, runTile: constant, maskBackground: false });
  assert.ok(
    masked.details.skippedTiles > 0 && masked.details.skippedTiles < masked.details.tiles,
    `${masked.details.skippedTiles} of ${masked.details.tiles} skipped`,
  );
  assert.deepEqual(masked.details.modelGrid.dims, [23, 24, 22]);
  const fov = fieldOfView(v)!;
  let inside = 0;
  for (let n = 0; n < fov.mask.length; n++) {
    if (fov.mask[n]) {
      inside++;
      assert.ok(
        Math.abs(masked.probability.data[n] - all.probability.data[n]) < 1e-6,
        `voxel ${n}: ${masked.probability.data[n]} against ${all.probability.data[n]}`,
      );
    } else assert.equal(masked.probability.data[n], 0);
  }
  // each 4³ block grown by 2 and clipped at the faces: x 0…7, y 1…8, z 0…6 (8·8·7) and x 38…44, y 40…46, z 36…42 (7³)
  assert.equal(inside, 8 * 8 * 7 + 7 * 7 * 7);
});
