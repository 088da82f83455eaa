import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkLike, makeSample, parseManifest, sampleSpec } from "../../src/dataset/index.js";
import { FIT_FORMAT } from "../../src/fit/index.js";
import { mirrorIntensities } from "../../src/infer/index.js";
import { createVolume, readNifti, writeNifti } from "../../src/volume/index.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { darkTubesScan } from "../support/darkTubes.js";

// A 40³ brain-TOF sample (image and visible label) is the scan; a small search keeps the test short.
const SMALL = ["--rounds", "1", "--population", "4", "--samples", "1", "--size", "24", "--presets", "brain-tof,kidney-cta"];
let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "vessel-lab-fit-"));
  const s = makeSample(sampleSpec(2, { seed: 6, preset: "brain-tof", size: 40, labelConvention: "visible" }));
  writeFileSync(join(dir, "scan.nii.gz"), writeNifti(s.image));
  writeFileSync(join(dir, "label.nii.gz"), writeNifti(s.label));
  // the same scan with dark vessels (black-blood): its intensities mirrored
  writeFileSync(join(dir, "dark.nii.gz"), writeNifti(mirrorIntensities(s.image)));
  writeFileSync(join(dir, "small.nii.gz"), writeNifti(makeSample(sampleSpec(0, { seed: 1, preset: "brain-tof", size: 16 })).label));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("vessel-lab fit --scan S --mask M --out F writes the fitted parameters, the scan's statistics and the distance before and after, and prints the table", async () => {
  const out = join(dir, "fit.json");
  const r = await cliInProcess(["fit", "--scan", join(dir, "scan.nii.gz"), "--mask", join(dir, "label.nii.gz"), "--out", out, ...SMALL]);
  assert.equal(r.code, 0, r.stderr);
  const fit = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(fit.format, FIT_FORMAT);
  checkLike(fit.like);
  assert.ok(["brain-tof", "kidney-cta"].includes(fit.like.preset));
  assert.equal(fit.after.terms.length, 11, "geometry and image statistics");
  assert.deepEqual(fit.source, { scan: "scan.nii.gz", mask: "label.nii.gz", maskFrom: "file", seconds: fit.source.seconds });
  assert.match(r.stderr, /radius p50 \(voxels\)/);
  assert.match(r.stderr, /distance: [\d.]+ before, [\d.]+ after \(ratio [\d.]+\)/);
  // the 40³ scan's density and fraction read in windows of the samples' 24³, the whole scan's beside, as the JSON holds them
  const w = fit.scan.mask.window;
  assert.deepEqual(w.dims, [24, 24, 24]);
  assert.match(
    r.stderr,
    new RegExp(
      `\\(the scan's branches per 1000 voxels and vessel fraction: means over ${w.windows} windows of 24×24×24 voxels centred on its vessels, as a sample is one; over the whole scan ${fit.scan.mask.branchDensityVox.toPrecision(3)} and ${fit.scan.mask.vesselFraction.toPrecision(3)}\\)`,
    ),
  );
  // its contrast, noise and blur read in the same windows, and compared there; the whole scan's beside
  const image = fit.scan.image;
  assert.deepEqual(image.window.dims, [24, 24, 24]);
  assert.equal(image.window.windows, w.windows);
  assert.ok(
    r.stderr.includes(
      `(its contrast, noise and blur: medians over the same windows; over the whole scan ${image.contrast.toPrecision(3)}, ${image.noise.toPrecision(3)} and ${image.blur.toPrecision(3)})`,
    ),
    r.stderr,
  );
  assert.equal(fit.after.terms.find((t: { name: string }) => t.name === "contrast").scan, image.window.contrast);
  assert.match(r.stderr, new RegExp(`: ${fit.like.preset}, voxel [\\d.]+ mm × `), "the voxel size in the tree's unit");
  assert.doesNotMatch(r.stderr, /note:/, "brain-tof and kidney-cta grow different trees: the preset is the fit's finding");
});

test("vessel-lab fit says how the modality was chosen where the presets searched grow the same trees: by the scan's image, or without one by the search, and how to choose it", async () => {
  const alike = ["--rounds", "1", "--population", "4", "--samples", "1", "--size", "24", "--presets", "brain-cemra,brain-tof"];
  const out = join(dir, "fit-alike.json");
  const r = await cliInProcess(["fit", "--mask", join(dir, "label.nii.gz"), "--out", out, ...alike]);
  assert.equal(r.code, 0, r.stderr);
  const fit = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(fit.search.presets, ["brain-tof", "brain-cemra"], "the simulator's order, as the page's");
  assert.deepEqual(fit.search.modalities, [], "no image: no modality tried");
  const other = fit.like.preset === "brain-tof" ? "brain-cemra" : "brain-tof";
  assert.ok(r.stderr.includes(`note: ${fit.like.preset} and ${other} grow the same trees`), r.stderr);
  assert.ok(r.stderr.includes("without the scan's image, the modality of"), r.stderr);
  assert.ok(
    r.stderr.includes(
      "To choose it, give --scan (the image then chooses among them), or give --modality the scan's own (one of these presets, or another's, such as microscopy: the tree is still searched over the presets searched).",
    ),
    r.stderr,
  );

  const withImage = await cliInProcess(["fit", "--scan", join(dir, "scan.nii.gz"), "--mask", join(dir, "label.nii.gz"), "--out", out, ...alike]);
  assert.equal(withImage.code, 0, withImage.stderr);
  const imaged = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(imaged.search.modalities.map((t: { preset: string }) => t.preset).sort(), ["brain-cemra", "brain-tof"]);
  assert.match(
    withImage.stderr,
    new RegExp(`note: .* grow the same trees: with the scan's image, ${imaged.like.preset} came nearest on a few fresh samples \\(the distances: brain-`),
  );
});

test("vessel-lab fit --modality images the fitted tree's samples as another preset's modality, says so, and generate --like makes them so", async () => {
  // two presets of one tree searched: without --modality the note would say the modality is the search's pick
  const budget = ["--rounds", "1", "--population", "4", "--samples", "1", "--size", "24", "--presets", "brain-cemra,brain-tof"];
  const out = join(dir, "fit-modality.json");
  const r = await cliInProcess(["fit", "--mask", join(dir, "label.nii.gz"), "--out", out, "--modality", "microscopy", ...budget]);
  assert.equal(r.code, 0, r.stderr);
  const fit = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(fit.like.modality, "microscopy");
  assert.equal(fit.search.modality, "microscopy");
  assert.ok(["brain-cemra", "brain-tof"].includes(fit.like.preset));
  assert.equal(fit.like.version, 2);
  assert.match(r.stderr, new RegExp(`fit: .*: ${fit.like.preset} \\(its tree, imaged as microscopy\\), voxel`));
  assert.ok(!r.stderr.includes("note:"), "asked for: no note on the modality");
  const data = join(dir, "like-microscopy");
  const g = await cliInProcess(["generate", "--like", out, "--count", "1", "--size", "24", "--out", data, "--workers", "1", "--quiet"]);
  assert.equal(g.code, 0, g.stderr);
  const [sample] = parseManifest(readFileSync(join(data, "manifest.jsonl"), "utf8")).samples.values();
  assert.equal(sample.preset, fit.like.preset);
  assert.equal(sample.modality, "microscopy");
  const bad = await cliInProcess(["fit", "--mask", join(dir, "label.nii.gz"), "--out", out, "--modality", "ultrasound", ...budget]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--modality.*ultrasound/);
});

test("vessel-lab generate --like fit.json makes samples on the fitted preset and voxels, resumable, and refuses another fit in the same folder", async () => {
  const fit = JSON.parse(readFileSync(join(dir, "fit.json"), "utf8"));
  const data = join(dir, "like");
  const args = ["generate", "--like", join(dir, "fit.json"), "--count", "2", "--size", "24", "--out", data, "--workers", "1", "--quiet"];
  const r = await cliInProcess(args);
  assert.equal(r.code, 0, r.stderr);
  const manifest = parseManifest(readFileSync(join(data, "manifest.jsonl"), "utf8"));
  assert.deepEqual(manifest.header.settings.like, fit.like);
  // labelled as the fit's samples were (fit's default, visible), not generate's own default (lumen)
  assert.equal(fit.search.labelConvention, "visible");
  assert.equal(manifest.header.settings.labelConvention, "visible");
  for (const s of manifest.samples.values()) {
    assert.equal(s.preset, fit.like.preset);
    assert.equal(s.voxel.kind, "like");
    const image = readNifti(readFileSync(join(data, s.files.image!.path)));
    assert.deepEqual(image.dims, [24, 24, 24]);
  }
  assert.equal((await cliInProcess(args)).code, 0, "a rerun keeps the samples");
  // said when not --quiet; --label-convention chooses otherwise, silently
  const likeRun = (out: string, extra: string[] = []) =>
    cliInProcess(["generate", "--like", join(dir, "fit.json"), ...extra, "--count", "1", "--size", "24", "--out", join(dir, out), "--workers", "1"]);
  const told = await likeRun("like-told");
  assert.equal(told.code, 0, told.stderr);
  assert.match(
    told.stderr,
    /fit\.json was fitted on samples labelled visible, so these are labelled visible too \(--label-convention visible\); give --label-convention to choose otherwise/,
  );
  const lumen = await likeRun("like-lumen", ["--label-convention", "lumen"]);
  assert.equal(lumen.code, 0, lumen.stderr);
  assert.doesNotMatch(lumen.stderr, /fitted on samples labelled/);
  assert.equal(parseManifest(readFileSync(join(dir, "like-lumen", "manifest.jsonl"), "utf8")).header.settings.labelConvention, "lumen");
  // resumed without --label-convention (as a set made --like before stop 55 would be): refused, naming the flag that continues it
  const resumed = await likeRun("like-lumen");
  assert.equal(resumed.code, 2);
  assert.match(resumed.stderr, /made with other settings .*labelConvention "lumen" \(now "visible"\).*\(--label-convention lumen to continue it\)/);
  const other = join(dir, "other.json");
  writeFileSync(other, JSON.stringify({ ...fit, like: { ...fit.like, voxelSize: fit.like.voxelSize * 2 } }));
  const clash = await cliInProcess(["generate", "--like", other, "--count", "2", "--size", "24", "--out", data, "--workers", "1", "--quiet"]);
  assert.notEqual(clash.code, 0);
  assert.match(clash.stderr, /like a fit of/);
  // another fit and other labels: --label-convention alone would not continue it, so the refusal does not name it
  const both = await cliInProcess(["generate", "--like", other, "--count", "1", "--size", "24", "--out", join(dir, "like-lumen"), "--workers", "1"]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /made with other settings/);
  assert.doesNotMatch(both.stderr, /to continue it/);
});

test("vessel-lab fit --dark measures a scan of dark vessels as its bright twin, says so in the fit file, and generate --like then makes dark-vessel samples", async () => {
  const bright = join(dir, "fit-bright.json"),
    dark = join(dir, "fit-dark.json");
  assert.equal((await cliInProcess(["fit", "--scan", join(dir, "scan.nii.gz"), "--out", bright, ...SMALL])).code, 0);
  const r = await cliInProcess(["fit", "--scan", join(dir, "dark.nii.gz"), "--dark", "--out", dark, ...SMALL]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /fit: dark\.nii\.gz: --dark: intensities mirrored/);
  assert.match(r.stderr, /dark vessels: the scan and the samples \(drawn with dark vessels\) were read mirrored/);
  const b = JSON.parse(readFileSync(bright, "utf8")),
    d = JSON.parse(readFileSync(dark, "utf8"));
  assert.deepEqual(d.source, { scan: "dark.nii.gz", mask: null, maskFrom: "vesselness", seconds: d.source.seconds });
  assert.equal(d.like.dark, true);
  assert.equal(d.like.version, 3, "a record of dark vessels, which a reader of versions 1 and 2 refuses");
  assert.ok(!("dark" in b.like));
  // the mirror of the dark scan is the bright one (to float32's rounding): the same vesselness mask, the same image statistics
  assert.deepEqual(d.scan.mask, b.scan.mask);
  for (const key of ["contrast", "noise", "blur"]) assert.ok(Math.abs(d.scan.image[key] / b.scan.image[key] - 1) < 1e-5, key);
  // the geometry search reads the masks, which the polarity changes little (a visible label follows |vessel − background|,
  // which dark vessels change only through their level): on this scan the same tree, and the default mix's masks alike
  assert.equal(d.like.preset, b.like.preset);
  assert.deepEqual(d.like.growth, b.like.growth);
  assert.equal(d.geometry.before, b.geometry.before);
  // without --dark the dark scan's vesselness follows the tissue between the vessels: another mask
  const asBright = await cliInProcess(["fit", "--scan", join(dir, "dark.nii.gz"), "--out", join(dir, "fit-as-bright.json"), ...SMALL]);
  assert.equal(asBright.code, 0, asBright.stderr);
  assert.notDeepEqual(JSON.parse(readFileSync(join(dir, "fit-as-bright.json"), "utf8")).scan.mask, b.scan.mask, asBright.stderr);
  // this sample's tubes read neither way clearly (×1.9, under the margin): no hint either way
  assert.doesNotMatch(r.stderr + asBright.stderr, /hint:/);
  // a scan whose tubes read dark, fitted without --dark: a hint to give it (the fit goes on as asked)
  const block = darkTubesScan();
  writeFileSync(join(dir, "dark-tubes.nii.gz"), writeNifti(block));
  const hinted = await cliInProcess(["fit", "--scan", join(dir, "dark-tubes.nii.gz"), "--out", join(dir, "fit-dark-tubes.json"), ...SMALL]);
  assert.match(
    hinted.stderr,
    /fit: dark-tubes\.nii\.gz: hint: its dark tubes respond [\d.]+ times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), give --dark\n/,
  );
  // generate --like the dark fit: every sample's vessels dark, and it says so; --dark-vessels chooses otherwise, silently
  const data = join(dir, "like-dark");
  const g = await cliInProcess(["generate", "--like", dark, "--count", "2", "--size", "24", "--out", data, "--workers", "1"]);
  assert.equal(g.code, 0, g.stderr);
  assert.match(g.stderr, /fit-dark\.json was fitted to a scan of dark vessels \(fit --dark\): every sample's vessels are dark \(--dark-vessels 1\)/);
  const manifest = parseManifest(readFileSync(join(data, "manifest.jsonl"), "utf8"));
  assert.equal(manifest.header.settings.darkVessels, 1);
  assert.deepEqual(
    [...manifest.samples.values()].map((s) => s.imaging.params.vessels.invert),
    [true, true],
  );
  const chosen = join(dir, "like-dark-none");
  const none = await cliInProcess(["generate", "--like", dark, "--dark-vessels", "0", "--count", "1", "--size", "24", "--out", chosen, "--workers", "1"]);
  assert.equal(none.code, 0, none.stderr);
  assert.doesNotMatch(none.stderr, /fitted to a scan of dark vessels/);
  assert.equal(parseManifest(readFileSync(join(chosen, "manifest.jsonl"), "utf8")).header.settings.darkVessels, 0);
  // the dark scan with its label, read as bright: its vessels are darker than their background, so the imaging is not
  // fitted, and the note says why and to try --dark; with --dark it is fitted
  const unread = await cliInProcess([
    "fit",
    "--scan",
    join(dir, "dark.nii.gz"),
    "--mask",
    join(dir, "label.nii.gz"),
    "--out",
    join(dir, "fit-unread.json"),
    ...SMALL,
  ]);
  assert.equal(unread.code, 0, unread.stderr);
  assert.match(
    unread.stderr,
    /note: the imaging was not fitted \(the geometry only\): the voxels of the mask are not brighter than the background more than 2 voxels from it \(median [\d.]+ against [\d.]+\); if its vessels are darker than the tissue, give --dark\n/,
  );
  const read = await cliInProcess([
    "fit",
    "--scan",
    join(dir, "dark.nii.gz"),
    "--mask",
    join(dir, "label.nii.gz"),
    "--dark",
    "--out",
    join(dir, "fit-read.json"),
    ...SMALL,
  ]);
  assert.equal(read.code, 0, read.stderr);
  assert.doesNotMatch(read.stderr, /the imaging was not fitted/);
  assert.equal(JSON.parse(readFileSync(join(dir, "fit-read.json"), "utf8")).after.terms.length, 11, "geometry and image statistics");
  // --dark says how a scan looks: with a mask alone it is refused
  const alone = await cliInProcess(["fit", "--mask", join(dir, "label.nii.gz"), "--dark", "--out", join(dir, "x.json"), ...SMALL]);
  assert.equal(alone.code, 2);
  assert.match(
    alone.stderr,
    /--dark goes with --scan: .*; fit the mask alone, then `generate --like fit.json --dark-vessels 1` draws its samples with dark vessels\n/,
  );
  assert.ok(!existsSync(join(dir, "x.json")));
});

test("vessel-lab fit and generate --like refuse bad input with the problem and the fix, writing nothing", async () => {
  const none = await cliInProcess(["fit", "--out", join(dir, "x.json")]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give --scan/);
  const grids = await cliInProcess(["fit", "--scan", join(dir, "scan.nii.gz"), "--mask", join(dir, "small.nii.gz"), "--out", join(dir, "x.json"), ...SMALL]);
  assert.equal(grids.code, 2);
  assert.match(grids.stderr, /16×16×16 voxels but --scan .* is 40×40×40; give the mask on the scan's grid/);
  // a scan narrower than the samples (fitWindow: 32 voxels a side by default) is told which --size fits, or that none does
  const narrow = await cliInProcess(["fit", "--mask", join(dir, "small.nii.gz"), "--out", join(dir, "x.json")]);
  assert.equal(narrow.code, 2);
  assert.match(
    narrow.stderr,
    /--mask .*small\.nii\.gz is 16×16×16 voxels, narrower than fit's samples of 32×32×32 \(--size 32\), .*; give --size 16 or less\n/,
  );
  const sliver = createVolume(Uint8Array, [40, 12, 40]);
  writeFileSync(join(dir, "sliver.nii.gz"), writeNifti(sliver));
  const tooNarrow = await cliInProcess(["fit", "--scan", join(dir, "sliver.nii.gz"), "--out", join(dir, "x.json"), "--mask-from", "otsu"]);
  assert.match(
    tooNarrow.stderr,
    /sliver\.nii\.gz is 40×12×40 voxels, narrower than fit's samples .*; give a scan with 16 voxels or more across each direction of its slices\n/,
  );
  // a slab of 5 slices: samples are at least 8 deep, whatever --size
  writeFileSync(join(dir, "slab.nii.gz"), writeNifti(createVolume(Uint8Array, [64, 64, 5])));
  const slab = await cliInProcess(["fit", "--mask", join(dir, "slab.nii.gz"), "--size", "16", "--out", join(dir, "x.json")]);
  assert.match(slab.stderr, /slab\.nii\.gz is 64×64×5 voxels, narrower than fit's samples of 16×16×8 \(--size 16\), .*; give a scan with 8 slices or more\n/);
  const preset = await cliInProcess(["fit", "--mask", join(dir, "label.nii.gz"), "--out", join(dir, "x.json"), "--presets", "lung"]);
  assert.equal(preset.code, 2);
  assert.match(preset.stderr, /unknown preset "lung"/);
  assert.ok(!existsSync(join(dir, "x.json")));
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ like: { format: "vessel-lab/like", version: 1, preset: "brain-tof" } }));
  const bad = await cliInProcess(["generate", "--like", join(dir, "bad.json"), "--count", "1", "--out", join(dir, "bad")]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--like .*bad\.json: like\.growth/);
  const missing = await cliInProcess(["generate", "--like", join(dir, "nope.json"), "--count", "1", "--out", join(dir, "bad")]);
  assert.match(missing.stderr, /no such file/);
  const both = await cliInProcess(["generate", "--like", join(dir, "fit.json"), "--mix", "--count", "1", "--out", join(dir, "bad")]);
  assert.match(both.stderr, /leave out --mix/);
});
