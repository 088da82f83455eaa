#!/usr/bin/env node
// Bundles each Web Worker entry (src/workers/*.ts listed below) into notebooks/workers/*.js,
// where pages reach it as a FileAttachment. Runs before dev, build and test; `--watch`
// rebuilds on any change to the engine while `npm run dev` runs.
// The read worker (the user's own files, with the JPEG-LS and JPEG 2000 decoders) is apart from the engine worker, so
// that pages load it only when given a file.
// The inference worker is bundled twice: with onnxruntime-web's full build (WebGPU + WASM) for
// pages that run on a GPU, and with its WASM-only build, whose CPU kernels are faster.
import { context, build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const WORKERS = {
  "engine.js": { entry: "src/workers/engine.ts" },
  "read.js": { entry: "src/workers/read.ts" },
  "infer.js": { entry: "src/workers/infer.ts" },
  "infer-wasm.js": { entry: "src/workers/infer.ts", alias: { "onnxruntime-web": "onnxruntime-web/wasm" } },
};
const optionsFor = (out, { entry, alias }) => ({
  entryPoints: [join(root, entry)],
  outfile: join(root, "notebooks", "workers", out),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: false,
  logLevel: "warning",
  ...(alias ? { alias } : {}),
});

if (process.argv.includes("--watch")) {
  for (const [out, spec] of Object.entries(WORKERS)) await (await context(optionsFor(out, spec))).watch();
  console.error(`build-workers: watching (${Object.keys(WORKERS).join(", ")})`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await Promise.all(Object.entries(WORKERS).map(([out, spec]) => build(optionsFor(out, spec))));
}
