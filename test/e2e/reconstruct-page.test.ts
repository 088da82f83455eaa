// The Reconstruct page as a user meets it: the decoder's masked input, reconstruction and error map; the error as a
// domain-gap score (higher when the same sample is pushed off-domain); and adaptation in the page lowering the loss.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { parseModelCard, reconstructVolume } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { sliceOf } from "../../src/rendering/index.js";
import { readNifti } from "../../src/volume/index.js";
import { openPage, screenshot, settle, useLab } from "../support/site.js";

describe("the Reconstruct page", () => {
  const lab = useLab();

  test("scores a sample and the same sample off-domain, and adaptation lowers the loss of the off-domain one", async () => {
    const { page, problems } = await openPage(
      lab,
      "/reconstruct?source=synthetic+sample&sample=liver-cta&index=2&ssize=32&dseed=4242&provider=wasm&steps=6&crop=32&scale=auto",
    );
    await settle(page);
    const lossOf = async () => Number((await page.locator("#recon-status").innerText()).match(/an error of (\d+\.\d+)/)![1]);
    const clean = await lossOf();
    const scaleLine = await page.locator("#recon-scale").innerText();
    assert.match(scaleLine, /^Automatic voxel scale: /);
    assert.equal(await page.locator("#recon-views canvas").count(), 4);
    await page.locator("select:near(:text('Push it off-domain'))").first().selectOption("heavy noise");
    await page.waitForFunction(
      (c) => {
        const m = document.querySelector("#recon-status")?.textContent?.match(/an error of (\d+\.\d+)/);
        return m && Number(m[1]) !== c;
      },
      clean,
      { timeout: 60_000 },
    );
    await settle(page);
    const shifted = await lossOf();
    assert.ok(shifted > clean, `off-domain ${shifted} > synthetic ${clean}`);
    assert.equal(await page.locator("#recon-scale").innerText(), scaleLine, "the scale is chosen from the scan as loaded, so both run on one grid");
    assert.match(await page.locator("#volume-status").innerText(), /pushed off-domain: heavy noise/);

    await page.getByRole("button", { name: "Adapt", exact: true }).click();
    await page.locator("#adapt-result").waitFor({ timeout: 180_000 });
    await settle(page);
    const status = await page.locator("#adapt-status").innerText();
    const m = status.match(/error on the pieces fell from ([\d.]+) to ([\d.]+)/);
    assert.ok(m, status);
    assert.ok(Number(m[2]) < Number(m[1]), status);
    // the trust region's verdict, as the CLI's segment --adapt would take it
    const verdict = status.match(
      /differs from the one as trained in (?:([\d.]+) % of the unadapted mask's voxels|\d+ voxels?, where the unadapted mask marks none), (within|more than) the 5 % the lab trusts/,
    );
    assert.ok(verdict, status);
    // the share is printed to 0.1 %: "within" shows at most 5.0, "more than" at least 5.0
    if (verdict[1] !== undefined) assert.ok(verdict[2] === "within" ? Number(verdict[1]) <= 5 : Number(verdict[1]) >= 5, status);
    assert.equal(await page.locator("#adapt-curve svg").count(), 1, "the loss curve is drawn");
    assert.match(await page.locator("#adapt-result").innerText(), /Dice\s+[\d.]+\s+[\d.]+/);
    await screenshot(page, "reconstruct");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("the voxel scale ×2 reconstructs on voxels twice as large: the grid and the loss Node's reconstructVolume gives at x2", async () => {
    const { page, problems } = await openPage(lab, "/reconstruct?source=synthetic+sample&sample=microscopy&index=1&ssize=32&dseed=4242&provider=wasm&scale=x2");
    await settle(page);
    await page.locator("#recon-status").waitFor({ timeout: 60_000 });
    const status = await page.locator("#recon-status").innerText();
    const m = status.match(/an error of (\d+\.\d+) on a 16×16×16 grid \(×2\)/);
    assert.ok(m, status);
    const card = parseModelCard(JSON.parse(readFileSync("models/reconstructor.json", "utf8")));
    const model = await OrtNodeModel.load("models/reconstructor.onnx", { card, threads: 1 });
    try {
      const image = makeSample(sampleSpec(1, { seed: 4242, preset: "microscopy", size: 32 })).image;
      const node = await reconstructVolume(image, {
        card: { ...card, spacing: { factor: 2 } },
        runTile: model.tileRunner(model.reconstructionOutput),
        maskRatio: 0.5,
        maskPatch: 8,
        seed: 0,
      });
      assert.deepEqual(node.input.dims, [16, 16, 16]);
      assert.ok(Math.abs(Number(m[1]) - node.loss) <= 1e-4, `page ${m[1]}, node ${node.loss}`);
    } finally {
      await model.dispose();
    }
    assert.equal(await page.locator("#recon-views canvas").count(), 4);
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("the error map colours the hidden cubes only, with a colour bar of its range and the score; the adapted mask downloads as NIfTI", async () => {
    const { page, problems } = await openPage(
      lab,
      "/reconstruct?source=synthetic+sample&sample=liver-cta&index=2&ssize=32&dseed=4242&provider=wasm&scale=native&steps=2&crop=32",
    );
    await settle(page);
    const score = Number((await page.locator("#recon-status").innerText()).match(/an error of (\d+\.\d+)/)![1]);
    const z = Number((await page.locator("#recon-views figcaption").first().innerText()).match(/z = (\d+)/)![1]);
    // which voxels the decoder did not see: the mask depends on the grid and the seed alone, so a stand-in decoder gives it
    const card = parseModelCard(JSON.parse(readFileSync("models/reconstructor.json", "utf8")));
    const image = makeSample(sampleSpec(2, { seed: 4242, preset: "liver-cta", size: 32 })).image;
    const node = await reconstructVolume(image, { card: { ...card, spacing: "native" }, runTile: async (x) => x, maskRatio: 0.5, maskPatch: 8, seed: 0 });
    const mask = sliceOf(node.mask, 2, z);
    const canvas = page.locator("#error-map canvas.vl-hidden-error");
    const { scale, hidden, width, centres } = await canvas.evaluate((c: HTMLCanvasElement) => {
      const k = Number(c.dataset.scale);
      const rgba = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      const out: number[][] = [];
      for (let v = 0; v < c.height / k; v++)
        for (let u = 0; u < c.width / k; u++) {
          const o = 4 * ((v * k + (k >> 1)) * c.width + u * k + (k >> 1));
          out.push([rgba[o], rgba[o + 1], rgba[o + 2]]);
        }
      return { scale: k, hidden: Number(c.dataset.hidden), width: c.width, centres: out };
    });
    assert.equal(width, mask.width * scale);
    assert.equal(centres.length, mask.data.length);
    assert.equal(
      hidden,
      mask.data.reduce((a, b) => a + b, 0),
    );
    assert.ok(hidden > 0 && hidden < mask.data.length, `${hidden} of ${mask.data.length} pixels hidden on slice ${z}`);
    for (let i = 0; i < centres.length; i++) {
      const [r, g, b] = centres[i];
      const grey = r === g && g === b;
      if (mask.data[i]) assert.ok(!grey, `hidden pixel ${i} is drawn in an error colour, not grey: ${centres[i]}`);
      else assert.ok(grey && r <= 150, `visible pixel ${i} shows the scan in grey, no error colour: ${centres[i]}`);
    }
    const bar = page.locator("#error-map svg.vl-color-bar");
    const [low, high, marker] = await bar.evaluate((s: SVGSVGElement) => [s.dataset.low, s.dataset.high, s.dataset.marker].map(Number));
    assert.equal(low, 0);
    assert.ok(high > 0 && high >= marker, `range [${low}, ${high}], score marked at ${marker}`);
    assert.ok(Math.abs(marker - score) <= 5e-6, `the bar marks the score: ${marker} against ${score}`);
    const ticks = await bar.locator(".vl-color-bar-tick").allTextContents();
    assert.ok(ticks.length >= 2 && Number(ticks[0]) === 0 && Math.abs(Number(ticks[ticks.length - 1]) - high) < 1e-9, `ticks ${ticks} over [0, ${high}]`);
    assert.match(await page.locator("#error-map figcaption").innerText(), /error on the hidden cubes/);

    await page.getByRole("button", { name: "Adapt", exact: true }).click();
    await page.locator("#adapt-result").waitFor({ timeout: 180_000 });
    await settle(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Adapted mask (NIfTI)" }).click()]);
    assert.match(download.suggestedFilename(), /^mask-adapted-liver-cta-.+\.nii\.gz$/);
    const saved = readNifti(readFileSync((await download.path())!));
    assert.deepEqual(saved.dims, image.dims, "on the scan's grid");
    assert.ok(saved.data.every((v) => v === 0 || v === 1));
    const vessels = (await page.locator("#adapt-result tr", { hasText: "vessel voxels" }).innerText()).match(/(\d+)\s+(\d+)/)!;
    assert.equal(
      Array.from(saved.data).reduce((a, b) => a + b, 0),
      Number(vessels[2]),
      "the file holds the adapted mask the table counts",
    );
    await screenshot(page, "reconstruct-error-map");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.failedRequests, []);
    await page.context().close();
  });

  test("Adapt has a Cancel: it stops the search within one step, says so, and the model stays as trained", async () => {
    const { page, problems } = await openPage(
      lab,
      "/reconstruct?source=synthetic+sample&sample=liver-cta&index=2&ssize=64&dseed=4242&provider=wasm&scale=native&steps=60&crop=64",
    );
    await settle(page);
    await page.getByRole("button", { name: "Adapt", exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#adapt-progress")?.dataset.done ?? 0) >= 1, null, {
      timeout: 120_000,
      polling: 50,
    });
    assert.match(await page.locator("#adapt-progress .vl-progress-text").innerText(), /^\d+ of 60 steps, (about \d+|under a second)/);
    const doneAtClick = Number(await page.locator("#adapt-progress").getAttribute("data-done"));
    await page.locator("#adapt-progress").getByRole("button", { name: "Cancel" }).click();
    await page.waitForFunction(() => /^Adaptation cancelled/.test(document.querySelector("#adapt-status")?.textContent ?? ""), null, {
      timeout: 60_000,
      polling: 50,
    });
    const doneAtCancel = Number(await page.locator("#adapt-progress").getAttribute("data-done"));
    assert.ok(doneAtCancel <= doneAtClick + 1, `Cancel at step ${doneAtClick}: ${doneAtCancel} of 60 ran`);
    assert.equal(await page.locator("#adapt-result").count(), 0);
    await screenshot(page, "reconstruct-adapt-cancelled");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("Adapt the input segments a noisy sample as made, smoothed and field-corrected, says which mask it keeps and why, and shows both with their Dice", async () => {
    const { page, problems } = await openPage(
      lab,
      "/reconstruct?source=synthetic+sample&sample=brain-tof&index=0&ssize=48&dseed=99&provider=wasm&scale=auto&shift=heavy+noise",
    );
    await settle(page);
    assert.match(await page.locator("#volume-status").innerText(), /pushed off-domain: heavy noise/);
    await page.getByRole("button", { name: "Adapt the input" }).click();
    await page.locator("#input-adapt-result").waitFor({ timeout: 180_000 });
    await settle(page);
    const status = await page.locator("#input-adapt-status").innerText();
    const trials = [...status.matchAll(/(smoothed|field-corrected): ([\d.]+) → ([\d.]+) undecided voxels per vessel voxel, mean entropy ([\d.]+) → ([\d.]+)/g)];
    assert.deepEqual(
      trials.map((t) => t[1]),
      ["smoothed", "field-corrected"],
      status,
    );
    const eligible = trials
      .map((t) => ({ name: t[1], amb: [+t[2], +t[3]], h: [+t[4], +t[5]] }))
      .filter((t) => t.amb[1] < 0.95 * t.amb[0] && t.h[1] < 0.95 * t.h[0])
      .sort((a, b) => a.amb[1] - b.amb[1]);
    assert.match(
      status,
      eligible.length
        ? new RegExp(`less undecided on the ${eligible[0].name} scan .*, so its mask is the one to use`)
        : /so the mask as made is the one to use: adapting the input does not help this scan/,
    );
    assert.match(status, /\(\d+\.\d s for 3 segmentations\.\)/);
    const dice = (await page.locator("#input-adapt-result tr", { hasText: "Dice" }).first().innerText()).match(/([\d.]+)\s+([\d.]+)/)!;
    if (!eligible.length) assert.equal(dice[1], dice[2], "kept as made: the same mask");
    assert.equal(await page.locator("#input-adapt-result canvas").count(), 3, "as made, kept, label");
    await screenshot(page, "reconstruct-adapt-input");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
  });
});
