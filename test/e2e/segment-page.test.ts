// The Segment page as a user meets it: a synthetic sample segmented in the page with WASM (Dice against its label,
// and the mask downloaded equals the CLI's), the user's own file by the picker (a DICOM series as its files), and every bad file with its message.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { baselineMask } from "../../src/baselines/index.js";
import { labelConventionOf, mirrorIntensities, vesselPolarity } from "../../src/infer/index.js";
import { clDice, dice } from "../../src/metrics/index.js";
import { CONFUSION_COLORS, exportSurfaceMesh, maskSurface } from "../../src/rendering/index.js";
import { type Volume, createVolume, readNifti, readVolume, writeNifti, writeTiff } from "../../src/volume/index.js";
import { DEFAULT_BUDGET_BYTES } from "../../src/lab/index.js";
import { segmentInNode } from "../support/inferFiles.js";
import { toMetaImage } from "../support/scanFormats.js";
import { damagedCopies } from "../support/dicomFolders.js";
import { openPage, screenshot, settle, useLab } from "../support/site.js";
import type { Page } from "playwright-core";
import { darkTubesScan } from "../support/darkTubes.js";

/** The committed model's card, and the label convention of the page's synthetic samples (its model's). */
const CARD = JSON.parse(readFileSync("models/segmenter.json", "utf8")) as { stride: number; spacing?: unknown };
const LABELS = labelConventionOf(CARD);

/**
 * Drops a folder (`tree`: {name, children} for a folder, {name, bytes} for a file) on the scan picker, as a browser gives
 * a dropped folder: directory entries whose readers hand out their entries in batches, then an empty one.
 */
const DROP_FOLDER = `(tree) => {
  const entryOf = (node, path) => {
    if (node.bytes) {
      const file = new File([new Uint8Array(node.bytes)], node.name);
      return { name: node.name, fullPath: path, isFile: true, isDirectory: false, file: (ok) => ok(file) };
    }
    const children = node.children.map((child) => entryOf(child, path + "/" + child.name));
    const batches = [children.slice(0, 5), children.slice(5), []];
    return { name: node.name, fullPath: path, isFile: false, isDirectory: true, createReader: () => ({ readEntries: (ok) => ok(batches.shift() ?? []) }) };
  };
  const drop = new Event("drop", { bubbles: true, cancelable: true });
  Object.defineProperty(drop, "dataTransfer", { value: { items: [{ webkitGetAsEntry: () => entryOf(tree, "/" + tree.name) }], files: [] } });
  document.querySelector("#scan-file").dispatchEvent(drop);
}`;

/** The model's Dice the page shows under its result (#segment-metrics). */
async function shownDice(page: Page): Promise<number> {
  return Number((await page.locator("#segment-metrics").innerText()).match(/Dice\s+([\d.]+)/)![1]);
}

describe("the Segment page", () => {
  const lab = useLab();

  test("segments a synthetic sample with WASM in a worker at the automatic voxel scale: the scale Node chooses, Dice against its label as in Node, and the downloaded mask is the CLI's", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=1&ssize=48&dseed=4242&provider=wasm&scale=auto");
    await settle(page);
    assert.match(await page.locator("#infer-status").innerText(), /^WASM, as chosen \(\d+ threads?\)\. Model: vessel-lab segmenter/);
    assert.match(await page.locator("#volume-status").innerText(), /^synthetic brain-tof sample 1 \(seed 4242, 48³\): 48×48×48 voxels/);
    assert.equal(await page.getByRole("radio", { name: "fit to vessels" }).isChecked(), true, "scale=auto in the address");
    // the scan is shown before it is segmented: its middle slice and its MIP, drawn (not blank)
    assert.equal(await page.locator("#input-preview canvas").count(), 2);
    const spread = await page.$$eval("#input-preview canvas", (cs) =>
      cs.map((c) => {
        const px = (c as HTMLCanvasElement).getContext("2d")!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        let lo = 255,
          hi = 0;
        for (let i = 0; i < px.length; i += 4) {
          lo = Math.min(lo, px[i]);
          hi = Math.max(hi, px[i]);
        }
        return hi - lo;
      }),
    );
    for (const d of spread) assert.ok(d > 50, `the preview shows the scan (grey levels spread ${d})`);
    await screenshot(page, "segment-before");
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 120_000 });
    await settle(page);
    // the page's synthetic samples carry labels in the convention its model learnt (its card's)
    const sample = makeSample(sampleSpec(1, { seed: 4242, preset: "brain-tof", size: 48, labelConvention: LABELS }));
    const node = await segmentInNode(sample.image, "auto", 0.25); // the page's default tile overlap
    const grid = node.details.modelGrid.dims.join("×");
    const tiles = `${node.details.tiles} tile${node.details.tiles === 1 ? "" : "s"} of ${node.details.tile.join("×")}`;
    assert.ok((await page.locator("#segment-status").innerText()).startsWith("Segmented 48×48×48 voxels in "));
    const details = (await page.locator("#segment-details").textContent()) ?? "";
    assert.ok(
      details.includes(`${grid === "48×48×48" ? "On the scan's own grid" : `Resampled to a ${grid} grid (fit to vessels) and back`}; ${tiles}`),
      details,
    );
    assert.equal(await page.locator("#segment-scale").textContent(), `${node.scale!.replace(/^auto scale/, "Automatic voxel scale")}.`);
    // the page's own tiling (a quarter overlap, its default) and the command that repeats it: the card's scale needs no flag
    assert.equal(await page.getByRole("radio", { name: "a quarter (faster)" }).isChecked(), true);
    assert.equal(await page.locator("#segment-command").textContent(), "npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz --overlap 0.25");
    assert.equal(await page.locator("#input-preview").count(), 0, "the preview gives way to the results");
    const pageDice = await shownDice(page);
    const nodeDice = dice(node.mask, sample.label);
    assert.ok(Math.abs(pageDice - nodeDice) <= 0.002, `page ${pageDice}, node ${nodeDice}`);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Mask (NIfTI)" }).click();
    const mask = readNifti(readFileSync((await (await download).path())!));
    assert.deepEqual(mask.dims, sample.image.dims);
    mask.affine.forEach((x, i) => assert.ok(Math.abs(x - sample.image.affine[i]) < 1e-4, `affine[${i}]`));
    let differ = 0;
    for (let n = 0; n < mask.data.length; n++) if (mask.data[n] !== node.mask.data[n]) differ++;
    assert.ok(differ <= 0.001 * mask.data.length, `${differ} voxels differ from the CLI's mask`);
    // its surface: the mask's marching-cubes surface as Node makes it, in LPS (the header says so)
    const stlDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Mask surface (STL)" }).click();
    const stl = readFileSync((await (await stlDownload).path())!);
    assert.equal((await stlDownload).suggestedFilename(), (await download).suggestedFilename().replace(/\.nii\.gz$/, ".stl"));
    assert.match(stl.subarray(0, 80).toString("latin1"), /^vessel-lab surface, mm\. SPACE=LPS/);
    const inNode = Buffer.from(exportSurfaceMesh(await maskSurface(mask), "stl"));
    assert.ok(stl.readUInt32LE(80) > 100, `${stl.readUInt32LE(80)} triangles`);
    assert.equal(stl.length, inNode.length, "as many triangles as Node's surface of the downloaded mask");
    let apart = 0; // the same vertices (the NIfTI's affine is stored in float32)
    for (let at = 84; at < stl.length; at += 50)
      for (let c = 12; c < 48; c += 4) apart = Math.max(apart, Math.abs(stl.readFloatLE(at + c) - inNode.readFloatLE(at + c)));
    assert.ok(apart < 1e-4, `the page's STL vertices lie up to ${apart} mm from Node's`);
    // and smoothed (0.2): the same triangles, vertices moved as Node moves them
    const smoothDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Smoothed surface (STL)" }).click();
    const smooth = readFileSync((await (await smoothDownload).path())!);
    const smoothInNode = Buffer.from(exportSurfaceMesh(await maskSurface(mask, { smooth: 0.2 }), "stl"));
    assert.equal(smooth.length, stl.length);
    assert.ok(!smooth.equals(stl), "the smoothed surface's vertices moved");
    let smoothApart = 0;
    for (let at = 84; at < smooth.length; at += 50)
      for (let c = 12; c < 48; c += 4) smoothApart = Math.max(smoothApart, Math.abs(smooth.readFloatLE(at + c) - smoothInNode.readFloatLE(at + c)));
    assert.ok(smoothApart < 1e-3, `the page's smoothed vertices lie up to ${smoothApart} mm from Node's`);
    assert.equal(await page.locator("#segment-views canvas").count(), 3);
    assert.equal(await page.locator("#segment-3d canvas").count(), 1);
    await screenshot(page, "segment-synthetic");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("compare with Otsu and Frangi: a table of Dice and clDice per method as Node computes them, error maps in three colours, the choice kept in the URL", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=1&ssize=48&dseed=4242&provider=wasm");
    await settle(page);
    await page.getByRole("checkbox", { name: "Otsu" }).check();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("compare") === "otsu", null, { timeout: 30_000 });
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#compare-metrics tr[data-method=otsu]").waitFor({ timeout: 120_000 });
    // a baseline ticked after segmenting runs alone: the volume and the model's mask stay
    await page.getByRole("checkbox", { name: "Frangi" }).check();
    await page.locator("#compare-metrics tr[data-method=frangi]").waitFor({ timeout: 120_000 });
    await settle(page);
    assert.equal(new URL(page.url()).searchParams.get("compare"), "otsu,frangi");
    assert.match(await page.locator("#segment-status").innerText(), /^Segmented 48×48×48 voxels/);
    const rows = await page.$$eval("#compare-metrics tbody tr", (trs) =>
      trs.map((tr) => [(tr as HTMLElement).dataset.method, ...[...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? "")]),
    );
    assert.deepEqual(
      rows.map((r) => r.slice(0, 2)),
      [
        ["model", "model"],
        ["otsu", "Otsu"],
        ["frangi", "Frangi"],
      ],
    );
    const score: Record<string, { dice: number; clDice: number; vessel: number; seconds: number }> = Object.fromEntries(
      rows.map(([method, , d, cl, vessel, seconds]) => [method, { dice: Number(d), clDice: Number(cl), vessel: Number(vessel), seconds: Number(seconds) }]),
    );
    for (const [method, s] of Object.entries(score)) {
      for (const x of [s.dice, s.clDice]) assert.ok(x >= 0 && x <= 1, `${method}: ${x} in 0..1`);
      assert.ok(s.vessel >= 0 && s.vessel <= 100 && s.seconds >= 0, method);
    }
    // the same volume in Node: the sample the page made, each baseline and its Dice and clDice against its label
    const sample = makeSample(sampleSpec(1, { seed: 4242, preset: "brain-tof", size: 48, labelConvention: LABELS }));
    for (const method of ["otsu", "frangi"] as const) {
      const mask = baselineMask(sample.image, { method }).mask;
      const [d, cl] = [dice(mask, sample.label), clDice(mask, sample.label)];
      assert.ok(Math.abs(score[method].dice - d) <= 1e-3, `${method}: page Dice ${score[method].dice}, node ${d}`);
      assert.ok(Math.abs(score[method].clDice - cl) <= 1e-3, `${method}: page clDice ${score[method].clDice}, node ${cl}`);
    }
    assert.equal(score.model.dice, await shownDice(page));

    // error maps: the label, then each method, on the slice and on the MIP; the three class colours drawn
    assert.match(await page.locator("#compare-legend").innerText(), /true positive.*false positive.*false negative/s);
    const drawn = await page.$$eval(
      "#compare-slices canvas, #compare-mips canvas",
      (canvases, colours) =>
        canvases.map((c) => {
          const canvas = c as HTMLCanvasElement;
          const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
          const counts = colours.map(() => 0);
          for (let i = 0; i < px.length; i += 4)
            colours.forEach(([r, g, b], k) => {
              if (px[i] === r && px[i + 1] === g && px[i + 2] === b) counts[k]++;
            });
          return { method: canvas.dataset.method, counts };
        }),
      [CONFUSION_COLORS.truePositive, CONFUSION_COLORS.falsePositive, CONFUSION_COLORS.falseNegative, [255, 255, 255]],
    );
    assert.deepEqual(
      drawn.map((d) => d.method),
      ["label", "model", "otsu", "frangi", "label", "model", "otsu", "frangi"],
    );
    for (const d of drawn) {
      if (d.method === "label") assert.ok(d.counts[3] > 0 && d.counts[0] + d.counts[1] + d.counts[2] === 0, `the label is drawn in white alone: ${d.counts}`);
      else assert.ok(d.counts[0] > 0 && d.counts[3] === 0, `${d.method}: true positives drawn, no white: ${d.counts}`);
    }
    const model = drawn.filter((d) => d.method === "model");
    for (const k of [0, 1, 2])
      assert.ok(
        model.some((d) => d.counts[k] > 0),
        `the model's error maps show class ${k + 1}: ${JSON.stringify(model)}`,
      );
    await screenshot(page, "segment-compare");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);

    // the address brings the choice back
    await page.reload();
    await settle(page);
    assert.equal(await page.getByRole("checkbox", { name: "Otsu" }).isChecked(), true);
    assert.equal(await page.getByRole("checkbox", { name: "Frangi" }).isChecked(), true);
    await page.getByRole("checkbox", { name: "Otsu" }).uncheck();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("compare") === "frangi", null, { timeout: 30_000 });
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("a first visit starts on a sample the model segments (index 1: sample 0 has dark vessels), and an address keeps index 0 and seed 0", async () => {
    for (const [query, expected] of [
      ["", /^synthetic brain-tof sample 1 \(seed 4242, 64³\)/],
      ["?index=0&dseed=0", /^synthetic brain-tof sample 0 \(seed 0, 64³\)/],
    ] as const) {
      const { page, problems } = await openPage(lab, `/segment${query}`);
      await settle(page);
      assert.match(await page.locator("#volume-status").innerText(), expected);
      assert.deepEqual(problems.pageErrors, []);
      await page.context().close();
    }
  });

  test("dark vessels: vessels=dark in the URL mirrors the scan before the model, as segment --dark; the mask and its Dice are Node's on the mirrored scan, and the command says --dark", async () => {
    // brain-tof sample 32 of seed 4242 at 48³ has vessels darker than the tissue: as made the model marks almost nothing of them
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=32&ssize=48&dseed=4242&provider=wasm&vessels=dark");
    await settle(page);
    assert.equal(await page.getByRole("radio", { name: "darker than the tissue (black-blood)" }).isChecked(), true, "vessels=dark in the address");
    // the projection shows the scan mirrored, so that its dark vessels show; the slice shows it as it is
    assert.match(await page.locator("#input-preview").innerText(), /the scan mirrored \(its dark vessels bright\), brightest voxel along each ray \(MIP\)/);
    const pictures = async () => page.locator("#input-preview canvas").evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const [darkSlice, darkProjection] = await pictures();
    await page.getByRole("radio", { name: "brighter than the tissue" }).check();
    await page.locator("#input-preview figcaption", { hasText: /^the scan, brightest voxel/ }).waitFor({ timeout: 30_000 });
    const [brightSlice, brightProjection] = await pictures();
    assert.equal(brightSlice, darkSlice, "the slice is the scan as it is, whatever the choice");
    assert.notEqual(brightProjection, darkProjection, "the projection follows the choice");
    await page.getByRole("radio", { name: "darker than the tissue (black-blood)" }).check();
    await page.locator("#input-preview figcaption", { hasText: /^the scan mirrored/ }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 120_000 });
    await settle(page);
    const mip = page.locator("#segment-views figure").nth(2);
    assert.equal(await mip.locator("figcaption").innerText(), "MIP of the mirrored scan, mask in red");
    const sample = makeSample(sampleSpec(32, { seed: 4242, preset: "brain-tof", size: 48, labelConvention: LABELS }));
    const [asMade, mirrored] = [await segmentInNode(sample.image, "auto", 0.25), await segmentInNode(mirrorIntensities(sample.image), "auto", 0.25)];
    const pageDice = await shownDice(page);
    const [asMadeDice, mirroredDice] = [dice(asMade.mask, sample.label), dice(mirrored.mask, sample.label)];
    assert.ok(Math.abs(pageDice - mirroredDice) <= 0.002, `page ${pageDice}, Node on the mirrored scan ${mirroredDice}`);
    assert.ok(mirroredDice > asMadeDice + 0.2, `mirrored ${mirroredDice}, as made ${asMadeDice}: this sample's vessels are dark`);
    assert.match((await page.locator("#segment-command").textContent()) ?? "", / --dark$/);
    await screenshot(page, "segment-dark");
    // bright again: the address forgets the choice, and the next segmentation runs on the scan as made
    await page.getByRole("radio", { name: "brighter than the tissue" }).check();
    await page.waitForFunction(() => !/[?&]vessels=/.test(location.search), null, { timeout: 30_000 });
    await page.waitForFunction(() => !/--dark/.test(document.querySelector("#segment-command")?.textContent ?? "--dark"), null, { timeout: 120_000 });
    await settle(page);
    const brightDice = await shownDice(page);
    assert.ok(Math.abs(brightDice - asMadeDice) <= 0.002, `page ${brightDice}, Node as made ${asMadeDice}`);
    assert.equal(await mip.locator("figcaption").innerText(), "MIP of scan, mask in red");
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await page.context().close();
  });

  test("the voxel scale ×2 from the URL segments on voxels twice as large, as Node does with --spacing x2, and the mask lies on the scan's grid", async () => {
    const { page, problems } = await openPage(
      lab,
      "/segment?source=synthetic+sample&sample=microscopy&index=3&ssize=48&dseed=4242&provider=wasm&scale=x2&overlap=0.5",
    );
    await settle(page);
    assert.equal(await page.getByRole("radio", { name: "×2" }).isChecked(), true);
    assert.equal(await page.getByRole("radio", { name: "a half (the CLI's default)" }).isChecked(), true, "overlap=0.5 in the address");
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 120_000 });
    assert.match(await page.locator("#segment-status").innerText(), /^Segmented 48×48×48 voxels in [\d.]+ s on the CPU \(WASM, \d threads?\)/);
    // one tile: the 24³ grid rounded up to the model's stride (4 for a three-level model, 16 for a five-level one)
    const tile = Math.ceil(24 / CARD.stride) * CARD.stride;
    assert.match(
      (await page.locator("#segment-details").textContent()) ?? "",
      new RegExp(`Resampled to a 24×24×24 grid \\(×2\\) and back; 1 tile of ${tile}×${tile}×${tile}`),
    );
    // the card's overlap needs no flag; the scale does
    assert.equal(await page.locator("#segment-command").textContent(), "npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz --spacing x2");
    assert.match(page.url(), /[?&]overlap=0\.5(&|$)/, "the choice stays in the address");
    const sample = makeSample(sampleSpec(3, { seed: 4242, preset: "microscopy", size: 48 }));
    const node = await segmentInNode(sample.image, { factor: 2 });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Mask (NIfTI)" }).click();
    const mask = readNifti(readFileSync((await (await download).path())!));
    assert.deepEqual(mask.dims, sample.image.dims);
    let differ = 0,
      marked = 0;
    for (let n = 0; n < mask.data.length; n++) {
      if (mask.data[n] !== node.mask.data[n]) differ++;
      marked += mask.data[n];
    }
    assert.ok(marked > 0, "the ×2 mask marks vessels");
    assert.ok(differ <= 0.001 * mask.data.length, `${differ} voxels differ from Node's mask at x2`);
    // the choice is kept in the address; fit to vessels too; the default (the card's spacing, as the CLI's) removes it
    assert.match(page.url(), /[?&]scale=x2(&|$)/);
    const [byDefault, other] = CARD.spacing === "auto" ? ["fit to vessels", "as scanned"] : ["as scanned", "fit to vessels"];
    await page.getByRole("radio", { name: other }).check();
    await page.waitForFunction((v) => new URLSearchParams(location.search).get("scale") === v, other === "as scanned" ? "native" : "auto", { timeout: 30_000 });
    await page.getByRole("radio", { name: byDefault }).check();
    await page.waitForFunction(() => !/[?&]scale=/.test(location.search), null, { timeout: 30_000 });
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("the Synthesise page's image goes to the Segment page by its link, label included", async () => {
    const { page, problems } = await openPage(lab, "/synthesise?preset=brain&seed=2&terminals=30&modality=cta&size=48&iseed=5");
    await settle(page);
    await page.locator("#segment-link").click();
    await page.waitForURL(/\/segment\?/);
    await page.waitForFunction(
      () =>
        /^the Synthesise page's cta image \(tree brain seed 2, imaging seed 5, 48³\): 48×48×48 voxels/.test(
          document.querySelector("#volume-status")?.textContent ?? "",
        ),
      null,
      { timeout: 60_000 },
    );
    await page.locator("#infer-status").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-metrics").waitFor({ timeout: 120_000 });
    assert.match(await page.locator("#segment-metrics").innerText(), /Dice\s+[\d.]+/);
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("the user's own file by the picker is segmented; bad files each give their message, rendered as text", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=your+file&provider=wasm");
    await settle(page);
    assert.match(await page.locator("#volume-status").innerText(), /Choose or drop a scan file \(NIfTI, MetaImage, NRRD or TIFF\)/);
    const picker = page.locator("#scan-file input[type=file]:not([webkitdirectory])");
    const good = toMetaImage(makeSample(sampleSpec(2, { seed: 4242, preset: "microscopy", size: 32 })).image);
    const nasty = `<img src=x onerror="window.__pwned=1">.nii.gz`;
    const raw = writeNifti(createVolume(Float32Array, [8, 8, 8], [1, 1, 1]), { gzip: false });
    const fourD = new Uint8Array(raw.length + 8 * 8 * 8 * 4);
    fourD.set(raw);
    new DataView(fourD.buffer).setInt16(40, 4, true);
    new DataView(fourD.buffer).setInt16(48, 2, true);
    const flat = writeNifti(createVolume(Float32Array, [16, 16, 1], [1, 1, 1]), { gzip: false });
    new DataView(flat.buffer).setInt16(40, 2, true);
    const huge = writeNifti(createVolume(Uint8Array, [320, 320, 320], [0.5, 0.5, 0.5]));
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ["notes.nii.gz", new TextEncoder().encode("these are my notes, not a scan"), /notes\.nii\.gz: .*not a NIfTI/i],
      ["truncated.nii", raw.subarray(0, raw.length - 100), /truncated\.nii: .*(truncated|too short|ends)/i],
      [nasty, new TextEncoder().encode("junk"), /<img src=x onerror=.*not a NIfTI/i],
      ["fourd.nii", fourD, /fourd\.nii: this is a 4D series with 2 volumes/],
      ["slice.nii", flat, /slice\.nii: this is a 2D image \(16 × 16\); vessel-lab needs one 3D volume/],
      [
        "detached.mhd",
        new TextEncoder().encode("NDims = 3\nDimSize = 8 8 8\nElementType = MET_SHORT\nElementDataFile = detached.raw\n"),
        /detached\.mhd: MetaImage: the voxels are in a separate file \(ElementDataFile = detached\.raw\).*save the image as one \.mha/,
      ],
      ["cut.tif", writeTiff(createVolume(Uint16Array, [16, 16, 8], [1, 1, 1])).subarray(0, 3000), /cut\.tif: TIFF: .*cut short or damaged/],
    ];
    for (const [name, bytes, message] of cases) {
      await picker.setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
      await page.waitForFunction((n) => document.querySelector("#volume-status")?.textContent?.includes(n.slice(0, 12)), name, { timeout: 30_000 });
      const status = page.locator("#volume-status");
      assert.equal(await status.getAttribute("class"), "vl-error", name);
      assert.match(await status.innerText(), message);
    }
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, "a file name is never HTML");
    assert.equal(await page.locator("#volume-status img").count(), 0);

    await picker.setInputFiles({ name: "big.nii.gz", mimeType: "application/octet-stream", buffer: Buffer.from(huge) });
    await page.locator("#budget").waitFor({ timeout: 60_000 });
    assert.match(
      await page.locator("#budget").innerText(),
      /320×320×320 = 32\.8 million voxels\) needs about 1\.5 GiB .* Volumes up to 22 million voxels \(about \d+³\) work: crop it to its centre, or downsample it/,
    );

    // the offered fix: the centre crop is chosen by default and segmentable
    assert.equal(await page.getByRole("button", { name: "Segment" }).isDisabled(), false);

    // a MetaImage (.mha, as ITK and 3D Slicer save it) opens as a NIfTI does
    await picker.setInputFiles({ name: "mine.mha", mimeType: "application/octet-stream", buffer: Buffer.from(good) });
    await page.waitForFunction(() => /^mine\.mha: 32×32×32/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, { timeout: 30_000 });
    await page.getByRole("button", { name: "Segment" }).click();
    await page.waitForFunction(() => /^Segmented 32×32×32/.test(document.querySelector("#segment-status")?.textContent ?? ""), null, { timeout: 120_000 });
    assert.equal(await page.locator("#segment-metrics").count(), 0, "no label, no Dice");
    // its mask in its own format too: the same voxels and grid as the NIfTI download
    const masks: { file: string; volume: Volume }[] = [];
    for (const name of ["Mask (NIfTI)", "Mask (MetaImage)"]) {
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name }).click();
      const file = await download;
      masks.push({ file: file.suggestedFilename(), volume: readVolume(readFileSync((await file.path())!)) });
    }
    assert.deepEqual(
      masks.map((m) => m.file),
      ["mask-mine.nii.gz", "mask-mine.mha"],
    );
    assert.deepEqual(Array.from(masks[1].volume.data), Array.from(masks[0].volume.data));
    masks[1].volume.affine.forEach((x, i) => assert.ok(Math.abs(x - masks[0].volume.affine[i]) < 1e-4, `affine[${i}]`));
    await screenshot(page, "segment-own-mha");

    // a TIFF stack (as Fiji saves one) opens too, and its mask comes back as a TIFF stack: the same voxels
    const sample = makeSample(sampleSpec(2, { seed: 4242, preset: "microscopy", size: 32 })).image;
    await picker.setInputFiles({ name: "stack.tif", mimeType: "image/tiff", buffer: Buffer.from(writeTiff(sample)) });
    await page.waitForFunction(() => /^stack\.tif: 32×32×32/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, { timeout: 30_000 });
    await page.getByRole("button", { name: "Segment" }).click();
    await page.waitForFunction(() => /^Segmented 32×32×32/.test(document.querySelector("#segment-status")?.textContent ?? ""), null, { timeout: 120_000 });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Mask (TIFF stack)" }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "mask-stack.tif");
    const tiffMask = readVolume(readFileSync((await file.path())!));
    assert.deepEqual(Array.from(tiffMask.data), Array.from(masks[0].volume.data));
    await screenshot(page, "segment-own-tiff");
    // once the worker has read which way its tubes look (not before: an absent hint proves nothing then)
    await page.locator("#segment-polarity-read").waitFor({ state: "attached", timeout: 30_000 });
    assert.equal(await page.locator("#segment-polarity").count(), 0, "a microscopy sample's tubes do not read dark");

    // a scan whose tubes read dark (vesselPolarity: dark tubes of 150 in tissue of 400–520): a hint to choose "darker", gone once chosen
    const block = darkTubesScan();
    assert.equal(vesselPolarity(block).looks, "dark");
    await picker.setInputFiles({ name: "black-blood.nii.gz", mimeType: "application/octet-stream", buffer: Buffer.from(writeNifti(block)) });
    const hint = page.locator("#segment-polarity");
    await hint.waitFor({ timeout: 30_000 });
    assert.match(
      await hint.innerText(),
      /^This scan: its dark tubes respond [\d.]+ times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), choose "darker than the tissue \(black-blood\)" under Vessels\.$/,
    );
    await screenshot(page, "segment-polarity-hint");
    await page.getByRole("radio", { name: "darker than the tissue (black-blood)" }).check();
    await hint.waitFor({ state: "detached", timeout: 30_000 });
    // the reading is still there (dark), only the hint is not
    assert.equal(await page.locator("#segment-polarity-read").getAttribute("data-looks"), "dark");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("a DICOM series chosen as its files is segmented on its own grid, the mask placed where the CLI reads the series; one file alone is told to bring the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vl-dicom-page-"));
    try {
      const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
      assert.equal(r.status, 0, `scripts/dicom-check.py (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`);
      const tube = (JSON.parse(r.stdout) as { name: string; values: number[] }[]).find((m) => m.name === "tube")!.values;
      const folder = join(dir, "tube");
      const files = readdirSync(folder).map((f) => join(folder, f));
      const { page, problems } = await openPage(lab, "/segment?source=your+file&provider=wasm");
      await settle(page);
      assert.match(await page.locator("#volume-status").innerText(), /or a DICOM series: its files or its folder/);
      const picker = page.locator("#scan-file input[type=file]:not([webkitdirectory])");
      await picker.setInputFiles(files[0]);
      await page.waitForFunction(() => /one DICOM slice/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, { timeout: 30_000 });
      assert.match(
        await page.locator("#volume-status").innerText(),
        /IM0000\.dcm: one DICOM slice of a series: choose or drop all the files of the series together/,
      );
      await picker.setInputFiles(files);
      await page.waitForFunction(
        () => /^DICOM series 3 'angio' \(14 files\): 32×28×14/.test(document.querySelector("#volume-status")?.textContent ?? ""),
        null,
        {
          timeout: 30_000,
        },
      );
      assert.match(await page.locator("#scan-file").innerText(), /14 files \(\d+ KiB\)/);
      await page.getByRole("button", { name: "Segment" }).click();
      await page.waitForFunction(() => /^Segmented 32×28×14/.test(document.querySelector("#segment-status")?.textContent ?? ""), null, { timeout: 120_000 });
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Mask (NIfTI)" }).click();
      const mask = readVolume(readFileSync((await (await download).path())!));
      const { volume } = readVolumeFile(folder, "--in", { command: "test" });
      assert.deepEqual(mask.dims, volume.dims);
      mask.affine.forEach((x, n) => assert.ok(Math.abs(x - volume.affine[n]) < 1e-4, `the mask lies where the series does: ${mask.affine}`));
      const marked = Array.from(mask.data);
      const inTube = marked.filter((x, i) => x === 1 && tube[i] === 900).length;
      const bright = tube.filter((x) => x === 900).length;
      assert.ok(inTube > 0.8 * bright && marked.filter((x) => x === 1).length < 2 * bright, `the tube (${bright} voxels) found: ${inTube} marked in it`);
      await screenshot(page, "segment-own-dicom");
      // compressed series, as PACS exports them: the page fetches the JPEG-LS and JPEG 2000 decoders when first needed
      for (const [source, codec] of [
        ["c-ct12", "jpeg2000"],
        ["c-signed", "jpeg-ls"],
        ["c-mr8", "jpeg-lossless"],
        ["c-mr16", "rle"],
      ]) {
        const name = `${source}-${codec}`;
        await picker.setInputFiles(readdirSync(join(dir, name)).map((f) => join(dir, name, f)));
        await page.waitForFunction(
          ([source, name]) => {
            const status = document.querySelector("#volume-status")?.textContent ?? "";
            return (
              status.startsWith(`DICOM series 3 '${source}' (3 files): 34×30×3`) &&
              /your files, \d+ KiB; 3 slices, /.test(status) &&
              status.includes(`; 3 slices, ${name}`)
            );
          },
          [source, { jpeg2000: "lossless JPEG 2000", "jpeg-ls": "JPEG-LS", "jpeg-lossless": "lossless JPEG", rle: "RLE" }[codec]!],
          { timeout: 30_000 },
        );
        // read in the read worker, which told the page each slice it decoded; the line hides once the read ends
        const reading = page.locator("#read-progress");
        assert.equal(await reading.isHidden(), true);
        assert.deepEqual([await reading.getAttribute("data-done"), await reading.getAttribute("data-total")], ["3", "3"], name);
      }
      await screenshot(page, "segment-own-dicom-compressed"); // the RLE series, last, shown and ready to segment
      // a new scan starts a fresh progress bar, not the last run's "1 of 1 tile"
      assert.equal(await page.locator("#segment-progress .vl-progress-text").innerText(), "");
      assert.equal(await page.locator("#segment-progress").getAttribute("data-done"), null);
      assert.deepEqual(problems.pageErrors, []);
      await page.context().close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an exam's folder, chosen with 'Choose a folder' or dropped whole, is read in full: several series offer a button each, and the one picked is read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vl-dicom-folder-"));
    try {
      const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
      assert.equal(r.status, 0, `scripts/dicom-check.py (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`);
      const { page, problems } = await openPage(lab, "/segment?source=your+file&provider=wasm");
      await settle(page);
      // the folder chooser: two series in two subfolders
      await page.locator("#scan-file input[webkitdirectory]").setInputFiles(join(dir, "two-series"));
      await page.waitForFunction(() => /^These files hold 2 DICOM series/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.match(await page.locator("#scan-file").innerText(), /folder two-series: 6 files \(\d+ KiB\)/);
      const buttons = page.locator(".vl-series-choice button");
      assert.deepEqual((await buttons.allInnerTexts()).sort(), ["series 2 'T1': 3 slices of 7×5", "series 5 'TOF': 3 slices of 7×5"]);
      assert.equal(await page.getByRole("button", { name: "Segment" }).isDisabled(), true, "nothing to segment until a series is picked");
      await screenshot(page, "segment-series-choice");
      await buttons.filter({ hasText: "series 5 'TOF'" }).click();
      await page.waitForFunction(
        () => /^DICOM series 5 'TOF' \(3 files\): 7×5×3 voxels/.test(document.querySelector("#volume-status")?.textContent ?? ""),
        null,
        {
          timeout: 30_000,
        },
      );
      assert.equal(await page.getByRole("button", { name: "Segment" }).isDisabled(), false);
      // a folder dropped whole: its subfolders walked; the tube series readable, a colour screenshot's series not, both labelled alike
      const folderOf = (name: string) => ({
        name,
        children: readdirSync(join(dir, name))
          .sort()
          .map((f) => ({ name: f, bytes: Array.from(readFileSync(join(dir, name, f))) })),
      });
      const exam = { name: "exam", children: [folderOf("colour"), folderOf("tube"), { name: "README.TXT", bytes: Array.from(Buffer.from("an exam")) }] };
      // a string, not a function: the test's TypeScript transform would name the helpers with a function the page lacks
      await page.evaluate(`(${DROP_FOLDER})(${JSON.stringify(exam)})`);
      await page.waitForFunction(() => /^These files hold 2 DICOM series/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.deepEqual(await buttons.allInnerTexts(), ["series 3 'angio' (#1): 14 slices of 32×28", "series 3 'angio' (#2): 2 files, not readable"]);
      assert.equal(await buttons.nth(1).isDisabled(), true);
      assert.match((await buttons.nth(1).getAttribute("title")) ?? "", /^exam\/colour\/IM0000\.dcm: a colour image/);
      // and as text under the buttons, for a touch screen where no title shows
      assert.match(await page.locator(".vl-series-refusals").innerText(), /^series 3 'angio' \(#2\): exam\/colour\/IM0000\.dcm: a colour image/);
      await buttons.nth(0).click();
      await page.waitForFunction(
        () => /^DICOM series 3 'angio' \(14 files\): 32×28×14/.test(document.querySelector("#volume-status")?.textContent ?? ""),
        null,
        {
          timeout: 30_000,
        },
      );
      assert.match(await page.locator("#volume-status").innerText(), /1 other file ignored/);
      assert.match(await page.locator("#scan-file").innerText(), /folder exam: 17 files \(\d+ KiB\)/);
      // a file of the exam cut before it names its series: skipped, and named under the buttons (no button stands for
      // it); the series it sat beside read as before, the skipped file told again in the status line
      const damaged = join(dir, "damaged-exam");
      cpSync(join(dir, "two-series"), damaged, { recursive: true });
      writeFileSync(join(damaged, "a", "IM0099.dcm"), damagedCopies(readFileSync(join(dir, "tube", "IM0000.dcm"))).early);
      await page.locator("#scan-file input[webkitdirectory]").setInputFiles(damaged);
      await page.waitForFunction(() => /^These files hold 2 DICOM series/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.deepEqual((await buttons.allInnerTexts()).sort(), ["series 2 'T1': 3 slices of 7×5", "series 5 'TOF': 3 slices of 7×5"]);
      assert.match(
        await page.locator(".vl-series-refusals").innerText(),
        /^1 file skipped, not readable as DICOM: damaged-exam\/a\/IM0099\.dcm: a damaged or cut DICOM file \([^)]+\); if it belongs to the scan, copy it again from its source$/,
      );
      await screenshot(page, "segment-series-damaged-file");
      await buttons.filter({ hasText: "series 2 'T1'" }).click();
      await page.waitForFunction(() => /^DICOM series 2 'T1' \(3 files\): 7×5×3/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.match(await page.locator("#volume-status").innerText(), /1 file skipped, not readable as DICOM: damaged-exam\/a\/IM0099\.dcm/);
      assert.equal(await page.getByRole("button", { name: "Segment" }).isDisabled(), false);
      // an exam over the page's budget because of one series (a file padded past the budget: sparse, never written
      // out): that series marked too large, with the CLI's --series that reads it, and the other read as before
      const big = join(dir, "big-exam");
      cpSync(join(dir, "two-series"), big, { recursive: true });
      const t1 = readdirSync(join(big, "a")).sort()[0];
      truncateSync(join(big, "a", t1), DEFAULT_BUDGET_BYTES + 2 ** 26);
      await page.locator("#scan-file input[webkitdirectory]").setInputFiles(big);
      await page.waitForFunction(() => /^These files hold 2 DICOM series/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.deepEqual(await buttons.allInnerTexts(), ["series 2 'T1': 3 files, too large for the page", "series 5 'TOF': 3 slices of 7×5"]);
      assert.equal(await buttons.nth(0).isDisabled(), true);
      assert.match(
        await page.locator(".vl-series-refusals").innerText(),
        /^series 2 'T1': 3 DICOM files of 1\.1 GiB, more than the 1\.0 GiB the page allows itself, so they were not opened; segment the series with the CLI \(vessel-lab segment --in FOLDER --series 2\)$/,
      );
      await screenshot(page, "segment-series-too-large");
      await buttons.nth(1).click();
      await page.waitForFunction(() => /^DICOM series 5 'TOF' \(3 files\): 7×5×3/.test(document.querySelector("#volume-status")?.textContent ?? ""), null, {
        timeout: 30_000,
      });
      assert.deepEqual(problems.pageErrors, []);
      await page.context().close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("Cancel during a segmentation of many tiles stops it within one tile: the status says cancelled, and no further tile ran", async () => {
    // 96³ on its own grid: 8 tiles of 64³ on WASM, each long enough to click between
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=1&ssize=96&dseed=4242&provider=wasm&scale=native");
    await settle(page);
    await page.getByRole("button", { name: "Segment" }).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#segment-progress")?.dataset.done ?? 0) >= 1, null, {
      timeout: 120_000,
      polling: 50,
    });
    const total = Number(await page.locator("#segment-progress").getAttribute("data-total"));
    assert.ok(total >= 4, `${total} tiles`);
    assert.match(
      await page.locator("#segment-progress .vl-progress-text").innerText(),
      new RegExp(`^1 of ${total} tiles, (about \\d+ s|about \\d+ min( \\d+ s)?|under a second) left$`),
    );
    // the tiles done at the very moment of the click, read in the page: Playwright's own click first waits for the
    // button to be stable, and on a loaded machine a tile can finish in that wait, which is not the lab's latency
    const doneAtClick = await page.evaluate(() => {
      const progress = document.querySelector<HTMLElement>("#segment-progress")!;
      const cancel = [...progress.querySelectorAll("button")].find((b) => b.textContent === "Cancel")!;
      const done = Number(progress.dataset.done);
      cancel.click();
      return done;
    });
    await page.waitForFunction(() => /^Cancelled/.test(document.querySelector("#segment-status")?.textContent ?? ""), null, { timeout: 120_000, polling: 50 });
    const doneAtCancel = Number(await page.locator("#segment-progress").getAttribute("data-done"));
    assert.ok(doneAtCancel <= doneAtClick + 1, `Cancel at tile ${doneAtClick}: ${doneAtCancel} of ${total} tiles ran`);
    assert.ok(doneAtCancel < total, `${doneAtCancel} of ${total}: the run stopped before its end`);
    assert.match(await page.locator("#segment-status").innerText(), /^Cancelled: no further tiles ran/);
    assert.equal(await page.locator("#segment-progress").getByRole("button", { name: "Cancel" }).isDisabled(), true);
    await page.waitForTimeout(1500);
    assert.equal(Number(await page.locator("#segment-progress").getAttribute("data-done")), doneAtCancel, "progress stays where it stopped");
    await screenshot(page, "segment-cancelled");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });

  test("the 3D view keeps one WebGL context: a slice move keeps it, and a rerun (a new width) releases the old one", async () => {
    const { page, problems } = await openPage(lab, "/segment?source=synthetic+sample&sample=brain-tof&index=1&ssize=48&dseed=4242&provider=wasm&scale=native");
    // the first visit starts its workers; a reload while one's script is in flight can leave that request unended
    await settle(page);
    // count WebGL contexts made in the page, from its first script on, and how many of them are lost (released). Each
    // context is kept and asked isContextLost() when counted: a "webglcontextlost" listener can miss a release, since
    // a canvas detached from the page may be collected before its event fires (seen on a loaded machine).
    await page.context().addInitScript(() => {
      const contexts: { isContextLost(): boolean }[] = [];
      (window as unknown as { __gl: () => { created: number; lost: number } }).__gl = () => ({
        created: contexts.length,
        lost: contexts.filter((c) => c.isContextLost()).length,
      });
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        const context = (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
        if (context && /^webgl/.test(type) && !contexts.includes(context as { isContextLost(): boolean }))
          contexts.push(context as { isContextLost(): boolean });
        return context;
      } as typeof getContext;
    });
    await page.reload();
    await settle(page);
    await page.getByRole("button", { name: "Segment" }).click();
    await page.locator("#segment-3d canvas").waitFor({ timeout: 120_000 });
    await settle(page);
    const counts = () => page.evaluate(() => (window as unknown as { __gl: () => { created: number; lost: number } }).__gl());
    assert.deepEqual(await counts(), { created: 1, lost: 0 });
    const slider = page.locator("form", { hasText: "Axial slice" }).locator("input[type=range]");
    for (let i = 0; i < 5; i++) {
      await slider.focus();
      await page.keyboard.press("ArrowRight");
      await settle(page);
    }
    assert.deepEqual(await counts(), { created: 1, lost: 0 }, "slice moves keep the one 3D view");
    for (const width of [1000, 1200, 1100]) {
      await page.setViewportSize({ width, height: 900 });
      await settle(page);
    }
    await page
      .waitForFunction(
        () => {
          const g = (window as unknown as { __gl: () => { created: number; lost: number } }).__gl();
          return g.created > 1 && g.created - g.lost === 1;
        },
        null,
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    const after = await counts();
    assert.ok(after.created > 1, `the view was made again for the new widths (${after.created} made)`);
    assert.equal(after.created - after.lost, 1, `one live context: ${after.created} made, ${after.lost} released`);
    assert.equal(await page.locator("#segment-3d canvas").count(), 1);
    await screenshot(page, "segment-3d");
    assert.deepEqual(problems.pageErrors, []);
    await page.context().close();
  });
});
