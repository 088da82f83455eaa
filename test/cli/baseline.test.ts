import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliInProcess } from "../support/cliInProcess.js";
import { darkTubesScan } from "../support/darkTubes.js";
import { baselineMask } from "../../src/baselines/index.js";
import { createVolume, readNifti, writeNifti } from "../../src/volume/index.js";

const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

/** A bright tube along x on an oblique, anisotropic grid, int16 as scanners store images. */
function scan() {
  const v = createVolume(Int16Array, [20, 18, 14], [0.6, 0.5, 1.5], OBLIQUE);
  for (let z = 0; z < 14; z++)
    for (let y = 0; y < 18; y++)
      for (let x = 0; x < 20; x++) {
        const d = Math.hypot((y - 9) * 0.5, (z - 7) * 1.5);
        v.data[x + 20 * (y + 18 * z)] = (d <= 2 ? 400 : 100) + ((x * 7 + y * 13 + z * 3) % 17);
      }
  return v;
}

let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "vessel-lab-baseline-"));
  mkdirSync(join(dir, "scans"));
  writeFileSync(join(dir, "scans", "a.nii.gz"), writeNifti(scan()));
  writeFileSync(join(dir, "scans", "b.nii"), writeNifti(scan(), { gzip: false }));
  writeFileSync(join(dir, "junk.nii.gz"), "not a nifti");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("vessel-lab baseline --method otsu --in F --out F writes the engine's mask on the scan's grid and affine, and says the threshold", async () => {
  const input = join(dir, "scans", "a.nii.gz");
  const out = join(dir, "out", "a_otsu.nii.gz");
  const r = await cliInProcess(["baseline", "--method", "otsu", "--in", input, "--out", out, "--score-out", join(dir, "out", "a_smooth.nii.gz")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /baseline: otsu a\.nii\.gz 20×18×14: threshold [\d.]+, [\d.]+ % vessel in [\d.]+ s →/);
  const scanned = readNifti(readFileSync(input));
  const mask = readNifti(readFileSync(out));
  assert.deepEqual([mask.dims, mask.spacing, mask.affine], [scanned.dims, scanned.spacing, scanned.affine]);
  assert.deepEqual([...mask.data], [...baselineMask(scanned, { method: "otsu" }).mask.data]);
  assert.ok(mask.data.some((m) => m === 1) && mask.data.some((m) => m === 0));
  assert.ok(readNifti(readFileSync(join(dir, "out", "a_smooth.nii.gz"))).data instanceof Float32Array);
});

test("vessel-lab baseline --method frangi --radii writes the mask, the vesselness and the scale map in mm", async () => {
  const input = join(dir, "scans", "a.nii.gz");
  const r = await cliInProcess([
    "baseline",
    "--method",
    "frangi",
    "--radii",
    "1,2,3",
    "--in",
    input,
    "--out",
    join(dir, "f", "m.nii.gz"),
    "--score-out",
    join(dir, "f", "v.nii.gz"),
    "--radius-out",
    join(dir, "f", "r.nii.gz"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const radius = readNifti(readFileSync(join(dir, "f", "r.nii.gz")));
  const values = new Set(radius.data);
  for (const v of values) assert.ok([0, 1, 2, 3].includes(v), `radius ${v}`);
  assert.equal(radius.data[10 + 20 * (9 + 18 * 7)], 2, "the 2 mm tube reads 2 mm at its centre");
  const vesselness = readNifti(readFileSync(join(dir, "f", "v.nii.gz")));
  assert.ok(vesselness.data[10 + 20 * (9 + 18 * 7)] > 0.3);
});

test("vessel-lab baseline --in-dir --out-dir writes one mask per scan", async () => {
  const r = await cliInProcess(["baseline", "--method", "otsu", "--in-dir", join(dir, "scans"), "--out-dir", join(dir, "masks")]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, "masks", "a.nii.gz")) && existsSync(join(dir, "masks", "b.nii.gz")));
});

test("vessel-lab baseline on a scan whose tubes read dark hints to give --dark, and with --dark says nothing of it; a mask given as the scan is hinted as one", async () => {
  const input = join(dir, "dark-tubes.nii.gz");
  writeFileSync(input, writeNifti(darkTubesScan()));
  const asBright = await cliInProcess(["baseline", "--method", "otsu", "--in", input, "--out", join(dir, "out", "dt_bright.nii.gz")]);
  assert.equal(asBright.code, 0, asBright.stderr);
  assert.match(
    asBright.stderr,
    /^baseline: dark-tubes\.nii\.gz: hint: its dark tubes respond [\d.]+ times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), give --dark$/m,
  );
  const asDark = await cliInProcess(["baseline", "--method", "otsu", "--dark", "--in", input, "--out", join(dir, "out", "dt_dark.nii.gz")]);
  assert.equal(asDark.code, 0, asDark.stderr);
  assert.doesNotMatch(asDark.stderr, /hint:/);
  // a mask given as the scan (two values): that is the hint, whatever --dark says
  const mask = createVolume(Uint8Array, [24, 24, 24], [1, 1, 1]);
  mask.data.forEach((_, n) => (mask.data[n] = n % 24 > 10 && n % 24 < 14 ? 1 : 0));
  writeFileSync(join(dir, "a-label.nii.gz"), writeNifti(mask));
  for (const extra of [[], ["--dark"]]) {
    const r = await cliInProcess(["baseline", "--method", "otsu", ...extra, "--in", join(dir, "a-label.nii.gz"), "--out", join(dir, "out", "al.nii.gz")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^baseline: a-label\.nii\.gz: hint: it holds two values only \(0 and 1\): a mask, not a scan\? give the scan itself$/m, r.stderr);
    assert.doesNotMatch(r.stderr, /tubes respond/);
  }
});

test("vessel-lab baseline refuses bad flags and files with exit code 2 and one line, writing nothing", async () => {
  const input = join(dir, "scans", "a.nii.gz");
  const cases: [string[], RegExp][] = [
    [["--method", "unet", "--in", input, "--out", join(dir, "x.nii.gz")], /--method unet: give otsu or frangi/],
    [["--method", "otsu", "--radii", "1", "--in", input, "--out", join(dir, "x.nii.gz")], /--radii applies to --method frangi only/],
    [["--method", "frangi", "--radii", "1,-2", "--in", input, "--out", join(dir, "x.nii.gz")], /--radii 1,-2: give vessel radii in mm/],
    [["--method", "otsu", "--in", input], /--in and --out go together: --out is missing/],
    [["--method", "otsu", "--in", input, "--out", input], /is the scan itself/],
    [["--method", "otsu", "--in", join(dir, "nope.nii.gz"), "--out", join(dir, "x.nii.gz")], /no such file/],
    [["--method", "otsu", "--in", join(dir, "junk.nii.gz"), "--out", join(dir, "x.nii.gz")], /junk\.nii\.gz/],
    [["--method", "otsu", "--in", input, "--out", join(dir, "x.nii.gz"), "--in-dir", dir], /not both forms/],
    [["--method", "otsu", "--in-dir", join(dir, "scans"), "--out-dir", join(dir, "scans")], /is the --in-dir/],
  ];
  for (const [args, message] of cases) {
    const r = await cliInProcess(["baseline", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!existsSync(join(dir, "x.nii.gz")));
});
