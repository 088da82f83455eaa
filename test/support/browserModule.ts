// Runs project code in headless Chromium with WebGPU: bundles a browser entry module (an
// ES module exporting functions) with esbuild, serves it with the isolation headers, and
// lets a test call its exports through page.evaluate. Used by the shader tests, which
// compare each WGSL kernel with its CPU twin in a real browser.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { startStaticServer, type StaticServer } from "../../scripts/serve.js";
import { CHROMIUM_ARGS, findChromium } from "./chromium.js";
import { OUTPUT_DIR } from "./site.js";

export interface BrowserModule {
  page: Page;
  /** Calls the entry's export `name` with JSON-serialisable arguments; returns its (JSON-serialisable) result. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * `workers` maps an output file name (served beside the entry) to a worker entry to bundle (optionally with esbuild
 * aliases, as scripts/build-workers.mjs bundles them); `files` maps a served name
 * to a file to copy there (models, onnxruntime-web's .wasm).
 */
export async function openBrowserModule(
  entry: string,
  { workers = {} as Record<string, string | { entry: string; alias?: Record<string, string> }>, files = {} as Record<string, string> } = {},
): Promise<BrowserModule> {
  const executablePath = findChromium();
  const name = basename(entry).replace(/\.ts$/, "");
  const dir = resolve(OUTPUT_DIR, "browser", name);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    outfile: join(dir, "entry.js"),
    platform: "browser",
    target: "es2022",
    sourcemap: "inline",
    logLevel: "error",
  });
  for (const [out, spec] of Object.entries(workers)) {
    const { entry: src, alias } = typeof spec === "string" ? { entry: spec, alias: undefined } : spec;
    await build({
      entryPoints: [src],
      bundle: true,
      format: "esm",
      outfile: join(dir, out),
      platform: "browser",
      target: "es2022",
      logLevel: "error",
      ...(alias ? { alias } : {}),
    });
  }
  for (const [out, src] of Object.entries(files)) copyFileSync(src, join(dir, out));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"><script type="module">import * as m from "./entry.js"; window.__entry = m; window.__ready = true;</script>`,
  );
  const server: StaticServer = await startStaticServer({ dir, port: 0 });
  const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true, null, { timeout: 30_000 });
  return {
    page,
    consoleErrors,
    call: <T>(fn: string, ...args: unknown[]) =>
      page.evaluate(
        async ([f, a]) => (window as unknown as { __entry: Record<string, (...x: unknown[]) => unknown> }).__entry[f as string](...(a as unknown[])),
        [fn, args] as const,
      ) as Promise<T>,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
