// The worked report "Does simulation alone segment real vessels?" as a reader meets it in the built site: its numbers,
// computed by its data loader at build time, in a table; charts per preset; the adaptation table; pictures; the
// model's SHA-256 equal to the committed file's; and, when the real data was absent at build time, a note saying so.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { openPage, screenshot, settle, useLab } from "../support/site.js";

describe("the report page", () => {
  const lab = useLab();

  test("report: Does simulation alone segment real vessels? shows its table, charts, adaptation, pictures and provenance with no error", async () => {
    const { page, problems } = await openPage(lab, "/reports/sim-to-real");
    assert.deepEqual(await settle(page), []);
    await page.waitForSelector("#pictures canvas");
    const rows = page.locator("#quality-table tbody tr");
    assert.ok((await rows.count()) >= 2, "the synthetic sets at least");
    const synthetic = page.locator('#quality-table tr[data-set="synthetic"] td[data-method="model"]');
    const value = Number((await synthetic.innerText()).split(" ")[0]);
    assert.ok(value >= 0 && value <= 1, `the model's synthetic Dice is a score: ${value}`);
    assert.match(await page.locator("#verdict").innerText(), /held-out synthetic scans the model's mean Dice is \d\.\d\d/);
    assert.ok((await page.locator(".preset-chart svg").count()) >= 1, "the per-preset charts");
    assert.ok((await page.locator("#adaptation-table tbody tr").count()) >= 1, "the adaptation table");
    assert.match(await page.locator("#adaptation-table thead").innerText(), /Dice, input adapted/);
    for (const cell of await page.locator("#adaptation-table tbody tr td:nth-child(7)").allInnerTexts())
      assert.match(cell, /^\d\.\d{3} \((smoothed|as made)\)$/, "adaptation by the input says which scan it kept");
    assert.ok((await page.locator("#pictures canvas").count()) >= 2, "the best and the worst case at least");
    const sha = createHash("sha256").update(readFileSync("models/segmenter.onnx")).digest("hex");
    assert.equal(await page.locator("#model-sha256").innerText(), sha, "the report cites the committed model's hash");
    const real = await page.locator('#quality-table tr[data-set="lightsheet"], #quality-table tr[data-set^="realgeom"]').count();
    if (real === 0) assert.match(await page.locator("#real-data-note").innerText(), /VESSEL_LAB_DATA was not set/);
    assert.match(await page.locator("#commands").innerText(), /vessel-lab generate --preset PRESET --seed 99/);
    await screenshot(page, "report-sim-to-real");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.failedRequests, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });
});
