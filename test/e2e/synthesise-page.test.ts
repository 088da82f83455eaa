// The Synthesise page as a user meets it: an image from the URL's tree, a real scan beside
// it, and a batch kept in IndexedDB whose samples are the bytes the CLI makes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEFAULT_IMAGE_DTYPE, makeSample, sampleGrid, sampleSpec } from "../../src/dataset/index.js";
import { growTree } from "../../src/geometry/index.js";
import { synthesiseImage, type ImagingParams } from "../../src/imaging/index.js";
import { voxeliseCpu } from "../../src/voxel/index.js";
import { readNiftiHeader, writeNifti } from "../../src/volume/index.js";
import { keepSamples, useLab, openPage, settle, screenshot } from "../support/site.js";
import { toMetaImage } from "../support/scanFormats.js";

describe("the Synthesise page", () => {
  const lab = useLab();

  test("makes the URL's image in a worker, shows a real scan beside it, and records the state in the URL", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=30&modality=cta&size=48&iseed=5");
    await settle(page);
    assert.match(await page.locator("#synth-status").innerText(), /^A CT angiogram of the brain tree, seed 2, terminals 30: 48 × 48 × 48 voxels/);
    assert.equal(await page.locator("#real-vs-synthetic canvas").count(), 2);
    // the whole tree in 48³ voxels: each voxel several times a scanner's, which the page says; a scan-like patch is not
    const spacing = Number(/48 × 48 × 48 voxels of ([\d.]+) mm/.exec(await page.locator("#synth-status").innerText())?.[1]);
    assert.ok(spacing > 0.9, `the whole tree's voxel: ${spacing} mm`);
    assert.equal(
      await page.locator("#coarse-note").innerText(),
      `The whole tree in 48³ voxels gives voxels of ${spacing} mm, ${(spacing / 0.6).toFixed(1)} times a scanner's (0.6 mm), so most of its vessels are thinner than a voxel, and the segmenter misses many of them. For an image like a real scan, choose a scan-like patch.`,
    );
    const field = page.locator(".vl-controls form:has(label:text-is('Field of view')) input[type=radio]");
    await field.nth(1).check();
    await page.waitForFunction(() => /48 × 48 × 48 voxels of 0\.600 mm/.test(document.querySelector("#synth-status")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    assert.equal(await page.locator("#coarse-note").count(), 0);
    await field.nth(0).check();
    await page.locator("#coarse-note").waitFor({ timeout: 60_000 });
    await settle(page);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("modality"), "cta");
    assert.equal(url.searchParams.get("iseed"), "5");
    assert.equal(url.searchParams.get("label"), null);
    assert.match(await page.locator("#synth-views").innerText(), /label MIP \(lumen\)/);
    // The label's centreline radii, drawn against the real masks': a bar per bin, a line per real mask.
    await page.locator("#synth-radii svg").first().waitFor({ timeout: 60_000 });
    assert.match(await page.locator("#synth-radii").innerText(), /this sample's label \(\d+ centreline voxels\)/);
    assert.ok((await page.locator("#synth-radii svg path").count()) >= 1, "the real masks' lines are drawn");
    // The visible label convention: made in the worker, shown, and kept in the URL.
    await page.locator(".vl-controls form:has(label:text-is('Label')) input[type=radio]").nth(1).check();
    await page.waitForFunction(() => /label MIP \(visible\)/.test(document.querySelector("#synth-views")?.textContent ?? ""), null, { timeout: 60_000 });
    assert.match((await page.locator("#synth-status").textContent()) ?? "", /visible label \d+ ms/);
    assert.equal(new URL(page.url()).searchParams.get("label"), "visible");
    await screenshot(page, "synthesise-visible-label");
    // your own scan beside it, read in the read worker: a good file, then a bad one with its message
    const own = page.getByLabel(/your own scan/);
    const workers: string[] = [];
    page.on("worker", (w) => workers.push(w.url()));
    const mine = makeSample(sampleSpec(2, { seed: 4242, preset: "microscopy", size: 32 })).image;
    await own.setInputFiles({ name: "mine.mha", mimeType: "application/octet-stream", buffer: Buffer.from(toMetaImage(mine)) });
    await page.waitForFunction(
      () => /^mine\.mha: MIP, 32×32×32 .*\(your file\)/.test(document.querySelector("#real-vs-synthetic figcaption")?.textContent ?? ""),
      null,
      {
        timeout: 30_000,
      },
    );
    assert.equal(await page.locator("#read-progress").isHidden(), true, "the reading line shows only while a read lasts");
    assert.ok(
      workers.some((url) => /\/workers\/read\.\w+\.js$/.test(url)),
      `the file is read in the read worker, off the page's thread (workers started: ${workers.join(", ")})`,
    );
    await own.setInputFiles({ name: "notes.nii", mimeType: "application/octet-stream", buffer: Buffer.from("these are my notes, not a scan") });
    await page.waitForFunction(() => /^notes\.nii: .*not a NIfTI/i.test(document.querySelector("#real-status")?.textContent ?? ""), null, { timeout: 30_000 });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("a batch is kept in IndexedDB across reloads, its samples are the CLI's bytes (a dark-vessel batch too, as --dark-vessels 1), and delete removes one", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=20&size=48");
    await settle(page);
    await keepSamples(page, { preset: "brain-tof", count: 2, size: 32 });
    assert.equal(await page.locator("#batch-status").innerText(), "Done: 2 new samples kept.");
    await page.waitForFunction(() => document.querySelectorAll("#sample-list tbody tr").length === 2, null, { timeout: 10_000 });

    // The same bytes as the engine in Node for that index.
    const id = "brain-tof-s1-32-0000";
    // Download saves the image and the label; take the image, whichever arrives first.
    const downloads = page.waitForEvent("download", { predicate: (d) => d.suggestedFilename() === `image-${id}.nii.gz` });
    await page.locator(`#sample-list tr[data-id="${id}"] button:text("Download")`).click();
    const got = readFileSync((await (await downloads).path())!);
    // Stored as the CLI stores images (int16 + scl_slope/scl_inter by default).
    const want = writeNifti(makeSample(sampleSpec(0, { seed: 1, preset: "brain-tof", size: 32 })).image, {
      description: `vessel-lab ${id}`,
      dtype: DEFAULT_IMAGE_DTYPE,
    });
    assert.equal(readNiftiHeader(got).datatypeName, DEFAULT_IMAGE_DTYPE);
    assert.ok(Buffer.from(want).equals(got), "the page's sample is byte-identical to Node's");

    await page.reload();
    await settle(page);
    assert.equal(await page.locator("#sample-list tbody tr").count(), 2, "kept across a reload");
    await page.locator(`#sample-list tr[data-id="${id}"] button:text("View")`).click();
    await page.locator("#sample-view canvas").first().waitFor();
    await page.locator(`#sample-list tr[data-id="${id}"] button:text("Delete")`).click();
    await page.waitForFunction(() => document.querySelectorAll("#sample-list tbody tr").length === 1);

    // "Dark vessels: every sample" is generate --dark-vessels 1: its own name, and Node's bytes for that option
    await page.locator("#batch-form").getByRole("radio", { name: "every sample" }).check();
    await keepSamples(page, { preset: "brain-tof", count: 1, size: 32 });
    const darkId = "brain-tof-s1-32-dark1-0000";
    await page.waitForFunction((id) => document.querySelector(`#sample-list tr[data-id="${id}"]`) !== null, darkId, { timeout: 10_000 });
    const darkDownload = page.waitForEvent("download", { predicate: (d) => d.suggestedFilename() === `image-${darkId}.nii.gz` });
    await page.locator(`#sample-list tr[data-id="${darkId}"] button:text("Download")`).click();
    const darkGot = readFileSync((await (await darkDownload).path())!);
    const darkSample = makeSample(sampleSpec(0, { seed: 1, preset: "brain-tof", size: 32, darkVessels: 1 }));
    assert.equal(darkSample.record.imaging.params.vessels.invert, true);
    const darkWant = writeNifti(darkSample.image, { description: `vessel-lab ${darkId}`, dtype: DEFAULT_IMAGE_DTYPE });
    assert.ok(Buffer.from(darkWant).equals(darkGot), "the page's dark-vessel sample is byte-identical to Node's");
    assert.ok(!Buffer.from(want).equals(darkGot), "and not the default sample");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("Dark vessels in this image: from the URL's imaging override, the vessels dark whatever the seed draws and whatever the dark vessels effect box says; off, no override in the URL and the box counts again", async () => {
    // imaging seed 0 of brain-tof draws bright vessels
    const { page, problems } = await openPage(
      lab,
      `/synthesise?preset=brain&seed=2&terminals=20&modality=brain-tof&size=48&iseed=0&imaging=${encodeURIComponent('{"vessels":{"invert":true}}')}`,
    );
    await settle(page);
    const toggle = page.getByRole("checkbox", { name: "Dark vessels in this image (black-blood)" });
    const paramsText = async () => (await page.locator("details pre").first().textContent()) ?? "";
    assert.equal(await toggle.isChecked(), true);
    assert.match(await paramsText(), /"invert": true/);
    // the effect box unticked: the toggle still makes them dark (the box does not count while it is on)
    await page.getByRole("checkbox", { name: "dark vessels", exact: true }).uncheck();
    await settle(page);
    assert.match(await paramsText(), /"invert": true/);
    assert.equal(new URL(page.url()).searchParams.get("off"), null);
    // off: the URL holds no override, and the unticked box switches the seed's inversion off
    await toggle.uncheck();
    await page.waitForFunction(
      () => !new URL(location.href).searchParams.has("imaging") && new URL(location.href).searchParams.get("off") === "inversion",
      null,
      {
        timeout: 30_000,
      },
    );
    await page.waitForFunction(() => /"invert": false/.test(document.querySelector("details pre")?.textContent ?? ""), null, { timeout: 60_000 });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("a rare effect's slider (k-space spikes) switches it on, with every new effect on the page's image is Node's bytes, and unticking an effect keeps it off in the URL", async () => {
    // Imaging seed 0 of brain-tof draws no spikes.
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=20&modality=brain-tof&size=48&iseed=0");
    await settle(page);
    const paramsText = () => page.locator("details pre").first().textContent();
    assert.match((await paramsText()) ?? "", /"spikes": \{\s*"amplitude": 0,/);
    // The range inputs snap a value to their step (the number boxes would refuse one off the step). A slider's label is its plain name, in a span.
    const slide = (label: string, value: number) =>
      page.locator(`.vl-controls form:has(> label > span:text-is("${label}")) input[type=range]`).evaluate((el: HTMLInputElement, v: number) => {
        el.value = String(v);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, value);
    await slide("Stripes across the image", 0.05);
    await page.waitForFunction(() => /"spikes": \{\s*"amplitude": 0\.0[1-9]/.test(document.querySelector("details pre")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    await settle(page);
    await screenshot(page, "synthesise-kspace-spikes");
    // The other new effects on too, for the byte comparison: Gibbs and spikes take sin and cos from src/math.
    await slide("Edge ringing (1 = none, lower = more)", 0.5);
    await slide("Folded texture", 0.04);
    await slide("Patchwork texture", 0.03);
    await slide("Reshaped brightness levels", 1);
    await slide("Background through vessels (0 = none)", 1);
    await page.waitForFunction(() => /"histogram": \{\s*"strength": 1,/.test(document.querySelector("details pre")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    await settle(page);

    // The same bytes as Node from the recorded parameters.
    const params = JSON.parse((await paramsText())!) as ImagingParams;
    assert.ok(Math.abs(params.spikes.amplitude - 0.05) < 0.002, `spikes.amplitude = ${params.spikes.amplitude}`);
    assert.ok(
      params.gibbs.cutoff < 0.51 && params.perlin.amplitude > 0 && params.voronoi.amplitude > 0 && params.vessels.additive === 1,
      JSON.stringify(params),
    );
    const tree = growTree({ preset: "brain", seed: 2, params: { terminals: 20 } });
    const maps = voxeliseCpu(tree, sampleGrid(tree, { size: 48, voxel: { kind: "fit" } as never }));
    const want = writeNifti(synthesiseImage(maps, params, 0), { description: "vessel-lab brain-tof" });
    const download = page.waitForEvent("download", { predicate: (d) => d.suggestedFilename() === "image-brain-tof-brain-2-0.nii.gz" });
    await page.getByRole("button", { name: "Image (NIfTI)" }).click();
    const got = readFileSync((await (await download).path())!);
    assert.ok(Buffer.from(want).equals(got), "the page's image is byte-identical to Node's");

    // Unticked: the effect is off whatever its slider says, and the URL keeps it off.
    await page.getByRole("checkbox", { name: "stripes across the image", exact: true }).uncheck();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("off") === "spikes", null, { timeout: 30_000 });
    await page.waitForFunction(() => /"spikes": \{\s*"amplitude": 0,/.test(document.querySelector("details pre")?.textContent ?? ""), null, {
      timeout: 60_000,
    });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });
});
