import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { type RunTile, type TileDims, slidingWindow } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { fixture, maxDifference, volumeOf } from "./support.js";

let pointwise: OrtNodeModel;
let zdiff: OrtNodeModel;
before(async () => {
  pointwise = await OrtNodeModel.load(fixture("pointwise.onnx"));
  zdiff = await OrtNodeModel.load(fixture("zdiff.onnx"));
});
after(async () => {
  await pointwise.dispose();
  await zdiff.dispose();
});

const noise = (i: number, j: number, k: number) => ((i * 7919 + j * 104729 + k * 1299709) % 1000) / 1000;

test("slidingWindow(volume of exactly one tile) makes one runTile call and equals the single pass", async () => {
  const v = volumeOf([16, 12, 8], noise);
  const calls: TileDims[] = [];
  const run: RunTile = async (input, dims) => (calls.push(dims), pointwise.runTile(input, dims));
  const tiled = await slidingWindow(v, { tile: [16, 12, 8], runTile: run });
  const single = await pointwise.runTile(v.data.slice(), [1, 1, 8, 12, 16]);
  assert.deepEqual(calls, [[1, 1, 8, 12, 16]]);
  assert.ok(maxDifference(tiled.data, single) < 1e-6);
  assert.deepEqual([tiled.dims, tiled.spacing, tiled.affine], [v.dims, v.spacing, v.affine]);
});

test("slidingWindow(volume, {tile, overlap}) with a voxel-wise model equals the whole-volume pass (Gaussian blending of equal values is the value)", async () => {
  const v = volumeOf([40, 36, 28], noise);
  const whole = await pointwise.runTile(v.data.slice(), [1, 1, 28, 36, 40]);
  for (const [tile, overlap] of [
    [16, 0.5],
    [[24, 16, 8], 0.25],
    [12, 0],
  ] as const) {
    let tiles = 0;
    const out = await slidingWindow(v, { tile: tile as number, overlap, runTile: pointwise.runTile, onProgress: (done, total) => (tiles = total) });
    assert.ok(tiles > 1);
    assert.ok(maxDifference(out.data, whole) < 1e-6, `tile ${tile}, overlap ${overlap}: ${maxDifference(out.data, whole)}`);
  }
});

test("slidingWindow hands runTile x-fastest tiles as [1, 1, D, H, W] with D = z: a z-gradient stays a z-gradient", async () => {
  // zdiff.onnx: (x[d + 1] − x[d − 1]) / 2 along D only. A volume rising 0.1 per z-slice gives 0.1 inside; one rising along x or y gives 0.
  const dims: [number, number, number] = [10, 8, 6];
  const interior = (out: Float32Array) => out.filter((_, n) => Math.floor(n / 80) % 6 !== 0 && Math.floor(n / 80) % 6 !== 5);
  const z = await slidingWindow(
    volumeOf(dims, (_i, _j, k) => 0.1 * k),
    { tile: dims, runTile: zdiff.runTile },
  );
  assert.ok(
    interior(z.data).every((x) => Math.abs(x - 0.1) < 1e-6),
    "z-gradient",
  );
  for (const f of [(i: number) => 0.1 * i, (_: number, j: number) => 0.1 * j]) {
    const out = await slidingWindow(volumeOf(dims, f), { tile: dims, runTile: zdiff.runTile });
    assert.ok(
      interior(out.data).every((x) => Math.abs(x) < 1e-6),
      "x or y gradient",
    );
  }
  // and tile by tile: each tile a JS twin checks against the volume it was cut from
  const v = volumeOf([20, 14, 9], (i, j, k) => i + 100 * j + 10000 * k);
  await slidingWindow(v, {
    tile: [8, 6, 4],
    runTile: async (input, [, , d, h, w]) => {
      const origin = input[0];
      for (let k = 0; k < d; k++)
        for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) assert.equal(input[i + w * (j + h * k)], origin + i + 100 * j + 10000 * k);
      return input;
    },
  });
});

test("slidingWindow reports progress per tile, stops when aborted, and rejects a tile bigger than the volume or a wrong-sized output", async () => {
  const v = volumeOf([32, 32, 32], noise);
  const seen: string[] = [];
  const controller = new AbortController();
  const run: RunTile = async (input) => input;
  const promise = slidingWindow(v, {
    tile: 16,
    runTile: run,
    signal: controller.signal,
    onProgress: (done, total) => {
      seen.push(`${done}/${total}`);
      if (done === 2) controller.abort(new Error("stop here"));
    },
  });
  await assert.rejects(promise, /stop here/);
  assert.deepEqual(seen, ["1/27", "2/27"]);
  await assert.rejects(
    slidingWindow(v, { tile: 48, runTile: run }),
    /tile\[0\] = 48 must be a positive integer no longer than the volume's axis \(32\); pad the volume first/,
  );
  await assert.rejects(
    slidingWindow(v, { tile: 16, runTile: async () => new Float32Array(10) }),
    /the model returned 10 values for a tile of 16×16×16 = 4096 voxels/,
  );
});

test("slidingWindow skips the tiles skipTile picks: they are not run, add nothing, and voxels only they cover are 0", async () => {
  const v = volumeOf([24, 8, 8], (i) => i + 1);
  const ran: number[] = [];
  let progress = 0;
  // tiles start at x = 0, 4, 8, 12, 16; the last two are skipped. Each run tile answers its own start + 100, so a
  // skipped tile that ran anyway would change the blend where it overlaps the others (x = 12 … 15).
  const out = await slidingWindow(v, {
    tile: 8,
    overlap: 0.5,
    runTile: async (input) => {
      const x0 = input[0] - 1; // the tile's first voxel holds x0 + 1
      ran.push(x0);
      return new Float32Array(input.length).fill(x0 + 100);
    },
    skipTile: ([x0]) => x0 >= 12,
    onProgress: () => progress++,
  });
  assert.deepEqual(ran, [0, 4, 8]);
  assert.equal(progress, 5);
  for (let k = 0; k < 8; k++)
    for (let j = 0; j < 8; j++)
      for (let i = 12; i < 24; i++) {
        const expected = i < 16 ? 108 : 0; // only the tile at 8 covers x = 12 … 15; nothing covers x ≥ 16
        assert.ok(Math.abs(out.data[i + 24 * (j + 8 * k)] - expected) < 1e-4, `x = ${i}: ${out.data[i + 24 * (j + 8 * k)]}`);
      }
});

test("slidingWindow sees an abort that arrives as a task while its tiles settle through microtasks alone (a worker's cancel message): it stops within one tile", async () => {
  const v = volumeOf([32, 32, 32], noise);
  const controller = new AbortController();
  let ran = 0;
  // a runner that blocks the thread and returns a settled promise, as onnxruntime-web's WASM run does
  const run: RunTile = (input) => {
    ran++;
    for (const t0 = performance.now(); performance.now() - t0 < 2;); // blocks the thread, as a WASM run does
    return Promise.resolve(input);
  };
  const aborted = new Promise<number>((resolve) =>
    setTimeout(() => {
      controller.abort(new Error("cancelled by a message"));
      resolve(ran);
    }, 0),
  );
  await assert.rejects(slidingWindow(v, { tile: 16, runTile: run, signal: controller.signal }), /cancelled by a message/);
  const ranWhenAborted = await aborted;
  assert.ok(ranWhenAborted < 27, `the abort came after ${ranWhenAborted} of 27 tiles`);
  assert.ok(ran <= ranWhenAborted + 1, `${ran} tiles ran, the abort came after ${ranWhenAborted}: at most one more`);
});
