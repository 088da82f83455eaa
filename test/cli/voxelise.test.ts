import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { treeToJSON } from "../../src/geometry/index.js";
import { gridForTree, voxeliseCpu } from "../../src/voxel/index.js";
import { readNifti } from "../../src/volume/index.js";
import { polylineTree } from "../support/trees.js";
import { nibabel, flat } from "../volume/nibabel.js";
import { cli } from "../support/cli.js";

const tree = polylineTree(
  [
    [3, 4, 5],
    [20, 9, 7],
    [31, 22, 15],
  ],
  1.6,
);

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "vl-voxelise-"));
  writeFileSync(join(dir, "tree.json"), treeToJSON(tree));
  return dir;
}

test("vessel-lab voxelise --tree --size --out writes the CPU reference's maps as NIfTI, read back identically by us and by nibabel", () => {
  const dir = setup();
  const r = cli([
    "voxelise",
    "--tree",
    join(dir, "tree.json"),
    "--size",
    "48",
    "--out",
    join(dir, "label.nii.gz"),
    "--fraction-out",
    join(dir, "pv.nii.gz"),
    "--centreline-out",
    join(dir, "cl.nii.gz"),
    "--classes-out",
    join(dir, "classes.nii.gz"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const want = voxeliseCpu(tree, gridForTree(tree, { size: 48 }));
  const label = readNifti(readFileSync(join(dir, "label.nii.gz")));
  const pv = readNifti(readFileSync(join(dir, "pv.nii.gz")));
  const cl = readNifti(readFileSync(join(dir, "cl.nii.gz")));
  assert.deepEqual(label.dims, [48, 48, 48]);
  assert.deepEqual(label.data, want.binary.data);
  assert.deepEqual(pv.data, want.fraction.data);
  assert.deepEqual(cl.data, want.centreline.data);
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(label.affine[i] - want.binary.affine[i]) < 1e-4);
  const [nbLabel, nbPv] = nibabel("read", join(dir, "label.nii.gz"), join(dir, "pv.nii.gz"));
  assert.deepEqual(nbLabel.shape, [48, 48, 48]);
  assert.equal(nbLabel.dtype, "uint8");
  assert.equal(nbPv.dtype, "float32");
  assert.equal(
    nbLabel.sum,
    want.binary.data.reduce((a, b) => a + b, 0),
  );
  flat(nbLabel.affine).forEach((x: number, i: number) => assert.ok(Math.abs(x - want.binary.affine[i]) < 1e-4, `affine[${i}]`));
  assert.ok(existsSync(join(dir, "classes.nii.gz")));
});

test("vessel-lab voxelise --voxel-size covers the tree's bounds at that voxel size", () => {
  const dir = setup();
  const r = cli(["voxelise", "--tree", join(dir, "tree.json"), "--voxel-size", "0.5", "--out", join(dir, "label.nii.gz")]);
  assert.equal(r.code, 0, r.stderr);
  const v = readNifti(readFileSync(join(dir, "label.nii.gz")));
  assert.deepEqual(v.spacing, [0.5, 0.5, 0.5]);
  const extent = [0, 1, 2].map((a) => tree.bounds.max[a] - tree.bounds.min[a]);
  v.dims.forEach((n, a) => assert.equal(n, Math.round(extent[a] / 0.5)));
});

test("vessel-lab voxelise rejects a missing tree, a bad size, a malformed tree and --size with --voxel-size, exit 2 and one line", () => {
  const dir = setup();
  writeFileSync(join(dir, "bad.json"), '{"format": "something-else"}');
  for (const [args, message] of [
    [["--tree", join(dir, "nope.json")], /no such file/],
    [["--tree", join(dir, "tree.json"), "--size", "0"], /--size 0/],
    [["--tree", join(dir, "tree.json"), "--size", "9999"], /size = 9999/],
    [["--tree", join(dir, "bad.json")], /format/],
    [["--tree", join(dir, "tree.json"), "--size", "32", "--voxel-size", "1"], /either --size or --voxel-size/],
  ] as const) {
    const r = cli(["voxelise", ...args, "--out", join(dir, "x.nii.gz")]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});

test("vessel-lab voxelize and --centerline-out, the older spellings, still work and write what voxelise --centreline-out writes; the help names them once", () => {
  const dir = setup();
  const run = (command: string, flag: string, name: string) =>
    cli([command, "--tree", join(dir, "tree.json"), "--size", "24", "--out", join(dir, `${name}-label.nii.gz`), flag, join(dir, `${name}-cl.nii.gz`)]);
  const now = run("voxelise", "--centreline-out", "now");
  assert.equal(now.code, 0, now.stderr);
  assert.match(now.stderr, /^voxelise: 24×24×24 voxels/);
  const old = run("voxelize", "--centerline-out", "old");
  assert.equal(old.code, 0, old.stderr);
  for (const suffix of ["-label.nii.gz", "-cl.nii.gz"])
    assert.deepEqual(readFileSync(join(dir, `old${suffix}`)), readFileSync(join(dir, `now${suffix}`)), suffix);
  const help = cli(["voxelise", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: vessel-lab voxelise\|voxelize /);
  assert.match(help.stdout, /--centreline-out <file>/);
  assert.doesNotMatch(help.stdout, /--centerline-out <file>/, "the older spelling is not listed as an option");
  assert.match(help.stdout, /The older spellings `voxelize` and --centerline-out still work\./);
  assert.match(cli(["--help"]).stdout, /voxelise\|voxelize/);
});
