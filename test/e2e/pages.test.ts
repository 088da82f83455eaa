// Every page of the built site, opened in headless Chromium as a user meets it: no console
// error, no page error, no failed request, no Framework error cell; a screenshot of each.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { builtPages, useLab, openPage, settle, screenshot } from "../support/site.js";

describe("the built site in headless Chromium", () => {
  const lab = useLab();

  test("every page renders with no console error, page error, failed request or error cell, and is screenshotted", async () => {
    const pages = builtPages();
    assert.ok(
      pages.some((p) => p.name === "index"),
      "the landing page was built",
    );
    for (const { name, path } of pages) {
      const { page, problems } = await openPage(lab, path);
      const errorCells = await settle(page);
      const shot = await screenshot(page, name);
      assert.deepEqual(errorCells, [], `${name}: error cells`);
      assert.deepEqual(problems.pageErrors, [], `${name}: page errors`);
      assert.deepEqual(problems.failedRequests, [], `${name}: failed requests`);
      assert.deepEqual(problems.console, [], `${name}: console errors`);
      assert.ok(shot.endsWith(".png"));
      await page.context().close();
    }
  });

  test("every page opened in a phone-sized window (360×740) draws no figure of negative or zero size", async () => {
    // Framework's `width` can be tiny (CI once laid the Grow page out at width 0): figures sized
    // from it must stay drawable (src/lab's columnWidth), never give an SVG a negative width.
    for (const { name, path } of builtPages()) {
      const { page, problems } = await openPage(lab, path, { viewport: { width: 360, height: 740 } });
      const errorCells = await settle(page);
      assert.deepEqual(errorCells, [], `${name}: error cells`);
      assert.deepEqual(problems.console, [], `${name}: console errors`);
      const bad = await page.evaluate(() =>
        [...document.querySelectorAll("main svg, main canvas")]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return e.checkVisibility() && (r.width <= 0 || r.height <= 0);
          })
          .map((e) => e.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(bad, [], `${name}: figures drawn with no area`);
      await page.context().close();
    }
  });

  test("the landing page reports a WebGPU adapter, cross-origin isolation, and the smoke shader matching the CPU", async () => {
    const { page } = await openPage(lab, "/");
    await settle(page);
    const text = await page.locator("main").innerText();
    assert.match(text, /WebGPU\s+available/, "WebGPU reported available");
    assert.match(text, /Adapter\s+\S+/, "adapter named");
    assert.match(text, /maxStorageBufferBindingSize\s+[\d,]+/, "limits listed");
    assert.match(text, /Cross-origin isolated\s+yes/, "served with COOP/COEP");
    const smoke = page.locator("#gpu-smoke");
    assert.equal(await smoke.getAttribute("data-status"), "pass", await smoke.innerText());
    assert.equal(await page.locator("svg[aria-label='The vessel-lab pipeline'] [data-stage]").count(), 5, "the pipeline figure shows five stages");
    await page.context().close();
  });
});
