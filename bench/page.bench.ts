// npm run bench -- page
// The Segment page segmenting a real scan as a user does: chris_MRA (200×256×120 brain TOF-MRA) by the page's real-scan
// source, WASM with 2 threads, the default voxel scale (fit to vessels) and tile overlap (a quarter), timed from the
// click on Segment to the status line (the page's own seconds, which exclude loading: infer_page_chris_s) and
// wall-clock (infer_page_chris_wall_s); then the same with the CLI's overlap, a half (infer_page_chris_overlap_half_s).
// The scan is served from $VESSEL_LAB_DATA/real-unlabeled (the page would fetch it from its owner); without it the
// suite says so and reports nothing. Builds the site first (npm run build) unless VESSEL_LAB_SKIP_BUILD=1.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openPage, screenshot, settle, startLab } from "../test/support/site.js";
import type { Report } from "./run.js";

function log(line: string): void {
  console.error(`page bench: ${line}`);
}

export async function run(report: Report): Promise<void> {
  const data = process.env.VESSEL_LAB_DATA;
  if (!data || !existsSync(join(data, "real-unlabeled", "chris_MRA.nii.gz"))) {
    log("VESSEL_LAB_DATA is not set (or has no real-unlabeled/chris_MRA.nii.gz): the page figures are skipped.");
    return;
  }
  process.env.VESSEL_LAB_REAL_DATA = data; // the browser tests' route for real scans reads it
  const lab = await startLab();
  try {
    // the page's default tiling (overlap a quarter), then the CLI's (a half) for comparison
    for (const [suffix, figure] of [
      ["", "infer_page_chris"],
      ["&overlap=0.5", "infer_page_chris_overlap_half"],
    ]) {
      const { page } = await openPage(lab, `/segment?source=real+scan&scan=chris_MRA&provider=wasm${suffix}`);
      await settle(page, 300_000);
      log(await page.locator("#infer-status").innerText());
      const t0 = performance.now();
      await page.getByRole("button", { name: "Segment" }).click();
      await page.waitForFunction(() => /^(Segmented|Segmentation failed)/.test(document.querySelector("#segment-status")?.textContent ?? ""), null, {
        timeout: 600_000,
        polling: 250,
      });
      const wall = (performance.now() - t0) / 1000;
      const status = await page.locator("#segment-status").innerText();
      const details = (await page.locator("#segment-details").textContent()) ?? "";
      log(`${status} ${details}`);
      const seconds = Number(status.match(/ in ([\d.]+) s on /)?.[1] ?? NaN);
      report(`${figure}_s`, seconds, "s");
      report(`${figure}_wall_s`, wall, "s");
      await settle(page, 300_000);
      if (!suffix) await screenshot(page, "bench-segment-chris_MRA");
      await page.context().close();
    }
  } finally {
    await lab.close();
  }
}
