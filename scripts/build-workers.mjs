#!/usr/bin/env node
// Bundles each Web Worker entry (src/workers/*.ts listed below) into notebooks/workers/*.js,
// where pages reach it as a FileAttachment. Runs before dev, build and test; `--watch`
// rebuilds on any change to the engine while `npm run dev` runs.
import { context, build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORKERS = { "engine.js": "src/workers/engine.ts", "infer.js": "src/workers/infer.ts" };
const options = {
  entryPoints: Object.fromEntries(Object.entries(WORKERS).map(([out, src]) => [out.replace(/\.js$/, ""), join(root, src)])),
  outdir: join(root, "notebooks", "workers"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: false,
  logLevel: "warning",
};

if (process.argv.includes("--watch")) {
  const ctx = await context(options);
  await ctx.watch();
  console.error(`build-workers: watching (${Object.keys(WORKERS).join(", ")})`);
} else {
  await build(options);
}
