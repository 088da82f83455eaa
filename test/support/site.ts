// Builds the site once per test process, serves it on 127.0.0.1 with the isolation headers,
// and opens pages in headless Chromium, recording every console error, page error and failed
// request so that a test can fail on them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type BrowserContext, type Page, type Request } from "playwright-core";
import { REAL_SCANS } from "../../src/lab/index.js";
import { createVolume, writeNifti } from "../../src/volume/index.js";
import { startStaticServer, type StaticServer } from "../../scripts/serve.js";
import { findChromium, CHROMIUM_ARGS } from "./chromium.js";

export const OUTPUT_DIR = "test-output";
export const SCREENSHOT_DIR = join(OUTPUT_DIR, "screenshots");

export function buildSite(): void {
  if (process.env.VESSEL_LAB_SKIP_BUILD === "1") return;
  const r = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface Lab {
  server: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The lab for one suite: call inside `describe`; it starts (build, server, Chromium) before the suite's tests and
 * closes after them. The returned Lab reaches the running one, so `openPage(lab, …)` works in every test.
 */
export function useLab(): Lab {
  let lab: Lab | undefined;
  before(async () => {
    lab = await startLab();
  });
  after(async () => lab?.close());
  const running = (): Lab => {
    if (!lab) throw new Error("the lab is not started: call useLab() inside describe, and use it inside a test");
    return lab;
  };
  return {
    get server() {
      return running().server;
    },
    get browser() {
      return running().browser;
    },
    close: () => running().close(),
  };
}

export async function startLab(): Promise<Lab> {
  const executablePath = findChromium();
  buildSite();
  const server = await startStaticServer({ dir: "dist", port: 0 });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export interface PageProblems {
  console: string[];
  pageErrors: string[];
  failedRequests: string[];
}

/**
 * Where the tests find a real scan: `$VESSEL_LAB_REAL_DATA/real-unlabeled/ID.nii.gz` when that variable names a folder
 * of local copies (development), else none (the repository refers to no folder outside itself).
 */
export function localRealScan(id: string): string | null {
  const root = process.env.VESSEL_LAB_REAL_DATA;
  if (!root) return null;
  const path = join(root, "real-unlabeled", `${id}.nii.gz`);
  return existsSync(path) ? path : null;
}

/** A small stand-in scan (bright tubes in noise) for machines without local copies of the real scans. */
function standInScan(): Uint8Array {
  const n = 48;
  const v = createVolume(Float32Array, [n, n, n], [0.6, 0.6, 0.6]);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const tube = Math.hypot(x - 24, y - 20) < 3 || Math.hypot(y - 30, z - 24) < 2 ? 200 : 0;
        v.data[x + n * (y + n * z)] = 40 + tube + (((x * 7 + y * 13 + z * 17) % 23) - 11);
      }
  return writeNifti(v, { description: "vessel-lab test stand-in scan" });
}

/**
 * Serves the real scans' public URLs from local copies (the tests never reach the network):
 * the local copy where VESSEL_LAB_REAL_DATA holds one, a small stand-in scan otherwise.
 */
export async function routeRealScans(context: BrowserContext): Promise<void> {
  for (const scan of REAL_SCANS) {
    await context.route(scan.url, async (route) => {
      const local = localRealScan(scan.id);
      const body = local ? readFileSync(local) : Buffer.from(standInScan());
      await route.fulfill({
        status: 200,
        body,
        headers: { "content-type": "application/gzip", "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" },
      });
    });
  }
}

/** Opens `path` in a fresh page and collects its problems from the first byte on. */
export async function openPage(lab: Lab, path: string, { viewport = { width: 1280, height: 900 } } = {}): Promise<{ page: Page; problems: PageProblems }> {
  const context = await lab.browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true });
  await routeRealScans(context);
  const page = await context.newPage();
  const problems: PageProblems = { console: [], pageErrors: [], failedRequests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") problems.console.push(m.text());
  });
  page.on("pageerror", (e) => problems.pageErrors.push(String(e?.stack ?? e)));
  page.on("requestfailed", (r) => problems.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.failedRequests.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
  });
  trackRequests(page);
  await page.goto(lab.server.url + path, { waitUntil: "load" });
  return { page, problems };
}

/** The requests in flight in a page opened by openPage, and when the last one began or ended. */
interface RequestTracker {
  pending: Set<Request>;
  lastActivity: number;
}
const trackers = new WeakMap<Page, RequestTracker>();

/**
 * Follows `page`'s requests from now on, its workers' included (Playwright reports a dedicated worker's requests as
 * its frame's). Two kinds of request can stay in flight for ever, with no finished or failed event: those of a
 * document a reload replaced, and the script of a worker that was ended while it loaded. So, as Playwright's own
 * "networkidle" does, a new document in the main frame (its commit, after its navigation request) keeps only its own
 * request, and a worker's close forgets the requests for its script. Unlike "networkidle", which fires once per
 * document, every wait looks at the requests in flight at that moment. One case neither handles: a reload while the
 * old document is still starting its workers can deliver one of its worker-script requests after the new document's
 * commit (seen 1 time in about 10), and that request never ends. Settle a page before reloading it.
 */
function trackRequests(page: Page): void {
  const tracker: RequestTracker = { pending: new Set(), lastActivity: Date.now() };
  trackers.set(page, tracker);
  let navigation: Request | null = null; // the main frame's latest navigation request, until its document commits
  const touch = () => (tracker.lastActivity = Date.now());
  const mainNavigation = (r: Request) => {
    try {
      return r.isNavigationRequest() && r.frame() === page.mainFrame();
    } catch {
      return false; // a navigation request whose frame is not attached yet (a popup's first): not the main frame
    }
  };
  page.on("request", (r) => {
    if (mainNavigation(r)) navigation = r;
    tracker.pending.add(r);
    touch();
  });
  const end = (r: Request) => {
    tracker.pending.delete(r);
    touch();
  };
  page.on("requestfinished", end);
  page.on("requestfailed", end);
  page.on("framenavigated", (frame) => {
    // a same-document navigation (history.replaceState, which the pages use for their settings) has no request
    if (frame !== page.mainFrame() || !navigation) return;
    for (const r of tracker.pending) if (r !== navigation) tracker.pending.delete(r);
    navigation = null;
    touch();
  });
  page.on("worker", (worker) =>
    worker.on("close", () => {
      for (const r of tracker.pending) if (r.url() === worker.url()) tracker.pending.delete(r);
      touch();
    }),
  );
}

/** Resolves once `page` has had no request in flight for `quietMs`, by `deadline` (ms since the epoch); the error names the requests still in flight. */
async function requestsQuiet(page: Page, deadline: number, quietMs = 500): Promise<void> {
  const tracker = trackers.get(page);
  if (!tracker) return void (await page.waitForLoadState("networkidle", { timeout: Math.max(1, deadline - Date.now()) }));
  while (tracker.pending.size > 0 || Date.now() - tracker.lastActivity < quietMs) {
    if (Date.now() > deadline) {
      const urls = [...tracker.pending].map((r) => r.url());
      throw new Error(`the page's requests did not end in time: ${urls.length} in flight (${urls.join(", ") || "none, but new ones kept starting"})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until Framework has no cell pending or running and no request is in flight (both within `timeout` ms in all),
 * then returns the text of every error cell.
 */
export async function settle(page: Page, timeout = 120_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), null, { timeout, polling: 200 });
  await requestsQuiet(page, deadline);
  return page.$$eval(".observablehq--error", (nodes) => nodes.map((n) => n.textContent ?? ""));
}

/**
 * The lab's pages in the built site, as a test opens them: each with its name (for messages and screenshots:
 * "grow", "reports-sim-to-real") and its path ("/" for the landing page). The top-level pages and the reports under
 * reports/; not 404.html, nor the READMEs Framework renders through the models link.
 */
export function builtPages(dist = "dist"): { name: string; path: string }[] {
  const html = (dir: string) => (existsSync(join(dist, dir)) ? readdirSync(join(dist, dir)).filter((f) => f.endsWith(".html") && f !== "404.html") : []);
  return [...html("").map((f) => f.slice(0, -5)), ...html("reports").map((f) => `reports/${f.slice(0, -5)}`)].map((page) => ({
    name: page.replace(/\//g, "-"),
    path: page === "index" ? "/" : `/${page}`,
  }));
}

/**
 * Keeps `count` samples of `preset` at `size`³ in the browser's store, as a user does on the Synthesise page ("Generate
 * and keep"); `page` is on that page, settled. Resolves when the page says it is done.
 */
export async function keepSamples(page: Page, { preset, count, size }: { preset: string; count: number; size: number }): Promise<void> {
  const form = page.locator("#batch-form");
  await form.locator("select").selectOption(preset);
  for (const [label, value] of [
    ["Samples", String(count)],
    ["Size", String(size)],
  ]) {
    const input = form.locator(`form:has(label:text-is("${label}")) input[type=number]`);
    await input.fill(value);
    await input.dispatchEvent("input");
  }
  await page.getByRole("button", { name: "Generate and keep" }).click();
  await page.waitForFunction(() => /^Done/.test(document.querySelector("#batch-status")?.textContent ?? ""), null, { timeout: 120_000 });
}

/** From now on only the lab's own server answers `page`: every other request is refused as offline, and listed. */
export async function cutNetwork(page: Page, lab: Lab): Promise<string[]> {
  const own = new URL(lab.server.url).host;
  const refused: string[] = [];
  await page.route(
    () => true,
    (route) => {
      if (new URL(route.request().url()).host === own) return route.fallback();
      refused.push(route.request().url());
      return route.abort("internetdisconnected");
    },
  );
  return refused;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
