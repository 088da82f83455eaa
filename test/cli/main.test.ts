import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createVolume, writeTiff, writeNifti } from "../../src/volume/index.js";
import { darkTubesScan } from "../support/darkTubes.js";
import { cli } from "../support/cli.js";
import { toMetaImage } from "../support/scanFormats.js";

test("vessel-lab --help lists the commands", () => {
  const r = cli(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: vessel-lab/);
  assert.match(r.stdout, /Commands:[\s\S]*info/);
});

test("vessel-lab --version prints package.json's version", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8"));
  const r = cli(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("vessel-lab stops quietly when its reader closes the pipe early (`vessel-lab generate --help | true`)", () => {
  // `true` exits without reading, so the help is written into a closed pipe (EPIPE); bash returns the CLI's own code
  const r = spawnSync("bash", ["-c", `"${process.execPath}" bin/vessel-lab.js generate --help | true; exit "\${PIPESTATUS[0]}"`], {
    encoding: "utf8",
  });
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});

test("vessel-lab with an unknown command exits non-zero and says so", () => {
  const r = cli(["bogus"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /unknown command 'bogus'/);
});

test("vessel-lab info prints JSON with the core count", () => {
  const r = cli(["info"]);
  assert.equal(r.code, 0);
  assert.ok(JSON.parse(r.stdout).cores >= 1);
});

test("vessel-lab info --in F says how a scan is read: format, grid, orientation (RAS+, axis codes), values, the automatic scale", () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-info-"));
  try {
    // a 20³ scan with a bright tube along k, stored as an ITK-style MetaImage: LPS, identity directions
    const v = createVolume(Float32Array, [20, 20, 20], [0.5, 0.5, 1], [-0.5, 0, 0, -10, 0, -0.5, 0, -20, 0, 0, 1, 30, 0, 0, 0, 1]);
    for (let k = 0; k < 20; k++)
      for (let j = 0; j < 20; j++) for (let i = 0; i < 20; i++) v.data[i + 20 * (j + 20 * k)] = Math.hypot(i - 9.5, j - 9.5) < 3 ? 100 : 0;
    writeFileSync(join(dir, "scan.mha"), toMetaImage(v));
    const r = cli(["info", "--in", join(dir, "scan.mha"), "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.format, "metaimage");
    assert.deepEqual(info.dims, [20, 20, 20]);
    assert.equal(info.type, "float32");
    assert.equal(info.axisCodes, "LPS");
    assert.deepEqual(info.originMm, [-10, -20, 30]);
    assert.deepEqual(info.fieldOfViewMm, [10, 10, 20]);
    assert.deepEqual([info.values.min, info.values.max, info.values.nan], [0, 100, 0]);
    assert.equal(info.autoScale.modelRadiusVoxels, JSON.parse(readFileSync("models/segmenter.json", "utf8")).radiusVoxels);
    assert.ok(info.autoScale.medianRadiusVoxels > 1.5 && info.autoScale.medianRadiusVoxels < 5, String(info.autoScale.medianRadiusVoxels));
    assert.ok(
      info.autoScale.radiusVoxelsP25 > 0 && info.autoScale.radiusVoxelsP25 <= info.autoScale.medianRadiusVoxels,
      String(info.autoScale.radiusVoxelsP25),
    );
    const text = cli(["info", "--in", join(dir, "scan.mha")]);
    assert.match(
      text.stdout,
      /scan\.mha: MetaImage, 20×20×20 float32\n {2}voxels {7}0\.5 × 0\.5 × 1 mm; field of view 10 × 10 × 20 mm\n {2}orientation {2}LPS/,
    );
    assert.match(text.stdout, /segment {6}--spacing auto: vessel radius [\d.]+ voxels for the thinner quarter/);
    // the same voxels as a TIFF stack: its voxel size from ImageJ's calibration, and no orientation, said so
    writeFileSync(join(dir, "scan.tif"), writeTiff(v));
    const tif = cli(["info", "--in", join(dir, "scan.tif")]);
    assert.equal(tif.code, 0, tif.stderr);
    assert.match(
      tif.stdout,
      /scan\.tif: TIFF, 20×20×20 float32\n {2}voxels {7}0\.5 × 0\.5 × 1 mm; .*\n {2}note {9}TIFF stack of 20 pages, uncompressed; voxel size from ImageJ's calibration; no orientation \(TIFF has none\)/,
    );
    const tifJson = JSON.parse(cli(["info", "--in", join(dir, "scan.tif"), "--json"]).stdout);
    assert.equal(tifJson.format, "tiff");
    assert.equal(tifJson.autoScale.medianRadiusVoxels, info.autoScale.medianRadiusVoxels); // the same voxels, the same scale
    // the tube dark on a bright tissue (black-blood): --dark chooses the scale on the mirrored scan, the bright tube's own
    const dark = createVolume(Float32Array, v.dims, v.spacing, v.affine);
    dark.data.set(v.data.map((x) => 100 - x));
    writeFileSync(join(dir, "dark.mha"), toMetaImage(dark));
    const darkJson = JSON.parse(cli(["info", "--in", join(dir, "dark.mha"), "--dark", "--json"]).stdout);
    assert.deepEqual(darkJson.autoScale, { ...info.autoScale, dark: true });
    assert.notDeepEqual(
      JSON.parse(cli(["info", "--in", join(dir, "dark.mha"), "--json"]).stdout).autoScale.medianRadiusVoxels,
      info.autoScale.medianRadiusVoxels,
    );
    assert.match(cli(["info", "--in", join(dir, "dark.mha"), "--dark"]).stdout, /segment {6}--dark --spacing auto: vessel radius [\d.]+ voxels/);
    // which way its tubes look, read on the scan as made: dark; but it holds two values only, so the hint is that it
    // looks like a mask, with --dark or without
    const plain = JSON.parse(cli(["info", "--in", join(dir, "dark.mha"), "--json"]).stdout);
    assert.equal(plain.vessels.look, "dark");
    assert.ok(plain.vessels.brightTubes <= 1e-6 * plain.vessels.darkTubes, JSON.stringify(plain.vessels));
    assert.ok(plain.vessels.darkTubes > 0 && plain.vessels.lnRatio < -5, JSON.stringify(plain.vessels));
    assert.equal(plain.vessels.hint, "it holds two values only (0 and 100): a mask, not a scan? give the scan itself");
    assert.deepEqual(darkJson.vessels, plain.vessels, "--dark changes neither the reading nor a mask's hint");
    assert.match(
      cli(["info", "--in", join(dir, "dark.mha")]).stdout,
      /\n {2}vessels {6}look dark: dark tubes respond, bright ones not at all\n {2}hint {9}it holds two values only/,
    );
    // a scan of dark tubes in textured tissue: without --dark a hint to give it, with --dark none
    writeFileSync(join(dir, "dark-tubes.nii.gz"), writeNifti(darkTubesScan()));
    const tubes = JSON.parse(cli(["info", "--in", join(dir, "dark-tubes.nii.gz"), "--json"]).stdout);
    assert.equal(tubes.vessels.look, "dark");
    assert.match(
      tubes.vessels.hint,
      /^its dark tubes respond \d+\.\d\d times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), give --dark$/,
    );
    const tubesDark = JSON.parse(cli(["info", "--in", join(dir, "dark-tubes.nii.gz"), "--dark", "--json"]).stdout);
    const { hint: _hint, ...reading } = tubes.vessels;
    assert.deepEqual(tubesDark.vessels, reading, "--dark changes the advice, not the reading");
    // a NIfTI header without a length unit (xyzt_units, byte 123, set to 0): read as mm, and said so
    const raw = writeNifti(v, { gzip: false });
    raw[123] = 0;
    writeFileSync(join(dir, "no-unit.nii"), raw);
    const noUnit = cli(["info", "--in", join(dir, "no-unit.nii")]);
    assert.match(
      noUnit.stdout,
      /\n {2}voxels {7}0\.5 × 0\.5 × 1 mm; .*\n {2}note {9}no length unit in the header \(xyzt_units 0\): voxel sizes read as mm, as ITK and most tools read them\n/,
    );
    // a NIfTI written with its unit (mm, as vessel-lab writes): no such note
    const withUnit = cli(["info", "--in", join(dir, "dark-tubes.nii.gz")]).stdout;
    assert.match(withUnit, /\n {2}voxels {7}0\.8 × 0\.8 × 0\.8 mm/);
    assert.doesNotMatch(withUnit, /no length unit/);
    // whole values printed whole (the tissue's 400–520 and the tubes' 150), and the radius percentiles in order in the JSON
    assert.match(withUnit, /\n {2}values {7}min 150, 0\.5th percentile 150, median \d+, 99\.5th \d+, max 520\n/);
    // a uint16 scan's maximum of 21444 stays 21444 (four significant digits would print 21440)
    const wide = createVolume(Uint16Array, [8, 8, 8], [1, 1, 1]);
    wide.data.forEach((_, n) => (wide.data[n] = 258 + n));
    wide.data[100] = 21444;
    writeFileSync(join(dir, "uint16.nii.gz"), writeNifti(wide));
    assert.match(cli(["info", "--in", join(dir, "uint16.nii.gz")]).stdout, /\n {2}values {7}min 258, .*, max 21444\n/);
    const scale = tubes.autoScale;
    assert.ok(
      scale.radiusVoxelsP10 <= scale.radiusVoxelsP25 && scale.radiusVoxelsP25 <= scale.medianRadiusVoxels && scale.medianRadiusVoxels <= scale.radiusVoxelsP90,
      JSON.stringify(scale),
    );
    assert.match(withUnit, /p25; median \d+\.\d\d, p10–p90 \d+\.\d\d–\d+\.\d\d/, "one precision");
    // the bright tube on zeros: the zeros are a masked background, set to the tube's level first, so no tube is left to read
    assert.equal(info.vessels.look, "unclear");
    assert.equal(info.vessels.lnRatio, null);
    const darkAlone = cli(["info", "--dark"]);
    assert.equal(darkAlone.code, 2);
    assert.match(darkAlone.stderr, /--dark goes with --in/);
    const bad = cli(["info", "--in", join(dir, "none.mha")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--in .*none\.mha: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
