import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PARAM_SPECS, growTree, parseTree, treeToJSON } from "../../src/geometry/index.js";
import { axisAlignedAffine, createVolume, index3, writeNifti } from "../../src/volume/index.js";
import { cli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vessel-lab-grow-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("vessel-lab grow --preset P --seed N --out F writes the same tree growTree grows, and --csv its tables", () => {
  const out = join(dir, "tree.json");
  const r = cli(["grow", "--preset", "kidney", "--seed", "7", "--terminals", "30", "--out", out, "--csv", join(dir, "t")]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^grow: kidney seed 7: [\d,]+ segments, 30 terminals/);
  const text = readFileSync(out, "utf8");
  assert.equal(text, treeToJSON(growTree({ preset: "kidney", seed: 7, params: { terminals: 30 } })));
  assert.equal(parseTree(text).nodes.length + 1, readFileSync(join(dir, "t-nodes.csv"), "utf8").trimEnd().split("\n").length);
  assert.match(readFileSync(join(dir, "t-edges.csv"), "utf8"), /^source,target,length/);
});

test("vessel-lab grow --stats prints the statistics as JSON; with no output flag the tree JSON goes to stdout", () => {
  const stats = cli(["grow", "--stats", "--terminals", "20", "--max-segments", "400"]);
  assert.equal(stats.code, 0, stats.stderr);
  const s = JSON.parse(stats.stdout);
  assert.equal(s.terminals, 20);
  assert.ok(s.segments <= 400);
  assert.deepEqual(Object.keys(s.radius), ["count", "p10", "p50", "p90", "mean", "min", "max"]);
  assert.ok(s.murrayResidual.max < 1e-12);
  const json = cli(["grow", "--terminals", "5", "--seed", "3"]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(parseTree(json.stdout).generator.seed, 3);
});

test("vessel-lab grow --help lists a kebab-case flag for every parameter, with its range", () => {
  const r = cli(["grow", "--help"]);
  assert.equal(r.code, 0);
  for (const spec of PARAM_SPECS) assert.ok(r.stdout.includes(`--${spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} <`), spec.key);
  assert.match(r.stdout, /--murray-exponent <x>\s+Branching: .*\[1\.1–4\]/);
});

test("vessel-lab grow with invalid parameters exits 2 with one line naming the flag, the value and the valid range", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--min-radius", "-1"], /^vessel-lab: --min-radius: minRadius = -1; valid range \[0\.01, 50\]\n$/],
    [["--murray-exponent", "1"], /^vessel-lab: --murray-exponent: murrayExponent = 1; valid range \[1\.1, 4\]\n$/],
    [["--terminals", "0"], /^vessel-lab: --terminals: terminals = 0; valid range \[1, 20000\]\n$/],
    [["--preset", "spleen"], /^vessel-lab: --preset: preset = "spleen"; valid presets: brain, kidney/],
    [["--root-radius", "abc"], /^vessel-lab: --root-radius: rootRadius = "abc"; give a finite number/],
    [["--min-radius", "3", "--max-radius", "2"], /^vessel-lab: --min-radius: minRadius = 3; must be ≤ maxRadius = 2\n$/],
    [["--seed", "1.5"], /^vessel-lab: --seed 1\.5: give a non-negative integer\n$/],
  ];
  for (const [args, pattern] of cases) {
    const r = cli(["grow", ...args]);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, "");
  }
});

test("vessel-lab grow --mask F grows inside a NIfTI mask, and exits 2 naming an empty one", () => {
  const mask = createVolume(Uint8Array, [30, 30, 30], [1, 1, 1], axisAlignedAffine([1, 1, 1], [-15, -15, -15]));
  for (let k = 3; k < 27; k++) for (let j = 3; j < 27; j++) for (let i = 3; i < 27; i++) mask.data[index3(mask.dims, i, j, k)] = 1;
  writeFileSync(join(dir, "mask.nii.gz"), writeNifti(mask));
  const r = cli(["grow", "--mask", join(dir, "mask.nii.gz"), "--root-radius", "1", "--max-radius", "1", "--min-radius", "0.2", "--terminals", "10", "--stats"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).segments > 10);
  writeFileSync(join(dir, "empty.nii.gz"), writeNifti(createVolume(Uint8Array, [4, 4, 4])));
  const empty = cli(["grow", "--mask", join(dir, "empty.nii.gz")]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^vessel-lab: --mask \S*empty.nii.gz: the domain mask is empty/);
  const missing = cli(["grow", "--mask", join(dir, "nope.nii.gz")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--mask .*nope\.nii\.gz: no such file/);
});
