// Browser side of the inference tests and the infer benchmark: the inference worker (onnxruntime-web) driven as the
// pages drive it, on samples made in the page by the same engine code as the CLI.
import { type SamplePresetName, makeSample, sampleSpec } from "../../src/dataset/index.js";
import { dice } from "../../src/metrics/index.js";
import type { Volume } from "../../src/volume/index.js";
import { centralColumn } from "../support/centralColumn.js";
import { InferenceClient } from "../../src/workers/inferClient.js";

let client: InferenceClient | null = null;

export async function setup(provider: "auto" | "wasm" | "webgpu") {
  client?.dispose();
  const url = (name: string) => new URL(`./${name}`, location.href).href;
  client = new InferenceClient({
    webgpu: { worker: url("infer.js"), wasm: url("ort.wasm") },
    wasm: { worker: url("infer-wasm.js"), wasm: url("ort-plain.wasm") },
  });
  const choice = await client.start(provider);
  const loads = [];
  for (const role of ["segmenter", "reconstructor"]) {
    const card = await (await fetch(`./${role}.json`)).json();
    loads.push(await client.load(role as "segmenter", new URL(`./${role}.onnx`, location.href).href, card));
  }
  return { choice, loads, isolated: crossOriginIsolated };
}

function sample(preset: string, index: number, size: number) {
  return makeSample(sampleSpec(index, { seed: 4242, preset: preset as SamplePresetName, size }));
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Segments sample `index` of the preset at `size`³; returns the mask (base64), its Dice against the label, and how it ran. */
export async function segmentSample(preset: string, index: number, size: number) {
  const s = sample(preset, index, size);
  const t0 = performance.now();
  const r = await client!.call<{ mask: Volume<Uint8Array>; provider: string; threads: number; notice: string | null; seconds: number }>("segment", [s.image]);
  const wall = (performance.now() - t0) / 1000;
  return { mask: base64(r.mask.data), dice: dice(r.mask, s.maps.binary), provider: r.provider, threads: r.threads, notice: r.notice, seconds: r.seconds, wall };
}

/**
 * Sample `index` of the preset at `size`³, its central 48×48 columns (every z) as the page would give them, segmented on
 * its own grid with the page's tile `overlap`: the mask (base64), the tile count and the overlap the worker used.
 */
export async function segmentColumn(preset: string, index: number, size: number, overlap: number) {
  const image = centralColumn(sample(preset, index, size).image, 48);
  const r = await client!.call<{ mask: Volume<Uint8Array>; details: { tiles: number; overlap: number } }>("segment", [
    image,
    null,
    { spacing: "native", overlap },
  ]);
  return { mask: base64(r.mask.data), tiles: r.details.tiles, overlap: r.details.overlap };
}

/** Reconstruction loss of a sample, then adaptation and the loss again with the adapted inputs. */
export async function adaptSample(preset: string, index: number, size: number, steps: number) {
  const s = sample(preset, index, size);
  const before = await client!.call<{ loss: number }>("reconstruct", [s.image, { seed: 1 }]);
  const adapted = await client!.call<{ before: number; after: number; accepted: boolean; curve: { loss: number }[]; adaptation: Record<string, Float32Array> }>(
    "adapt",
    [s.image, { steps, crops: 1, cropSize: 32, seed: 1 }],
  );
  return { loss: before.loss, before: adapted.before, after: adapted.after, accepted: adapted.accepted, curve: adapted.curve.map((c) => c.loss) };
}

export async function loseDevice() {
  const { lost } = await client!.call<{ lost: boolean }>("loseDevice", []);
  return { lost };
}

/** Peak JS heap of the page (Chromium's performance.memory), MB. */
export function heapMb(): number {
  return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20;
}
