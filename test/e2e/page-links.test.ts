// Links between pages carry the tree and the imaging: the sidebar's and the footer's links (static HTML that
// src/rendering/carryStateLinks.ts rewrites from the page's URL) and Voxelise's "Synthesise this tree".
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { growTree } from "../../src/geometry/index.js";
import { gridForTree, voxeliseCpu } from "../../src/voxel/index.js";
import { openPage, screenshot, settle, useLab } from "../support/site.js";

const params = (page: Page, ...keys: string[]) => {
  const q = new URL(page.url()).searchParams;
  return Object.fromEntries(keys.map((k) => [k, q.get(k)]));
};

/** Clicks a link and waits for the page it opens to settle. */
async function follow(page: Page, link: ReturnType<Page["locator"]>, path: string): Promise<void> {
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith(path), { timeout: 30_000 }), link.click()]);
  await settle(page);
}

describe("links between pages", () => {
  const lab = useLab();

  test("a tree changed on Grow reaches Voxelise through the sidebar, and Synthesise through the footer's next link", async () => {
    const { page, problems } = await openPage(lab, "/grow?preset=brain&seed=3&size=64&path=cpu");
    await settle(page);
    const input = page.locator("[data-param=terminals] input[type=number]");
    await input.fill("40");
    await input.dispatchEvent("input");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("terminals") === "40");
    await settle(page);
    const sidebar = page.locator("#observablehq-sidebar a", { hasText: /^Voxelise$/ });
    await sidebar.hover();
    assert.match((await sidebar.getAttribute("href"))!, /^\.\/voxelise\?.*terminals=40/, "the href carries the tree once the pointer is over it");

    await follow(page, sidebar, "/voxelise");
    assert.deepEqual(params(page, "preset", "seed", "terminals", "size", "path"), { preset: "brain", seed: "3", terminals: "40", size: "64", path: "cpu" });
    assert.match(await page.locator("#voxelise-status").innerText(), /^Tree brain, seed 3:/);
    const tree = growTree({ preset: "brain", seed: 3, params: { terminals: 40 } });
    const want = voxeliseCpu(tree, gridForTree(tree, { size: 64 })).binary.data.reduce((a, b) => a + b, 0);
    const got = Number(/Vessel voxels \(binary\)\s+([\d,]+)/.exec(await page.locator("main").innerText())![1].replace(/,/g, ""));
    assert.equal(got, want, "Voxelise shows the tree made on Grow, not the default");

    const next = page.locator("#observablehq-footer a[rel=next]");
    assert.match(await next.innerText(), /Synthesise/);
    await follow(page, next, "/synthesise");
    assert.deepEqual(params(page, "preset", "seed", "terminals", "size"), { preset: "brain", seed: "3", terminals: "40", size: "64" });
    assert.match(
      await page.locator("#synth-status").innerText(),
      /^A brain time-of-flight MR angiogram of the brain tree, seed 3, terminals 40: 64 × 64 × 64 voxels/,
    );
    assert.equal(await page.locator("#url-notes").count(), 0, "Synthesise took every parameter");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("Voxelise's 'Synthesise this tree' opens Synthesise on the same tree and volume size", async () => {
    const { page, problems } = await openPage(lab, "/voxelise?preset=kidney&seed=5&terminals=30&curvature=6&size=96&path=cpu");
    await settle(page);
    const link = page.locator("#synthesise-link");
    assert.equal((await link.innerText()).trim(), "Synthesise this tree →");
    await screenshot(page, "voxelise-link");
    await follow(page, link, "/synthesise");
    assert.deepEqual(params(page, "preset", "seed", "terminals", "curvature", "size"), {
      preset: "kidney",
      seed: "5",
      terminals: "30",
      curvature: "6",
      size: "96",
    });
    assert.match(
      await page.locator("#synth-status").innerText(),
      /^A CT angiogram of the kidney tree, seed 5, terminals 30 and curvature 6: 96 × 96 × 96 voxels/,
    );
    assert.equal(await page.locator("#url-notes").count(), 0);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("Synthesise's imaging survives a visit to Voxelise, which says that it shows 64 voxels where the link asked for 48; the footer takes the image to Fit", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=20&modality=cta&size=48&iseed=5&path=cpu");
    await settle(page);
    await follow(page, page.locator("#observablehq-sidebar a", { hasText: /^Voxelise$/ }), "/voxelise");
    assert.match(
      await page.locator("#url-notes").innerText(),
      /asked for 48 voxels per side; this page makes 64 to 256 voxels per side in steps of 32, so it shows 64/,
    );
    assert.deepEqual(params(page, "seed", "terminals", "size", "modality", "iseed"), { seed: "2", terminals: "20", size: "64", modality: "cta", iseed: "5" });

    await follow(page, page.locator("#observablehq-sidebar a", { hasText: /^Synthesise$/ }), "/synthesise");
    assert.deepEqual(params(page, "seed", "terminals", "size", "modality", "iseed"), { seed: "2", terminals: "20", size: "64", modality: "cta", iseed: "5" });
    assert.match(await page.locator("#synth-status").innerText(), /^A CT angiogram of the brain tree, seed 2, terminals 20: 64 × 64 × 64 voxels/);

    const next = page.locator("#observablehq-footer a[rel=next]");
    assert.match(await next.innerText(), /Fit/);
    await follow(page, next, "/fit");
    assert.equal(params(page, "source").source, "synthesised image");
    assert.match(await page.locator("#volume-status").innerText(), /the Synthesise page's cta image \(tree brain seed 2, imaging seed 5, 64³\)/);
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });
});
