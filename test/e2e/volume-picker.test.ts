// The volume picker of the Segment and Reconstruct pages, driven as a user drives it: one click on a source, a number
// typed into a box and left with Tab or Enter, a slider stepped with the keyboard, an option chosen. After each single
// interaction the volume shown, the controls, the status line and the URL agree on the volume; none of them lags one
// interaction behind. Samples are 32³ (one step of the size slider, 48³), and real scans are served as a 32³
// stand-in, so every step is quick.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEMO_VOLUME, REAL_SCANS, type RealScan } from "../../src/lab/index.js";
import { createVolume, writeNifti } from "../../src/volume/index.js";
import { openPage, settle, useLab } from "../support/site.js";

type Sample = { preset: string; index: number; size: number; seed: number };
/** The picker's state: its source, and what each source's controls hold (hidden ones keep theirs). */
type Want = { source: "synthetic sample" | "real scan" | "demo volume" | "kept sample"; sample: Sample; scan: RealScan };

/** A 32³ stand-in for every real scan: bright tubes in noise (the tests never reach the network). */
function standIn(): Buffer {
  const n = 32;
  const v = createVolume(Float32Array, [n, n, n], [0.7, 0.7, 0.7]);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++)
        v.data[x + n * (y + n * z)] =
          40 + (Math.hypot(x - 16, y - 12) < 3 || Math.hypot(y - 20, z - 16) < 2 ? 200 : 0) + (((x * 7 + y * 13 + z * 17) % 23) - 11);
  return Buffer.from(writeNifti(v, { description: "vessel-lab picker test stand-in" }));
}

async function serveStandIns(page: Page): Promise<void> {
  const body = standIn();
  for (const scan of REAL_SCANS)
    await page.route(scan.url, (route) =>
      route.fulfill({
        status: 200,
        body,
        headers: { "content-type": "application/gzip", "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" },
      }),
    );
}

/**
 * What the page shows now: the picker's controls, the status line, the URL, and the volumes drawn (`shown`: every view
 * names its volume in data-volume; a view left over from an earlier volume shows up here; `width`: the first view's
 * first canvas, in pixels).
 */
function readPage(page: Page) {
  return page.evaluate(() => {
    const picker = document.querySelector(".vl-volume-picker")!;
    // each of the picker's labelled controls by its label (no named functions here: tsx's __name is not in the page)
    const field: Record<string, HTMLFormElement> = {};
    for (const f of picker.querySelectorAll("form")) field[f.querySelector("label")?.textContent?.trim() ?? ""] = f;
    const radio = [...picker.querySelectorAll<HTMLInputElement>("input[type=radio]")].find((r) => r.checked);
    const size = field["Size"];
    const q = new URLSearchParams(location.search);
    const views = [...document.querySelectorAll<HTMLElement>("[data-volume]")];
    return {
      controls: {
        source: radio?.parentElement?.textContent?.trim() ?? null,
        preset: field["Preset"].querySelector("select")!.selectedOptions[0]?.textContent ?? null,
        index: field["Sample index"].querySelector("input")!.value,
        size: size.querySelector<HTMLInputElement>("input[type=number]")!.value,
        slider: size.querySelector<HTMLInputElement>("input[type=range]")!.value,
        seed: field["Data set seed"].querySelector("input")!.value,
        scan: field["Real scan"].querySelector("select")!.selectedOptions[0]?.textContent ?? null,
      },
      url: { source: q.get("source"), sample: q.get("sample"), index: q.get("index"), ssize: q.get("ssize"), dseed: q.get("dseed"), scan: q.get("scan") },
      status: document.querySelector("#volume-status")?.textContent ?? "",
      shown: { volumes: [...new Set(views.map((v) => v.dataset.volume))], width: views[0]?.querySelector("canvas")?.width ?? null },
    };
  });
}
type Seen = Awaited<ReturnType<typeof readPage>>;

/** Each of the four, as it should read for `want`: `status` is the status line's start; `grid` the views' side over the volume's (the Reconstruct page draws the models' grid). */
function expected(want: Want, grid = 1) {
  const s = want.sample;
  const side = (n: number) => Math.round(n * grid);
  const controls = {
    source: want.source,
    preset: s.preset,
    index: String(s.index),
    size: String(s.size),
    slider: String(s.size),
    seed: String(s.seed),
    scan: want.scan.name,
  };
  switch (want.source) {
    case "synthetic sample":
      return {
        controls,
        url: { source: want.source, sample: s.preset, index: String(s.index), ssize: String(s.size), dseed: String(s.seed) },
        status: `synthetic ${s.preset} sample ${s.index} (seed ${s.seed}, ${s.size}³): ${s.size}×${s.size}×${s.size} voxels`,
        shown: { volumes: [`${s.preset}-s${s.seed}-${s.size}-${s.index}`], width: side(s.size) },
      };
    case "real scan":
      return {
        controls,
        url: { source: want.source, scan: want.scan.id },
        status: `${want.scan.name}: 32×32×32 voxels`,
        shown: { volumes: [want.scan.id], width: side(32) },
      };
    case "demo volume":
      return {
        controls,
        url: { source: want.source },
        status: `${DEMO_VOLUME.name}: 48×48×48 voxels`,
        shown: { volumes: [DEMO_VOLUME.stem], width: side(48) },
      };
    case "kept sample": // a fresh browser keeps none: the page waits, and shows no volume
      return { controls, url: { source: want.source }, status: "No kept samples yet: make some on the Synthesise page.", shown: { volumes: [], width: null } };
  }
}

/** `seen` in the terms of `want`: the URL's keys that matter for the source, the status line's start. */
function asWanted(seen: Seen, want: ReturnType<typeof expected>) {
  const url = Object.fromEntries(Object.keys(want.url).map((k) => [k, seen.url[k as keyof Seen["url"]]]));
  return { controls: seen.controls, url, status: seen.status.slice(0, want.status.length), shown: seen.shown };
}

/**
 * Waits until the page agrees with `want` in all four (a page one interaction late never does), then lets it settle and
 * checks again; fails with both when it does not agree within a minute.
 */
async function agrees(page: Page, want: Want, step: string, grid = 1): Promise<void> {
  const goal = expected(want, grid);
  const deadline = Date.now() + 60_000;
  let seen = asWanted(await readPage(page), goal);
  while (JSON.stringify(seen) !== JSON.stringify(goal) && Date.now() < deadline) {
    await page.waitForTimeout(150);
    seen = asWanted(await readPage(page), goal);
  }
  await settle(page);
  assert.deepEqual(asWanted(await readPage(page), goal), goal, `after ${step}`);
}

/** Marks the status line, to tell later whether a step loaded the volume again (its cell runs on the volume alone). */
const mark = (page: Page) => page.evaluate(() => ((document.querySelector("#volume-status") as HTMLElement).dataset.mark = "kept"));
const marked = (page: Page) => page.evaluate(() => (document.querySelector("#volume-status") as HTMLElement | null)?.dataset.mark ?? null);

async function typeNumber(page: Page, label: string, value: number, key: "Tab" | "Enter"): Promise<void> {
  const box = page.getByRole("spinbutton", { name: label, exact: true });
  await box.click();
  await box.press("Control+A");
  await box.pressSequentially(String(value));
  await box.press(key);
}

const sizeSlider = (page: Page) =>
  page
    .locator(".vl-volume-picker form")
    .filter({ has: page.getByText("Size", { exact: true }) })
    .locator("input[type=range]");

describe("the volume picker of the Segment and Reconstruct pages", () => {
  const lab = useLab();

  for (const [name, path] of [
    ["Segment", "/segment"],
    ["Reconstruct", "/reconstruct"],
  ] as const) {
    test(`after every single click, typed number, slider step and option, the volume shown, the controls, the status and the URL agree (${name})`, async () => {
      // the scan's own grid: the automatic scale (the default of a card with spacing "auto") depends on each volume, and
      // the Reconstruct page draws the models' grid; this test follows the picker, so it fixes the scale
      const { page, problems } = await openPage(lab, `${path}?source=synthetic+sample&sample=brain-tof&index=1&ssize=32&dseed=4242&provider=wasm&scale=native`);
      await serveStandIns(page);
      await settle(page);
      const sample: Sample = { preset: "brain-tof", index: 1, size: 32, seed: 4242 };
      let scan = REAL_SCANS[0];
      let grid = 1;
      const check = (want: Want, step: string) => agrees(page, want, step, grid);
      await check({ source: "synthetic sample", sample, scan }, "opening the page");
      if (name === "Segment") {
        // segmented, the views show its mask; a new volume takes them away
        await page.getByRole("button", { name: "Segment", exact: true }).click();
        await page.locator("#segment-views").waitFor({ timeout: 60_000 });
        await check({ source: "synthetic sample", sample, scan }, "pressing Segment");
      }

      await typeNumber(page, "Sample index", 2, "Tab");
      await check({ source: "synthetic sample", sample: { ...sample, index: 2 }, scan }, "typing 2 into Sample index and pressing Tab");
      await typeNumber(page, "Sample index", 3, "Enter");
      sample.index = 3;
      await check({ source: "synthetic sample", sample, scan }, "typing 3 into Sample index and pressing Enter");

      await sizeSlider(page).focus();
      await sizeSlider(page).press("ArrowRight");
      await check({ source: "synthetic sample", sample: { ...sample, size: 48 }, scan }, "stepping the Size slider up");
      await sizeSlider(page).press("ArrowLeft");
      await check({ source: "synthetic sample", sample, scan }, "stepping the Size slider down");

      if (name === "Segment") {
        await page.getByLabel("Preset", { exact: true }).selectOption("liver-cta");
        sample.preset = "liver-cta";
        await check({ source: "synthetic sample", sample, scan }, "choosing the liver-cta preset");
        await typeNumber(page, "Data set seed", 7, "Tab");
        sample.seed = 7;
        await check({ source: "synthetic sample", sample, scan }, "typing 7 into Data set seed and pressing Tab");
      }

      await page.getByRole("radio", { name: "real scan", exact: true }).click();
      await check({ source: "real scan", sample, scan }, "clicking real scan");
      await page.getByLabel("Real scan", { exact: true }).selectOption({ label: REAL_SCANS[1].name });
      scan = REAL_SCANS[1];
      await check({ source: "real scan", sample, scan }, `choosing ${REAL_SCANS[1].name}`);
      await page.getByRole("radio", { name: "demo volume", exact: true }).click();
      await check({ source: "demo volume", sample, scan }, "clicking demo volume");
      await page.getByRole("radio", { name: "kept sample", exact: true }).click();
      await check({ source: "kept sample", sample, scan }, "clicking kept sample");
      await page.getByRole("radio", { name: "synthetic sample", exact: true }).click();
      await check({ source: "synthetic sample", sample, scan }, "clicking synthetic sample");

      // a control outside the picker: the URL follows it, and the volume is neither loaded nor drawn again
      await mark(page);
      await page.getByRole("radio", { name: "×2", exact: true }).click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get("scale") === "x2", null, { timeout: 30_000 });
      if (name === "Reconstruct") grid = 0.5; // its views show the models' grid: voxels twice as large
      await check({ source: "synthetic sample", sample, scan }, "clicking the voxel scale ×2");
      assert.equal(await marked(page), "kept", "a new voxel scale keeps the volume: it is not loaded again");

      if (name === "Reconstruct") {
        const ratio = page
          .locator("form")
          .filter({ hasText: /Mask ratio|Share of the scan hidden/ })
          .locator("input[type=range]");
        await ratio.focus();
        await ratio.press("ArrowRight");
        await page.waitForFunction(() => new URLSearchParams(location.search).get("ratio") === "0.55", null, { timeout: 30_000 });
        await check({ source: "synthetic sample", sample, scan }, "stepping the mask ratio up");
        assert.equal(await marked(page), "kept", "a new mask keeps the volume: it is not loaded again");
      }
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.console, []);
      await page.context().close();
    });
  }
});
