// What the inference worker needs beside it when a test or benchmark serves it outside the built site.
import { createRequire } from "node:module";

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
