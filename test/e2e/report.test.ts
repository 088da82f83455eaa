// Every page's "Report" and "Copy link" buttons in headless Chromium. The report of a segmented Segment page is saved,
// opened from disk with the network blocked, and holds the page's link, the lab's version, the model (its SHA-256 as
// node:crypto hashes models/segmenter.onnx), every setting and URL parameter, the page's numbers, and every canvas of
// the page as an image with the very same pixels; a file of the user's is named by name, size and SHA-256, never
// copied in. Copy link copies the page's address, and where the clipboard is refused, shows it selected.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { writeNifti } from "../../src/volume/index.js";
import { REPORT_BUDGET_BYTES, describeBytes } from "../../src/lab/index.js";
import { CONFUSION_COLORS } from "../../src/rendering/index.js";
import { OUTPUT_DIR, builtPages, openPage, screenshot, settle, useLab, type Lab } from "../support/site.js";

const REPORT_DIR = join(OUTPUT_DIR, "reports");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Presses the page's Report button and returns the saved file's path, its bytes and the status line. */
async function exportReport(page: Page, name: string): Promise<{ path: string; html: string; bytes: number; status: string }> {
  const download = page.waitForEvent("download", { timeout: 120_000 });
  await page.locator("#report-button").click();
  const d = await download;
  mkdirSync(REPORT_DIR, { recursive: true });
  const path = resolve(REPORT_DIR, `${name}.html`);
  await d.saveAs(path);
  assert.match(d.suggestedFilename(), /^vessel-lab-[a-z0-9-]+-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.html$/);
  await page.waitForFunction(() => /^Saved /.test(document.querySelector("#report-status")?.textContent ?? ""), null, { timeout: 30_000 });
  return { path, html: readFileSync(path, "utf8"), bytes: statSync(path).size, status: await page.locator("#report-status").innerText() };
}

/** Opens a saved report from disk in a context with no network; every request that is not the file itself is recorded. */
async function openReport(lab: Lab, path: string) {
  const context = await lab.browser.newContext({ offline: true, viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  context.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
  });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, requests, consoleErrors };
}

/** Sums of each visible canvas's RGBA bytes in `page`'s main column, in document order (WebGL canvases included). */
function canvasSums(page: Page): Promise<number[]> {
  return page.$$eval("#observablehq-main canvas", (cs) =>
    cs
      .filter((c) => (c as HTMLCanvasElement).width > 0 && c.checkVisibility())
      .map((c) => {
        const canvas = c as HTMLCanvasElement;
        const copy = document.createElement("canvas");
        copy.width = canvas.width;
        copy.height = canvas.height;
        const ctx = copy.getContext("2d")!;
        ctx.drawImage(canvas, 0, 0);
        let sum = 0;
        for (const v of ctx.getImageData(0, 0, copy.width, copy.height).data) sum += v;
        return sum;
      }),
  );
}

/** The same sums for the report's images, decoded from their data: URLs. */
function imageSums(page: Page): Promise<{ sums: number[]; complete: boolean[] }> {
  return page.$$eval("#report-page img", (imgs) => ({
    complete: imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
    sums: imgs.map((i) => {
      const img = i as HTMLImageElement;
      const copy = document.createElement("canvas");
      copy.width = img.naturalWidth;
      copy.height = img.naturalHeight;
      const ctx = copy.getContext("2d")!;
      ctx.drawImage(img, 0, 0);
      let sum = 0;
      for (const v of ctx.getImageData(0, 0, copy.width, copy.height).data) sum += v;
      return sum;
    }),
  }));
}

/** Waits until the page's main column has shown the same number of canvases and SVGs for a second (a page may draw after its cells settle). */
/** The figure each page that computes before drawing shows last on opening (the Lesson page: step 1's scan and label). */
const FIRST_FIGURES: Record<string, string> = { lesson: "#step1-views canvas >> nth=1" };

async function figuresDrawn(page: Page): Promise<void> {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const n = await page.locator("#observablehq-main canvas, #observablehq-main svg").count();
    if (n === last) return;
    last = n;
    await page.waitForTimeout(1000);
  }
  throw new Error("the page kept adding figures for a minute");
}

/** A report table's rows as cell texts. */
function rowsOf(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? "")));
}

describe("the Report and Copy link buttons", () => {
  const lab = useLab();

  test("the Segment page's report, opened offline from disk, holds its link, version, model hash, settings, numbers and every figure with the page's pixels", async () => {
    const { page, problems } = await openPage(lab, "/segment?provider=wasm");
    await settle(page);
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 240_000 });
    await settle(page);
    await screenshot(page, "segment-report-control");
    const url = page.url();
    const pageSums = await canvasSums(page);
    const figures = await page.locator("#segment-views canvas, #segment-3d canvas, #compare-slices canvas, #compare-mips canvas").count();
    assert.ok(figures >= 6, `slice, probability, MIP, 3D, and the mask against the label on the slice and the MIP: ${figures}`);
    assert.equal(pageSums.length, figures, "every canvas is one of the page's figures");
    const segmentStatus = await page.locator("#segment-status").innerText();
    const pageDice = (await page.locator("#segment-metrics").innerText()).match(/Dice\s+([\d.]+)/)![1];
    const { path, bytes, status } = await exportReport(page, "segment");
    console.log(`# the Segment page's report (default volume, 64³): ${bytes} bytes`);
    assert.ok(bytes < REPORT_BUDGET_BYTES, `${bytes} bytes`);
    assert.equal(status, `Saved ${status.slice(6).split(" (")[0]} (${bytes.toLocaleString("en-US")} bytes (${(bytes / 1e3).toFixed(1)} kB)).`);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();

    const report = await openReport(lab, path);
    const r = report.page;
    assert.equal(await r.locator("h1").innerText(), "Segment");
    assert.equal(await r.locator("#state-link").getAttribute("href"), url, "the link opens the page in the same state");
    assert.equal(await r.locator("#lab-version").innerText(), JSON.parse(readFileSync("package.json", "utf8")).version);
    const card = JSON.parse(readFileSync("models/segmenter.json", "utf8"));
    assert.deepEqual(await rowsOf(r, "#report-models"), [
      ["segmenter", card.name, String(card.training.train_step), sha256(readFileSync("models/segmenter.onnx"))],
    ]);
    const settings = Object.fromEntries(await rowsOf(r, "#report-settings"));
    assert.equal(settings["Runtime"], "WASM (CPU)");
    assert.equal(settings["Volume"], "synthetic sample");
    assert.equal(settings["Preset"], "brain-tof");
    assert.equal(settings["Sample index"], "1");
    assert.equal(settings["Size"], "64");
    assert.equal(settings["Data set seed"], "4242");
    assert.equal(settings["Compare with"], "none");
    assert.ok(!("Kept sample" in settings) && !("Real scan" in settings), "a hidden control is not a setting");
    const parameters = Object.fromEntries(await rowsOf(r, "#report-parameters"));
    assert.deepEqual(parameters, Object.fromEntries(new URL(url).searchParams), "every URL parameter");
    assert.equal(parameters.dseed, "4242");
    assert.match(await r.locator("#report-files").innerText(), /No file of yours was used/);
    const body = await r.locator("#report-page").innerText();
    assert.ok(body.includes(segmentStatus), "the page's status line, its seconds and vessel share");
    assert.ok(
      (await rowsOf(r, "#report-page table")).some((row) => row[0] === "Dice" && row[1] === pageDice),
      `Dice ${pageDice} in a table`,
    );
    const { sums, complete } = await imageSums(r);
    assert.deepEqual(
      complete,
      pageSums.map(() => true),
      "every figure decodes",
    );
    assert.deepEqual(sums, pageSums, "every canvas of the page, with its pixels");
    assert.ok((await r.locator("#report-page figcaption", { hasText: "vessel probability" }).count()) === 1);
    // the colour key of the error pictures, with its colours
    assert.deepEqual(
      await r.locator("#report-page .vl-legend .vl-swatch").evaluateAll((swatches) => swatches.map((s) => getComputedStyle(s).backgroundColor)),
      [CONFUSION_COLORS.truePositive, CONFUSION_COLORS.falsePositive, CONFUSION_COLORS.falseNegative].map((c) => `rgb(${c.join(", ")})`),
    );
    assert.deepEqual(report.requests, [], "the report asks for nothing");
    assert.deepEqual(report.consoleErrors, [], "no CSP violation or load error");
    await screenshot(r, "segment-report");
    await r.context().close();
  });

  test("a report of the Segment page with a 128³ volume stays under 5 MB", async () => {
    const { page } = await openPage(lab, "/segment?provider=wasm&ssize=128&compare=otsu");
    await settle(page, 240_000);
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#compare-metrics tr[data-method=otsu]").waitFor({ timeout: 480_000 });
    await settle(page, 240_000);
    const pageSums = await canvasSums(page);
    const { path, bytes } = await exportReport(page, "segment-128");
    console.log(`# the Segment page's report (128³, with Otsu): ${bytes} bytes, ${pageSums.length} figures`);
    assert.ok(bytes < REPORT_BUDGET_BYTES, `${bytes} bytes`);
    await page.context().close();
    const report = await openReport(lab, path);
    const { sums, complete } = await imageSums(report.page);
    assert.ok(complete.length === pageSums.length && complete.every(Boolean), "every figure decodes");
    assert.deepEqual(sums, pageSums);
    assert.ok(
      (await rowsOf(report.page, "#report-page table")).some((row) => row[0] === "Otsu"),
      "the comparison table",
    );
    assert.deepEqual(report.consoleErrors, []);
    await report.page.context().close();
  });

  test("a file of the user's is in the report by name, size and SHA-256, never its bytes", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=your+file&provider=wasm");
    await settle(page);
    const bytes = writeNifti(makeSample(sampleSpec(2, { seed: 4242, preset: "microscopy", size: 32 })).image);
    await page
      .locator("#scan-file input[type=file]:not([webkitdirectory])")
      .setInputFiles({ name: "my <scan>.nii.gz", mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
    await page.waitForFunction(() => /^my <scan>\.nii\.gz: 32×32×32/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    await settle(page);
    const { path, html } = await exportReport(page, "segment-your-file");
    await page.context().close();
    const report = await openReport(lab, path);
    assert.deepEqual(await rowsOf(report.page, "#report-files"), [
      ["your scan", "my <scan>.nii.gz", `${bytes.length.toLocaleString("en-US")} bytes (${(bytes.length / 1e3).toFixed(1)} kB)`, sha256(bytes)],
    ]);
    const b64 = Buffer.from(bytes).toString("base64");
    for (const at of [0, 1000, 2000]) assert.ok(!html.includes(b64.slice(at, at + 60)), "no run of the file's bytes in base64");
    assert.ok(!html.includes(Buffer.from(bytes.subarray(0, 64)).toString("latin1")), "nor as they are");
    assert.doesNotMatch(html, /data:application|data:image\/[^;]+;base64,H4sI/, "no gzip in a data: URL");
    assert.deepEqual(report.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    await report.page.context().close();
  });

  test("many files given together (an exam's folder) are one row of the report: their count, total size and one SHA-256 of their 'sha256  name' lines in name order", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=your+file&provider=wasm");
    await settle(page);
    const files = Array.from({ length: 13 }, (_, n) => ({ name: `IM${String(12 - n).padStart(4, "0")}`, buffer: Buffer.from(`slice ${n} `.repeat(n + 1)) }));
    await page.locator("#scan-file input[type=file]:not([webkitdirectory])").setInputFiles(files.map((f) => ({ ...f, mimeType: "application/octet-stream" })));
    await page.waitForFunction(() => /13 files, none of them DICOM/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    await settle(page);
    const { path } = await exportReport(page, "segment-many-files");
    await page.context().close();
    const report = await openReport(lab, path);
    const lines = files
      .map((f) => `${sha256(f.buffer)}  ${f.name}`)
      .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1))
      .join("\n");
    const total = files.reduce((n, f) => n + f.buffer.length, 0);
    assert.deepEqual(await rowsOf(report.page, "#report-files"), [
      [`your scan: 13 files, one SHA-256 of their "sha256  name" lines in name order`, "13 files", describeBytes(total), sha256(Buffer.from(lines + "\n"))],
    ]);
    assert.deepEqual(problems.pageErrors, []);
    await report.page.context().close();
  });

  test("Copy link puts the page's address on the clipboard and says so; refused, it shows the link selected to copy", async () => {
    const { page, problems } = await openPage(lab, "/grow?preset=brain&seed=11");
    await settle(page);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: lab.server.url });
    await page.locator("#copy-link").click();
    await page.waitForFunction(() => /^Link copied/.test(document.querySelector("#report-status")?.textContent ?? ""));
    const url = page.url();
    assert.match(url, /seed=11/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    assert.equal(await page.locator("#report-link").isVisible(), false, "no fallback when the copy worked");

    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
    });
    await page.locator("#copy-link").click();
    await page.locator("#report-link").waitFor({ state: "visible" });
    assert.match(await page.locator("#report-status").innerText(), /did not let the page copy\. The link is selected: press Ctrl\+C/);
    const box = await page.locator("#report-link").evaluate((i) => ({
      value: (i as HTMLInputElement).value,
      start: (i as HTMLInputElement).selectionStart,
      end: (i as HTMLInputElement).selectionEnd,
      focused: document.activeElement === i,
    }));
    assert.deepEqual(box, { value: url, start: 0, end: url.length, focused: true });
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("every page has the buttons, and its report opens offline with every canvas of the page as a decoded image", async () => {
    for (const { name, path: pagePath } of builtPages()) {
      const { page, problems } = await openPage(lab, pagePath);
      await settle(page);
      // a page whose first figures follow a computation of a second or more (the Lesson's sample): wait for them by
      // name, since figuresDrawn's one quiet second can fall before they come
      if (FIRST_FIGURES[name]) await page.locator(FIRST_FIGURES[name]).waitFor({ timeout: 120_000 });
      await figuresDrawn(page);
      assert.equal(await page.getByRole("button", { name: "Report" }).count(), 1, `${name}: one Report button`);
      assert.equal(await page.getByRole("button", { name: "Copy link" }).count(), 1, `${name}: one Copy link button`);
      const pageSums = await canvasSums(page);
      const svgs = await page.$$eval("#observablehq-main svg", (ss) => ss.filter((s) => !s.parentElement?.closest("svg") && s.checkVisibility()).length);
      const { path, bytes } = await exportReport(page, name);
      assert.ok(bytes < REPORT_BUDGET_BYTES, `${name}: ${bytes} bytes`);
      assert.deepEqual(problems.console, [], `${name}: console errors`);
      await page.context().close();
      const report = await openReport(lab, path);
      const { sums, complete } = await imageSums(report.page);
      assert.ok(complete.every(Boolean), `${name}: every image decodes`);
      assert.deepEqual(sums, pageSums, `${name}: every canvas, with its pixels`);
      assert.equal(
        await report.page.locator("#report-page svg").evaluateAll((ss) => ss.filter((s) => !s.parentElement?.closest("svg")).length),
        svgs,
        `${name}: every SVG figure`,
      );
      assert.deepEqual(report.requests, [], `${name}: the report asks for nothing`);
      assert.deepEqual(report.consoleErrors, [], `${name}: no CSP violation or load error`);
      console.log(`# ${name}: report of ${bytes} bytes, ${sums.length} images, ${svgs} SVG figures`);
      await report.page.context().close();
    }
  });
});
