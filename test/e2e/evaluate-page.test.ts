// The Evaluate page as a user meets it: a generated batch scored by the model and both baselines (mean Dice per preset
// as Node computes it from the same samples), the worst cases shown with one click and opened on the Segment page;
// samples kept on the Synthesise page evaluated in turn; and a Cancel that keeps what finished.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { baselineMask } from "../../src/baselines/index.js";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { labelConventionOf } from "../../src/infer/index.js";
import { keptSampleId } from "../../src/lab/index.js";
import { dice } from "../../src/metrics/index.js";
import { segmentInNode } from "../support/inferFiles.js";
import { keepSamples, openPage, screenshot, settle, useLab } from "../support/site.js";

const tableValue = async (page: import("playwright-core").Page, preset: string, method: string) =>
  Number(await page.locator(`#batch-table tr[data-preset="${preset}"] td[data-method="${method}"]`).innerText());

/** The label convention of the page's samples: the committed model's (labelConventionOf its card). */
const LABELS = labelConventionOf(JSON.parse(readFileSync("models/segmenter.json", "utf8")));

describe("the Evaluate page", () => {
  const lab = useLab();

  test("scores a generated batch with the model, Otsu and Frangi as Node does, lists the worst cases, shows each with one click and opens it on the Segment page", async () => {
    const presets = ["brain-tof", "microscopy"] as const;
    const { page, problems } = await openPage(lab, `/evaluate?batch=generated&presets=${presets.join(",")}&per=1&bsize=48&bseed=99&compare=otsu,frangi`);
    await settle(page);
    await page.getByRole("button", { name: "Evaluate 2 volumes" }).click();
    await page.locator("#batch-table").waitFor({ timeout: 180_000 });
    await settle(page);
    assert.match(await page.locator("#batch-status").innerText(), /^Scored 2 volumes in /);

    // the same samples, model and baselines in Node: each cell is that preset's Dice (one sample per preset)
    const node: Record<string, Record<string, number>> = {};
    for (const preset of presets) {
      // the page's samples carry labels in the convention its model learnt (its card's)
      const s = makeSample(sampleSpec(0, { seed: 99, preset, size: 48, labelConvention: LABELS }));
      node[preset] = {
        model: dice((await segmentInNode(s.image)).mask, s.label),
        otsu: dice(baselineMask(s.image, { method: "otsu" }).mask, s.label),
        frangi: dice(baselineMask(s.image, { method: "frangi" }).mask, s.label),
      };
      for (const method of ["model", "otsu", "frangi"]) {
        const got = await tableValue(page, preset, method);
        assert.ok(Math.abs(got - node[preset][method]) <= 0.002, `${preset} ${method}: page ${got}, node ${node[preset][method]}`);
      }
    }
    for (const method of ["model", "otsu", "frangi"]) {
      const mean = (node[presets[0]][method] + node[presets[1]][method]) / 2;
      assert.ok(Math.abs((await tableValue(page, "all", method)) - mean) <= 0.002, `all ${method}`);
    }
    // the overall means also stand under the button, where the page's first screen shows them, linking to the table
    const means = await page.locator("#batch-means").innerText();
    for (const method of ["model", "Otsu", "Frangi"]) {
      const got = Number(new RegExp(`${method} (\\d\\.\\d{3})`).exec(means)?.[1]);
      assert.equal(got, await tableValue(page, "all", method.toLowerCase()), `${method} in "${means}"`);
    }
    assert.equal(await page.locator("#batch-means a").getAttribute("href"), "#batch-table");
    assert.equal((await page.locator("svg, figure").filter({ hasText: "mean Dice, per preset" }).count()) > 0, true, "the per-preset chart");

    // worst first, by the model's Dice; the worst is shown, the other one click away
    const order = [...presets].sort((a, b) => node[a].model - node[b].model).map((p) => keptSampleId({ preset: p, seed: 99, size: 48, label: LABELS }, 0));
    assert.deepEqual(await page.locator("#worst-cases tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.case)), order);
    assert.equal(await page.locator("#case-view").getAttribute("data-case"), order[0]);
    await page.locator(`#worst-cases tr[data-case="${order[1]}"] button`).click();
    await page.waitForFunction((id) => document.querySelector("#case-view")?.getAttribute("data-case") === id, order[1], { timeout: 10_000 });
    // the label and three masks, on the projection and on the middle slice, each drawn
    const canvases = await page.$$eval("#case-view canvas", (cs) =>
      cs.map((c) => {
        const px = (c as HTMLCanvasElement).getContext("2d")!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        let lit = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] > 30) lit++;
        return lit;
      }),
    );
    assert.equal(canvases.length, 8);
    for (const lit of canvases) assert.ok(lit > 0, "each view is drawn");
    await screenshot(page, "evaluate-batch");

    // "open on the Segment page": the same sample, with the same baselines ticked
    await page.locator(`#worst-cases tr[data-case="${order[0]}"] a.open-segment`).click();
    await page.waitForURL(/\/segment\?/);
    await settle(page);
    const preset = order[0].replace(/-s99-48(-visible)?-0000$/, "");
    assert.match(await page.locator("#volume-status").innerText(), new RegExp(`^synthetic ${preset} sample 0 \\(seed 99, 48³\\)`));
    assert.equal(await page.getByRole("checkbox", { name: "Frangi" }).isChecked(), true);
    // and the tiling this page scored it with (the card's overlap), not the Segment page's quicker default
    assert.equal(await page.getByRole("radio", { name: "a half (the CLI's default)" }).isChecked(), true);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("evaluates the samples kept on the Synthesise page, and Cancel keeps the volumes scored before it", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=20&size=48");
    await settle(page);
    await keepSamples(page, { preset: "brain-cta", count: 2, size: 32 });

    await page.goto(`${lab.server.url}/evaluate?batch=kept&compare=otsu`);
    await settle(page);
    assert.equal(await page.locator("#kept-count").innerText(), "2 kept samples in this browser, each scored against its own label.");
    await page.getByRole("button", { name: "Evaluate 2 volumes" }).click();
    await page.locator("#batch-table").waitFor({ timeout: 120_000 });
    await settle(page);
    assert.deepEqual(await page.locator("#batch-table thead th").allInnerTexts(), ["preset", "volumes", "model", "Otsu"]);
    assert.equal(await page.locator('#batch-table tr[data-preset="brain-cta"] td').nth(1).innerText(), "2");
    assert.deepEqual((await page.locator("#worst-cases tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.case))).sort(), [
      "brain-cta-s1-32-0000",
      "brain-cta-s1-32-0001",
    ]);
    assert.equal(new URL(page.url()).searchParams.get("batch"), "kept");

    // a generated batch of 8, cancelled once the first volume is scored
    await page.getByRole("radio", { name: "a generated batch" }).check();
    await settle(page);
    await page.getByRole("button", { name: "Evaluate 16 volumes" }).click();
    await page.waitForFunction(
      () => {
        const p = document.querySelector("#batch-progress");
        return p?.getAttribute("data-total") === "16" && Number(p.getAttribute("data-done")) >= 1;
      },
      null,
      { timeout: 120_000 },
    );
    await page.locator("#batch-progress button").click();
    await page.waitForFunction(() => /^Cancelled/.test(document.querySelector("#batch-status")?.textContent ?? ""), null, { timeout: 60_000 });
    const status = await page.locator("#batch-status").innerText();
    const scored = Number(status.match(/^Cancelled: (\d+) of 16 volumes were scored/)![1]);
    assert.ok(scored >= 1 && scored < 16, status);
    assert.equal(await page.locator('#batch-table tr[data-preset="all"] td').nth(1).innerText(), String(scored));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });
});
