// The Fit page as a user meets it: a small synthetic sample fitted in the page on a small budget (its label measured),
// the table of statistics with the scan's as Node measures them, the histograms, the Grow link carrying the fitted
// parameters, the fit.json that `generate --like` takes; and Cancel, which stops the search at once.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { baselineMask } from "../../src/baselines/index.js";
import { FIT_STATISTICS, scanStats } from "../../src/fit/index.js";
import { mirrorIntensities, vesselPolarity } from "../../src/infer/index.js";
import { writeNifti } from "../../src/volume/index.js";
import { darkTubesScan } from "../support/darkTubes.js";
import { fitGrowState, readTreeState } from "../../src/lab/index.js";
import { cli } from "../support/cli.js";
import { openPage, screenshot, settle, useLab } from "../support/site.js";

describe("the Fit page", () => {
  const lab = useLab();

  test("fits a 32³ synthetic sample's label on a small budget: the scan's statistics as Node measures them, the default's and the fit's with their terms, histograms, a Grow link with the fitted parameters and a fit.json generate --like takes", async () => {
    const { page, problems } = await openPage(
      lab,
      "/fit?source=synthetic+sample&sample=liver-cta&index=7&ssize=32&dseed=4242&rounds=1&pop=4&samples=1&final=2",
    );
    await settle(page);
    assert.match(await page.locator("#volume-status").innerText(), /^synthetic liver-cta sample 7 \(seed 4242, 32³\): 32×32×32 voxels/);
    assert.equal(await page.getByRole("radio", { name: "its label" }).isChecked(), true);
    assert.equal(await page.getByRole("radio", { name: "lumen" }).isChecked(), true, "a sample made in the page has a lumen label");
    assert.equal(await page.locator("#fit-input canvas").count(), 2, "the scan's MIP and its label over it");
    const t0 = Date.now();
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.locator("#fit-table").waitFor({ timeout: 90_000 });
    await settle(page);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`fit page: fitted a 32³ sample (1 round of 4, 1 sample, 2 before and after) in ${seconds.toFixed(1)} s`);
    assert.match(
      await page.locator("#fit-status").innerText(),
      /^Fitted in [\d.]+ s \(\d+ candidates on 32-voxel samples\): the distance to the scan is [\d.]+ for the default mix and [\d.]+ for the fit/,
    );

    // the table: every statistic once, the scan's column as Node reads the sample's label and image
    const sample = makeSample(sampleSpec(7, { seed: 4242, preset: "liver-cta", size: 32 }));
    const scan = scanStats(sample.label, sample.image);
    const rows = await page.$$eval("#fit-table tbody tr", (trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.stat!, ...[...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? "")]),
    );
    assert.deepEqual(
      rows.map((r) => r[0]),
      FIT_STATISTICS.map((s) => s.name),
    );
    for (const [name, , scanText, , defaultTerm, , fitTerm] of rows) {
      const want = FIT_STATISTICS.find((s) => s.name === name)!.read(scan);
      assert.ok(Math.abs(Number(scanText) - want) <= 0.006 * Math.abs(want) + 1e-9, `${name}: page ${scanText}, node ${want}`);
      for (const t of [defaultTerm, fitTerm]) assert.ok(Number(t) >= 0, `${name}: term ${t}`);
    }
    assert.match(await page.locator("#fit-table tfoot").innerText(), /distance.*\s[\d.]+\s+[\d.]+/s);
    assert.match(
      await page.locator("#fit-params").innerText(),
      /Sample preset\s+\S+: .*Growth factors\s+terminals ×[\d.]+, length\/radius ×[\d.]+, curvature ×[\d.]+, tortuosity ×[\d.]+/s,
    );

    // the histograms: the scan's bars and two lines (the default mix, the fitted samples) in each
    for (const id of ["#fit-radius", "#fit-length"]) {
      assert.ok((await page.locator(`${id} svg g[aria-label=rect] rect`).count()) > 0, `${id}: bars`);
      assert.equal(await page.locator(`${id} svg g[aria-label=line] path`).count(), 2, `${id}: two lines`);
    }
    assert.match(await page.locator("#fit-radius figcaption").innerText(), /the scan's \d+ centreline voxels/);
    await screenshot(page, "fit-fitted");

    // fit.json: the CLI's format, its table the page's, and generate --like makes a sample from it
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download fit.json" }).click()]);
    assert.equal(download.suggestedFilename(), "fit.json");
    const text = readFileSync((await download.path())!, "utf8");
    const fit = JSON.parse(text);
    assert.equal(fit.format, "vessel-lab/fit");
    assert.deepEqual(fit.source.maskFrom, "label");
    assert.equal(fit.search.labelConvention, "lumen");
    assert.ok((await page.locator("#fit-status").innerText()).includes(`(${fit.search.candidates} candidates on ${fit.search.size}-voxel samples)`));
    const fitColumn = rows.map((r) => r[6]);
    assert.deepEqual(
      fitColumn,
      fit.after.terms.map((t: { term: number }) => t.term.toFixed(3)),
    );
    assert.equal(
      await page.locator("#generate-command").innerText(),
      "npx vessel-lab generate --like fit.json --count 1000 --size 64 --label-convention lumen --out data/like",
    );
    const dir = mkdtempSync(join(tmpdir(), "vessel-lab-fit-page-"));
    try {
      writeFileSync(join(dir, "fit.json"), text);
      const r = cli([
        "generate",
        "--like",
        join(dir, "fit.json"),
        "--count",
        "1",
        "--size",
        "32",
        "--label-convention",
        "lumen",
        "--workers",
        "1",
        "--quiet",
        "--out",
        join(dir, "data"),
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(existsSync(join(dir, "data", "manifest.jsonl")));
      assert.match(readFileSync(join(dir, "data", "manifest.jsonl"), "utf8"), new RegExp(`"preset":"${fit.like.preset}"`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // the Grow link carries the fitted tree: the preset's growth parameters times the fit's factors
    const grow = new URL((await page.locator("#grow-link").getAttribute("href"))!, page.url());
    const want = fitGrowState(fit.like);
    const { ignored, ...state } = readTreeState(grow.search);
    assert.deepEqual(ignored, []);
    assert.deepEqual(state, want);
    assert.ok(Object.keys(want.overrides).length > 0, "the fit moved at least one growth parameter");
    const synth = new URL((await page.locator("#synthesise-link").getAttribute("href"))!, page.url());
    assert.equal(synth.pathname.endsWith("/synthesise"), true);
    assert.equal(readTreeState(synth.search).preset, want.preset);
    assert.ok(Number(synth.searchParams.get("voxel")) > 0);
    assert.ok((await page.locator("#not-carried li").count()) >= 2);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.failedRequests, []);

    // and Grow opens on it
    await page.goto(grow.href);
    await settle(page);
    if (want.overrides.terminals !== undefined)
      assert.equal(Number(await page.locator("[data-param=terminals] input[type=number]").inputValue()), want.overrides.terminals);
    // and Synthesise images it: the preset's modality, a patch at the carried voxel size
    await page.goto(synth.href);
    await settle(page);
    const voxel = Number(synth.searchParams.get("voxel"));
    assert.equal(await page.locator("#synth-status").getAttribute("data-modality"), synth.searchParams.get("modality"));
    assert.match(await page.locator("#synth-status").innerText(), new RegExp(`: 48 × 48 × 48 voxels of ${voxel.toPrecision(3).replace(".", "\\.")} mm`));
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("Presets searched: presets that grow the same trees are named as the search's pick of modality without the imaging, and as the image's choice with it; ticking only one chooses it, in the URL and in the fit; Imaged as names the modality whatever the tree; none ticked disables Fit", async () => {
    const { page, problems } = await openPage(
      lab,
      "/fit?source=synthetic+sample&sample=liver-cta&index=7&ssize=32&dseed=4242&rounds=1&pop=4&samples=1&final=2&fimage=0&fpresets=liver-cta,liver-cemra",
    );
    await settle(page);
    const boxes = page.locator("#fit-presets input[type=checkbox]");
    assert.equal(await boxes.count(), 8, "one box per sample preset");
    const ticked = async () => page.$$eval("#fit-presets input[type=checkbox]:checked", (es) => es.map((e) => (e as HTMLInputElement).value));
    assert.equal((await ticked()).length, 2, "the URL's two presets ticked");
    const fit = page.getByRole("button", { name: "Fit", exact: true });
    await fit.click();
    await page.locator("#fit-params").waitFor({ timeout: 90_000 });
    const preset = (await page.locator("#fit-params").innerText()).match(/Sample preset\s+(liver-c\w+):/)?.[1];
    assert.ok(preset, "a liver preset fitted");
    const other = preset === "liver-cta" ? "liver-cemra" : "liver-cta";
    assert.match(
      await page.locator("#fit-modality").innerText(),
      new RegExp(`^${preset} and ${other} grow the same trees .* the modality of ${preset} is the search's pick`),
    );
    await screenshot(page, "fit-presets-alike");

    // with the imaging fitted, the scan's image chooses between the two
    await page.getByRole("checkbox", { name: "Fit the imaging too" }).check();
    await page.waitForFunction(() => !new URLSearchParams(location.search).has("fimage"), null, { timeout: 10_000 });
    await fit.click();
    await page.locator("#fit-params").waitFor({ timeout: 90_000 });
    const imaged = (await page.locator("#fit-params").innerText()).match(/Sample preset\s+(liver-c\w+):/)?.[1];
    assert.match(
      await page.locator("#fit-modality").innerText(),
      new RegExp(`grow the same trees: with the scan's image, ${imaged} came nearest on a few fresh samples`),
    );

    // only liver-cta: the URL says so, the fit takes it, and nothing is left to the search's pick
    await page.locator("#fit-presets label", { hasText: "liver-cemra" }).click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("fpresets") === "liver-cta", null, { timeout: 10_000 });
    assert.equal(await page.locator("#fit-params").count(), 0, "a change of setting clears the result");
    await fit.click();
    await page.locator("#fit-params").waitFor({ timeout: 90_000 });
    assert.match(await page.locator("#fit-params").innerText(), /Sample preset\s+liver-cta:/);
    assert.equal(await page.locator("#fit-modality").count(), 0);

    // Imaged as: the tree still the search's (both liver presets ticked again, whose modality the note would otherwise
    // call the search's pick), its samples imaged as microscopy; in the URL and the fitted parameters
    await page.locator("#fit-presets label", { hasText: "liver-cemra" }).click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("fpresets") === "liver-cta,liver-cemra", null, { timeout: 10_000 });
    await page.locator("#fit-imaged-as select").selectOption({ label: "microscopy" });
    await page.waitForFunction(() => new URLSearchParams(location.search).get("fmodality") === "microscopy", null, { timeout: 10_000 });
    assert.equal(await page.locator("#fit-params").count(), 0, "a change of modality clears the result");
    await fit.click();
    await page.locator("#fit-params").waitFor({ timeout: 90_000 });
    const tree = (await page.locator("#fit-params").innerText()).match(/Sample preset\s+(liver-c\w+)/)?.[1];
    assert.match(await page.locator("#fit-params").innerText(), new RegExp(`Imaged as\\s+microscopy: its imaging on ${tree}'s tree`));
    assert.equal(await page.locator("#fit-modality").count(), 0, "asked for: no note on the modality");
    await screenshot(page, "fit-imaged-as");
    await page.locator("#fit-imaged-as select").selectOption({ label: "the fit's choice" });
    await page.waitForFunction(() => !new URLSearchParams(location.search).has("fmodality"), null, { timeout: 10_000 });
    await page.locator("#fit-presets label", { hasText: "liver-cemra" }).click();

    // none ticked: Fit is disabled and the status says what to do
    await page.locator("#fit-presets label", { hasText: "liver-cta" }).click();
    await page.locator("#fit-status", { hasText: "Tick at least one preset under Presets searched" }).waitFor({ timeout: 10_000 });
    assert.equal(await fit.isDisabled(), true);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("Vessels: darker (vessels=dark) measures the mirrored scan, as fit --dark: the scan's statistics are Node's on the mirrored sample; fit.json's like says dark, the command says --dark-vessels 1 and the Synthesise link opens a dark image", async () => {
    // brain-cta sample 32 (seed 4242, 48³) is drawn with dark vessels, darker than the tissue around them
    const { page, problems } = await openPage(
      lab,
      "/fit?source=synthetic+sample&sample=brain-cta&index=32&ssize=48&dseed=4242&mask=vesselness&rounds=1&pop=4&samples=1&final=2&fpresets=brain-cta&vessels=dark",
    );
    await settle(page);
    assert.equal(await page.getByRole("radio", { name: "darker than the tissue (black-blood)" }).isChecked(), true, "vessels=dark in the address");
    assert.equal(await page.getByRole("radio", { name: "vesselness (Frangi)" }).isChecked(), true);
    assert.match(await page.locator("#fit-input").innerText(), /the scan mirrored \(its dark vessels bright\), brightest voxel along each ray/);
    const projection = () =>
      page
        .locator("#fit-input canvas")
        .first()
        .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    const darkProjection = await projection();
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.locator("#fit-table").waitFor({ timeout: 120_000 });
    await settle(page);
    const spec = sampleSpec(32, { seed: 4242, preset: "brain-cta", size: 48 });
    assert.equal(spec.imaging.params.vessels.invert, true, "the sample's vessels are dark");
    const sample = makeSample(spec);
    const mirrored = mirrorIntensities(sample.image);
    const scan = scanStats(baselineMask(mirrored, { method: "frangi" }).mask, mirrored);
    const rows = await page.$$eval("#fit-table tbody tr", (trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.stat!, (tr as HTMLTableRowElement).cells[1]?.textContent ?? ""]),
    );
    for (const [name, scanText] of rows) {
      const want = FIT_STATISTICS.find((s) => s.name === name)!.read(scan);
      assert.ok(Math.abs(Number(scanText) - want) <= 0.006 * Math.abs(want) + 1e-9, `${name}: page ${scanText}, node on the mirrored sample ${want}`);
    }
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download fit.json" }).click()]);
    const fit = JSON.parse(readFileSync((await download.path())!, "utf8"));
    assert.equal(fit.like.dark, true);
    assert.equal(fit.source.maskFrom, "vesselness");
    assert.match(await page.locator("#generate-command").innerText(), / --dark-vessels 1 --out data\/like$/);
    const synthesiseLink = new URL((await page.locator("#synthesise-link").getAttribute("href"))!, page.url());
    assert.deepEqual(JSON.parse(synthesiseLink.searchParams.get("imaging")!), { vessels: { invert: true } }, "the Synthesise page's image made dark");
    assert.match(await page.locator("#fit-params").innerText(), /Vessels\s+dark in every sample/);
    assert.equal(new URL(page.url()).searchParams.get("vessels"), "dark");
    await screenshot(page, "fit-dark");
    // bright again: the address forgets the choice, the projection shows the scan as it is, and the fit is cleared
    await page.getByRole("radio", { name: "brighter than the tissue" }).check();
    await page.waitForFunction(() => !/[?&]vessels=/.test(location.search), null, { timeout: 30_000 });
    await page.locator("#fit-input figcaption", { hasText: /^the scan, brightest voxel along each ray/ }).waitFor({ timeout: 30_000 });
    await page.locator("#fit-table").waitFor({ state: "detached", timeout: 30_000 });
    assert.notEqual(await projection(), darkProjection, "the projection follows the choice");
    // the Synthesise link of the dark fit: its image with the vessels dark, the toggle on
    await page.goto(synthesiseLink.href);
    await settle(page);
    assert.equal(await page.getByRole("checkbox", { name: "Dark vessels in this image (black-blood)" }).isChecked(), true);
    assert.match((await page.locator("details pre").first().textContent()) ?? "", /"invert": true/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("a scan whose tubes read dark, opened with Vessels brighter: a hint under it to choose darker, gone once chosen (src/infer's vesselPolarity, as fit's CLI hint)", async () => {
    const { page, problems } = await openPage(lab, "/fit?source=your+file");
    await settle(page);
    const scan = darkTubesScan();
    assert.equal(vesselPolarity(scan).looks, "dark");
    await page
      .locator("#scan-file input[type=file]:not([webkitdirectory])")
      .setInputFiles({ name: "black-blood.nii.gz", mimeType: "application/octet-stream", buffer: Buffer.from(writeNifti(scan)) });
    const hint = page.locator("#fit-polarity");
    await hint.waitFor({ timeout: 30_000 });
    assert.match(
      await hint.innerText(),
      /^This scan: its dark tubes respond [\d.]+ times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), choose "darker than the tissue \(black-blood\)" under Vessels\.$/,
    );
    await page.getByRole("radio", { name: "darker than the tissue (black-blood)" }).check();
    await hint.waitFor({ state: "detached", timeout: 30_000 });
    // the reading is still there (dark), only the hint is not
    assert.equal(await page.locator("#fit-polarity-read").getAttribute("data-looks"), "dark");
    assert.equal(new URL(page.url()).searchParams.get("vessels"), "dark");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("Cancel stops the search at once (it runs in a worker of its own), and the settings stay in the URL", async () => {
    const { page, problems } = await openPage(lab, "/fit?source=synthetic+sample&sample=liver-cta&index=7&ssize=32&dseed=4242&fimage=0");
    await settle(page);
    assert.equal(new URL(page.url()).searchParams.get("fimage"), "0");
    await page.getByRole("button", { name: "Fit", exact: true }).click();
    await page.waitForFunction(() => Number((document.querySelector("#fit-progress") as HTMLElement | null)?.dataset.done ?? 0) >= 1, null, {
      timeout: 60_000,
    });
    assert.match(await page.locator("#fit-progress .vl-progress-text").innerText(), /^\d+ of \d+ search steps/);
    const t0 = Date.now();
    await page.locator("#fit-progress button").click();
    await page.locator("#fit-status", { hasText: "Cancelled" }).waitFor({ timeout: 5_000 });
    assert.ok(Date.now() - t0 < 5_000);
    assert.equal(await page.locator("#fit-table").count(), 0);
    // a budget set in the page goes into the URL
    await page.locator("#fit-budget input[type=number]").first().fill("2");
    await page.locator("#fit-budget input[type=number]").first().dispatchEvent("input");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("rounds") === "2", null, { timeout: 10_000 });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });
});
