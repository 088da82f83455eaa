// What the inference worker needs beside it when a test or benchmark serves it outside the built site, and the
// CLI's segmentation in Node that browser results are compared with.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type ModelSpacing, type SegmentResult, parseModelCard, segmentVolume } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { resolveAutoSpacing } from "../../src/scale/index.js";
import type { Volume } from "../../src/volume/index.js";

const require = createRequire(import.meta.url);
export const INFER_FILES = {
  "ort.wasm": require.resolve("onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm"),
  "ort-plain.wasm": require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"),
  "segmenter.onnx": "models/segmenter.onnx",
  "segmenter.json": "models/segmenter.json",
  "reconstructor.onnx": "models/reconstructor.onnx",
  "reconstructor.json": "models/reconstructor.json",
};

/** The two inference worker bundles, as scripts/build-workers.mjs makes them. */
export const INFER_WORKERS = {
  "infer.js": "src/workers/infer.ts",
  "infer-wasm.js": { entry: "src/workers/infer.ts", alias: { "onnxruntime-web": "onnxruntime-web/wasm" } },
};

/** The committed segmenter with its card on onnxruntime-node (one thread), as `vessel-lab segment` runs it; `spacing` and `overlap` as its --spacing and --overlap. */
export async function segmentInNode(image: Volume, spacing?: ModelSpacing, overlap?: number): Promise<SegmentResult & { scale: string | null }> {
  const parsed = parseModelCard(JSON.parse(readFileSync("models/segmenter.json", "utf8")));
  if (spacing) parsed.spacing = spacing;
  if (overlap !== undefined) parsed.overlap = overlap;
  // "auto" chosen for this scan as the CLI and the page's worker choose it
  const { card, chosen } = resolveAutoSpacing(parsed, image);
  const model = await OrtNodeModel.load("models/segmenter.onnx", { card, threads: 1 });
  try {
    return { ...(await segmentVolume(image, { card, runTile: model.runTile })), scale: chosen?.summary ?? null };
  } finally {
    await model.dispose();
  }
}
