import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cli } from "../support/cli.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVolume, writeNifti } from "../../src/volume/index.js";
import { toMetaImage, toNrrd } from "../support/scanFormats.js";

/** A 10³ uint8 mask holding the cube [lo, hi]³ (empty when lo > hi). */
function cube(lo: number, hi: number, dims: [number, number, number] = [10, 10, 10]) {
  const v = createVolume(Uint8Array, dims);
  for (let k = lo; k <= hi; k++) for (let j = lo; j <= hi; j++) for (let i = lo; i <= hi; i++) v.data[i + dims[0] * (j + dims[1] * k)] = 1;
  return v;
}

let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "vessel-lab-evaluate-"));
  for (const sub of ["pred", "label"]) mkdirSync(join(dir, sub));
  // case a: 4³ cube inside a 5³ cube (Dice 2·64/(64+125)); case b: empty prediction; c and d have no partner
  writeFileSync(join(dir, "pred", "a.nii.gz"), writeNifti(cube(2, 5)));
  writeFileSync(join(dir, "label", "a.nii"), writeNifti(cube(2, 6), { gzip: false }));
  writeFileSync(join(dir, "pred", "b.nii.gz"), writeNifti(cube(1, 0)));
  writeFileSync(join(dir, "label", "b.nii.gz"), writeNifti(cube(3, 4)));
  writeFileSync(join(dir, "pred", "c.nii.gz"), writeNifti(cube(3, 4)));
  writeFileSync(join(dir, "label", "d.nii.gz"), writeNifti(cube(3, 4)));
  const prob = createVolume(Float32Array, [10, 10, 10]);
  cube(2, 6).data.forEach((x, n) => (prob.data[n] = x ? 0.8 : 0.3));
  writeFileSync(join(dir, "prob.nii.gz"), writeNifti(prob));
  writeFileSync(join(dir, "small.nii.gz"), writeNifti(cube(1, 2, [8, 8, 8])));
  writeFileSync(join(dir, "junk.nii.gz"), "not a nifti");
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("vessel-lab evaluate --pred F --label F --json prints the case's metrics as JSON", () => {
  const r = cli(["evaluate", "--pred", join(dir, "pred", "a.nii.gz"), "--label", join(dir, "label", "a.nii"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.cases.length, 1);
  const m = report.cases[0].metrics;
  assert.equal(m.dice, (2 * 64) / (64 + 125));
  assert.deepEqual([m.precision, m.recall, m.betti0Error, m.betti1Error], [1, 64 / 125, 0, 0]);
  assert.ok(Math.abs(m.hd95 - Math.SQRT2) < 1e-9);
  assert.deepEqual(report.mean, m);
});

test("vessel-lab evaluate --pred-dir D --label-dir D pairs files by name, prints a table with the mean and names the unmatched", () => {
  const r = cli(["evaluate", "--pred-dir", join(dir, "pred"), "--label-dir", join(dir, "label")]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^case\s+dice\s+clDice\s+precision\s+recall\s+hd95 mm\s+\|Δb0\|\s+\|Δb1\|$/);
  assert.match(lines[1], /^a\s+0\.6772\s+1\.0000\s+1\.0000\s+0\.5120\s+1\.414\s+0\s+0$/);
  assert.match(lines[2], /^b\s+0\.0000\s+0\.0000\s+0\.0000\s+0\.0000\s+inf\s+1\s+0$/);
  assert.match(lines[3], /^mean \(2\)\s+0\.3386\s+0\.5000\s+0\.5000\s+0\.2560\s+1\.414\s+0\.50\s+0\.00$/);
  assert.match(r.stdout, /hd95 mean over the 1 of 2 cases where it is finite/);
  assert.match(r.stdout, /not evaluated: 1 prediction\(s\) without a label: c\.nii\.gz; 1 label\(s\) without a prediction: d\.nii\.gz/);
});

test("vessel-lab evaluate --json writes infinite hd95 as null and lists unmatched files", () => {
  const r = cli(["evaluate", "--pred-dir", join(dir, "pred"), "--label-dir", join(dir, "label"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.cases.map((c: { name: string }) => c.name),
    ["a", "b"],
  );
  assert.equal(report.cases[1].metrics.hd95, null);
  assert.equal(report.hd95Cases, 1);
  assert.deepEqual(report.unmatched, { pred: ["c.nii.gz"], label: ["d.nii.gz"] });
  assert.match(r.stderr, /not evaluated: 1 prediction/);
});

test("vessel-lab evaluate --threshold t binarises probability maps above t", () => {
  const args = ["evaluate", "--pred", join(dir, "prob.nii.gz"), "--label", join(dir, "label", "a.nii"), "--json"];
  const plain = cli(args);
  assert.equal(JSON.parse(plain.stdout).cases[0].metrics.dice, (2 * 125) / (1000 + 125));
  // at the default threshold the map (0.3 and 0.8) is scored as all vessel, and said so
  assert.match(
    plain.stderr,
    /^evaluate: prob\.nii\.gz: --pred holds no voxel at 0 or below \(0\.3 to 0\.8\): every voxel counts as vessel at --threshold 0; give a mask \(segment or baseline writes one\), or --threshold for a probability map$/m,
  );
  // a scan given as the prediction: many values
  const scan = createVolume(Float32Array, [10, 10, 10]);
  scan.data.forEach((_, n) => (scan.data[n] = n % 40));
  writeFileSync(join(dir, "scan-as-pred.nii.gz"), writeNifti(scan));
  const asPred = cli(["evaluate", "--pred", join(dir, "scan-as-pred.nii.gz"), "--label", join(dir, "label", "a.nii")]);
  assert.equal(asPred.code, 0, asPred.stderr);
  assert.match(asPred.stderr, /--pred holds more than two values \(0 to 39\), not a 0\/1 mask: every voxel above --threshold 0 counts as vessel/);
  // a label of a few classes (0, 1, 2), and a 0/1 mask with NaN voxels: masks, nothing said
  const classes = createVolume(Uint8Array, [10, 10, 10]);
  classes.data.forEach((_, n) => (classes.data[n] = n % 3));
  const withNaN = createVolume(Float32Array, [10, 10, 10]);
  withNaN.data.forEach((_, n) => (withNaN.data[n] = n % 5 === 0 ? NaN : n % 2));
  for (const [name, v] of [
    ["classes.nii.gz", classes],
    ["nan-mask.nii.gz", withNaN],
  ] as const) {
    writeFileSync(join(dir, name), writeNifti(v));
    const r = cli(["evaluate", "--pred", join(dir, name), "--label", join(dir, "label", "a.nii")]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /holds/, name);
  }
  assert.doesNotMatch(plain.stderr, /--label holds/, "the label is a 0/1 mask");
  const r = cli([...args, "--threshold", "0.5"]);
  assert.equal(JSON.parse(r.stdout).cases[0].metrics.dice, 1);
  assert.doesNotMatch(r.stderr, /holds more than two values/);
});

test("vessel-lab evaluate exits 2 with one clear line on user mistakes", () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /nothing to evaluate: give --pred FILE --label FILE, or --pred-dir DIR --label-dir DIR/],
    [["--pred", "x.nii"], /--pred and --label go together: --label is missing/],
    [["--pred", "x", "--label", "y", "--pred-dir", "z"], /not both forms/],
    [["--pred", join(dir, "nope.nii.gz"), "--label", join(dir, "label", "a.nii")], /--pred .*nope\.nii\.gz: no such file/],
    [["--pred", join(dir, "junk.nii.gz"), "--label", join(dir, "label", "a.nii")], /junk\.nii\.gz: not a NIfTI file/],
    [
      ["--pred", join(dir, "small.nii.gz"), "--label", join(dir, "label", "a.nii")],
      /small\.nii\.gz: evaluateCase: the grids differ: prediction is 8 × 8 × 8 voxels, label 10 × 10 × 10/,
    ],
    [["--pred-dir", join(dir, "nope"), "--label-dir", join(dir, "label")], /--pred-dir .*nope: no such folder/],
    [["--pred", join(dir, "prob.nii.gz"), "--label", join(dir, "label", "a.nii"), "--threshold", "high"], /--threshold high: give a number/],
  ];
  for (const [args, message] of cases) {
    const r = cli(["evaluate", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("vessel-lab evaluate reads masks in any scan format and pairs folders by case name across formats (a.mha with a.nrrd)", () => {
  const pred = join(dir, "fmt-pred");
  const label = join(dir, "fmt-label");
  for (const d of [pred, label]) mkdirSync(d);
  writeFileSync(join(pred, "a.mha"), toMetaImage(cube(2, 5)));
  writeFileSync(join(label, "a.nrrd"), toNrrd(cube(2, 6)));
  const r = cli(["evaluate", "--pred-dir", pred, "--label-dir", label, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.cases.length, 1);
  assert.ok(Math.abs(report.cases[0].metrics.dice - (2 * 64) / (64 + 125)) < 1e-12);
});

test("vessel-lab evaluate: masks of one size whose affines differ are refused with the fix, and --ignore-affine compares them voxel by voxel, saying so", () => {
  const moved = cube(2, 6);
  moved.affine = [1, 0, 0, 50, 0, 1, 0, 20, 0, 0, 1, 0, 0, 0, 0, 1];
  writeFileSync(join(dir, "moved-label.nii.gz"), writeNifti(moved));
  const args = ["evaluate", "--pred", join(dir, "pred", "a.nii.gz"), "--label", join(dir, "moved-label.nii.gz"), "--json"];
  const refused = cli(args);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /same size but different affines.*add --ignore-affine to compare them voxel by voxel/);
  const r = cli([...args, "--ignore-affine"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /evaluate: a\.nii\.gz: the affines differ; compared voxel by voxel on the prediction.s grid \(--ignore-affine\)/);
  assert.equal(JSON.parse(r.stdout).cases[0].metrics.dice, (2 * 64) / (64 + 125));
});

test("vessel-lab evaluate --resample puts a prediction on a finer grid onto the label's by world coordinates; without it the refusal names the flag", () => {
  // the label: cube [2, 6]³ on 1 mm voxels; the prediction: the same cube on 0.5 mm voxels (index 2x ↔ world x mm)
  const fine = createVolume(Uint8Array, [20, 20, 20], [0.5, 0.5, 0.5]);
  for (let k = 4; k <= 12; k++) for (let j = 4; j <= 12; j++) for (let i = 4; i <= 12; i++) fine.data[i + 20 * (j + 20 * k)] = 1;
  writeFileSync(join(dir, "fine-pred.nii.gz"), writeNifti(fine));
  const args = ["evaluate", "--pred", join(dir, "fine-pred.nii.gz"), "--label", join(dir, "label", "a.nii"), "--json"];
  const refused = cli(args);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /the grids differ: prediction is 20 × 20 × 20 voxels, label 10 × 10 × 10; add --resample to place the prediction on the label's grid first\n$/,
  );
  assert.doesNotMatch(refused.stderr, /resampleToGrid/, "the command's fix, not the library's");
  const r = cli([...args, "--resample"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /fine-pred\.nii\.gz: the prediction's 20×20×20 grid put onto the label's 10×10×10 grid \(nearest neighbour, --resample\)/);
  assert.equal(JSON.parse(r.stdout).cases[0].metrics.dice, 1);
  assert.equal(cli([...args, "--resample", "--ignore-affine"]).code, 2);
});
