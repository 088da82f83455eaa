import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { readNifti, readNiftiHeader, writeNifti } from "../../src/volume/index.js";
import { cli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vl-synth-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const synth = (name: string, ...extra: string[]) =>
  cli(["synth", "--preset", "brain-tof", "--seed", "7", "--size", "24", "--out", join(dir, `${name}-img.nii.gz`), "--label-out", join(dir, `${name}-lab.nii.gz`), "--params-out", join(dir, `${name}.json`), ...extra]);

test("vessel-lab synth --preset --seed --size --out --label-out --params-out twice writes the same bytes, read back with the right dims", () => {
  const a = synth("a");
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /^synth: brain-tof sample 0 of seed 7 .* 24×24×24 at [\d.]+ mm; grow \d+ ms, voxelise \d+ ms, image \d+ ms, write \d+ ms → /);
  assert.equal(a.stderr.trim().split("\n").length, 1);
  const b = synth("b");
  assert.equal(b.code, 0, b.stderr);
  for (const suffix of ["-img.nii.gz", "-lab.nii.gz", ".json"]) assert.deepEqual(readFileSync(join(dir, `b${suffix}`)), readFileSync(join(dir, `a${suffix}`)), suffix);
  const image = readNifti(readFileSync(join(dir, "a-img.nii.gz")));
  const label = readNifti(readFileSync(join(dir, "a-lab.nii.gz")));
  assert.deepEqual(image.dims, [24, 24, 24]);
  assert.ok(image.data instanceof Float32Array);
  assert.equal(readNiftiHeader(readFileSync(join(dir, "a-img.nii.gz"))).datatypeName, "int16");
  assert.ok(label.data instanceof Uint8Array);
  const want = makeSample(sampleSpec(0, { seed: 7, preset: "brain-tof", size: 24 }));
  const description = `vessel-lab brain-tof sample 0 seed ${want.record.seed}`;
  // int16 by default: the voxels writeNifti quantises (the page's download makes the same)
  assert.deepEqual(image.data, readNifti(writeNifti(want.image, { dtype: "int16", description })).data);
  assert.deepEqual(label.data, want.maps.binary.data);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "a.json"), "utf8")), want.record);
});

test("vessel-lab synth --fraction-out --centerline-out and a .nii name write those maps, uncompressed for .nii", () => {
  const r = cli(["synth", "--preset", "microscopy", "--size", "24", "--out", join(dir, "m.nii"), "--fraction-out", join(dir, "m-frac.nii.gz"), "--centerline-out", join(dir, "m-cl.nii.gz")]);
  assert.equal(r.code, 0, r.stderr);
  const raw = readFileSync(join(dir, "m.nii"));
  assert.equal(raw.readInt32LE(0), 348);
  assert.equal(raw.length, 352 + 2 * 24 ** 3); // int16
  assert.deepEqual(readNifti(readFileSync(join(dir, "m-frac.nii.gz"))).dims, [24, 24, 24]);
  assert.ok(readNifti(readFileSync(join(dir, "m-cl.nii.gz"))).data instanceof Uint8Array);
  assert.match(r.stderr, /at [\d.]+ µm/);
});

test("vessel-lab synth --image-dtype float32 writes the image exactly as float32; another dtype is refused", () => {
  const r = cli(["synth", "--preset", "brain-tof", "--seed", "7", "--size", "24", "--out", join(dir, "f.nii"), "--image-dtype", "float32"]);
  assert.equal(r.code, 0, r.stderr);
  const image = readNifti(readFileSync(join(dir, "f.nii")));
  assert.equal(readNiftiHeader(readFileSync(join(dir, "f.nii"))).datatypeName, "float32");
  assert.deepEqual(image.data, makeSample(sampleSpec(0, { seed: 7, preset: "brain-tof", size: 24 })).image.data);
  const bad = cli(["synth", "--out", join(dir, "x.nii.gz"), "--image-dtype", "uint8"]);
  assert.equal(bad.code, 2, bad.stderr); // commander's own usage error, exit 2 like every usage mistake
  assert.match(bad.stderr, /--image-dtype.*uint8.*float32, int16/);
});

test("vessel-lab synth rejects an unknown preset (listing the valid ones), a bad seed, index or size: exit 2, one line", () => {
  for (const [args, message] of [
    [["--preset", "brain"], /--preset brain: unknown preset; valid presets: brain-tof, brain-cta, brain-cemra, kidney-cta, liver-cta, liver-cemra, coronary-cta, microscopy, or mix/],
    [["--seed", "-1"], /--seed -1: give a non-negative integer/],
    [["--index", "x"], /--index x: give a non-negative integer/],
    [["--size", "0"], /--size 0: give a positive integer/],
    [["--size", "4"], /size = 4/],
  ] as const) {
    const r = cli(["synth", ...args, "--out", join(dir, "x.nii.gz")]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
