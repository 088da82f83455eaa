// onnxruntime-web in the inference worker, in headless Chromium: WASM segmentation of a generated sample equals the
// CLI's (onnxruntime-node) on the same input, WebGPU (SwiftShader here) runs a tiny volume and agrees, a lost WebGPU
// device falls back to WASM, and adaptation lowers the masked-reconstruction loss.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type SamplePresetName, makeSample, sampleSpec } from "../../src/dataset/index.js";
import { dice } from "../../src/metrics/index.js";
import { type BrowserModule, openBrowserModule } from "../support/browserModule.js";
import { centralColumn } from "../support/centralColumn.js";
import { INFER_FILES, INFER_WORKERS, segmentInNode } from "../support/inferFiles.js";

async function nodeMask(preset: string, index: number, size: number): Promise<{ mask: Uint8Array; dice: number }> {
  const s = makeSample(sampleSpec(index, { seed: 4242, preset: preset as SamplePresetName, size }));
  const r = await segmentInNode(s.image);
  return { mask: r.mask.data, dice: dice(r.mask, s.maps.binary) };
}

function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe("the inference worker (onnxruntime-web)", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/infer.entry.ts", { workers: INFER_WORKERS, files: INFER_FILES });
  });
  after(async () => m?.close());

  test("WASM segments a 48³ sample as the CLI does: the same mask within 0.1 % of voxels, the same Dice within 0.01", async () => {
    const setup = await m.call<{ choice: { provider: string; threads: number; reason: string }; loads: { source: string }[]; isolated: boolean }>(
      "setup",
      "wasm",
    );
    assert.equal(setup.choice.provider, "wasm");
    assert.ok(setup.isolated, "the test server sends COOP/COEP");
    assert.ok(setup.choice.threads >= 1);
    const web = await m.call<{ mask: string; dice: number; provider: string; notice: string | null }>("segmentSample", "brain-tof", 1, 48);
    const node = await nodeMask("brain-tof", 1, 48);
    const mask = new Uint8Array(Buffer.from(web.mask, "base64"));
    assert.equal(mask.length, node.mask.length);
    assert.ok(differing(mask, node.mask) <= 0.001 * mask.length, `${differing(mask, node.mask)} voxels differ`);
    assert.ok(Math.abs(web.dice - node.dice) < 0.01, `web ${web.dice} node ${node.dice}`);
    assert.ok(web.dice > 0.3, `Dice ${web.dice}`);
    assert.equal(web.provider, "wasm");
    assert.equal(web.notice, null);
    // a second setup finds the models in IndexedDB
    const again = await m.call<{ loads: { source: string }[] }>("setup", "wasm");
    assert.deepEqual(
      again.loads.map((l) => l.source),
      ["cache", "cache"],
    );
    assert.deepEqual(m.consoleErrors, []);
  });

  test("the page's tile overlap reaches the worker: a 48×48×112 column runs 2 tiles overlapping by a quarter and 3 by a half, each mask as Node's with that --overlap", async () => {
    await m.call("setup", "wasm");
    const image = centralColumn(makeSample(sampleSpec(1, { seed: 4242, preset: "brain-tof", size: 112 })).image, 48);
    const masks: Uint8Array[] = [];
    for (const [overlap, tiles] of [
      [0.25, 2],
      [0.5, 3],
    ]) {
      const web = await m.call<{ mask: string; tiles: number; overlap: number }>("segmentColumn", "brain-tof", 1, 112, overlap);
      const node = await segmentInNode(image, "native", overlap);
      assert.deepEqual([web.tiles, web.overlap, node.details.tiles], [tiles, overlap, tiles], `overlap ${overlap}`);
      const mask = new Uint8Array(Buffer.from(web.mask, "base64"));
      assert.ok(differing(mask, node.mask.data) <= 0.001 * mask.length, `overlap ${overlap}: ${differing(mask, node.mask.data)} voxels differ from Node's`);
      masks.push(mask);
    }
    assert.ok(differing(masks[0], masks[1]) > 0, "the two overlaps blend different tiles, so their masks differ somewhere");
    assert.deepEqual(m.consoleErrors, []);
  });

  test("adaptation in the worker lowers the masked-reconstruction loss of an off-domain (CE-MRA liver) sample", async () => {
    await m.call("setup", "wasm");
    const r = await m.call<{ loss: number; before: number; after: number; accepted: boolean; curve: number[] }>("adaptSample", "liver-cemra", 2, 32, 6);
    assert.ok(r.loss > 0);
    assert.equal(r.curve.length, 7);
    assert.ok(r.accepted && r.after < r.before, `${r.after} < ${r.before}`);
  });

  test("WebGPU (SwiftShader) segments a 16³ sample like WASM, and a lost device falls back to WASM with a notice", async () => {
    await m.call("setup", "wasm");
    const wasm = await m.call<{ mask: string }>("segmentSample", "microscopy", 1, 16);
    const setup = await m.call<{ choice: { provider: string } }>("setup", "webgpu");
    assert.equal(setup.choice.provider, "webgpu");
    const gpu = await m.call<{ mask: string; provider: string }>("segmentSample", "microscopy", 1, 16);
    assert.equal(gpu.provider, "webgpu");
    assert.ok(
      Buffer.from(gpu.mask, "base64").some((v) => v === 1),
      "the WebGPU mask finds vessels",
    );
    const a = new Uint8Array(Buffer.from(wasm.mask, "base64"));
    const b = new Uint8Array(Buffer.from(gpu.mask, "base64"));
    assert.ok(differing(a, b) <= 0.002 * a.length, `${differing(a, b)} of ${a.length} voxels differ`);
    assert.deepEqual(await m.call("loseDevice"), { lost: true });
    const after = await m.call<{ mask: string; provider: string; notice: string | null }>("segmentSample", "microscopy", 1, 16);
    assert.equal(after.provider, "wasm");
    assert.match(after.notice ?? "", /^WebGPU stopped during the run \(the GPU device was lost \(destroyed.*\)\); restarted on WASM and ran it again\.$/);
    assert.ok(differing(a, new Uint8Array(Buffer.from(after.mask, "base64"))) <= 0.002 * a.length);
  });
});
