import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { makeSample, sampleSpec, synthesiseAroundMask } from "../../src/dataset/index.js";
import { affinesClose, readNifti, readNiftiHeader, writeNifti } from "../../src/volume/index.js";
import { cli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vl-synth-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const synth = (name: string, ...extra: string[]) =>
  cli([
    "synth",
    "--preset",
    "brain-tof",
    "--seed",
    "7",
    "--size",
    "24",
    "--out",
    join(dir, `${name}-img.nii.gz`),
    "--label-out",
    join(dir, `${name}-lab.nii.gz`),
    "--params-out",
    join(dir, `${name}.json`),
    ...extra,
  ]);

test("vessel-lab synth --preset --seed --size --out --label-out --params-out twice writes the same bytes, read back with the right dims", () => {
  const a = synth("a");
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /^synth: brain-tof sample 0 of seed 7 .* 24×24×24 at [\d.×]+ mm; grow \d+ ms, voxelise \d+ ms, image \d+ ms, write \d+ ms → /);
  assert.equal(a.stderr.trim().split("\n").length, 1);
  const b = synth("b");
  assert.equal(b.code, 0, b.stderr);
  for (const suffix of ["-img.nii.gz", "-lab.nii.gz", ".json"])
    assert.deepEqual(readFileSync(join(dir, `b${suffix}`)), readFileSync(join(dir, `a${suffix}`)), suffix);
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

test("vessel-lab synth --fraction-out --centreline-out and a .nii name write those maps, uncompressed for .nii", () => {
  const r = cli([
    "synth",
    "--preset",
    "microscopy",
    "--size",
    "24",
    "--out",
    join(dir, "m.nii"),
    "--fraction-out",
    join(dir, "m-frac.nii.gz"),
    "--centreline-out",
    join(dir, "m-cl.nii.gz"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  const raw = readFileSync(join(dir, "m.nii"));
  assert.equal(raw.readInt32LE(0), 348);
  const dims = readNifti(raw).dims; // 24×24×24, or 24×24×8 for a thin microscopy stack
  assert.equal(raw.length, 352 + 2 * dims[0] * dims[1] * dims[2]); // int16
  assert.deepEqual(dims.slice(0, 2), [24, 24]);
  assert.deepEqual(readNifti(readFileSync(join(dir, "m-frac.nii.gz"))).dims, dims);
  assert.ok(readNifti(readFileSync(join(dir, "m-cl.nii.gz"))).data instanceof Uint8Array);
  assert.match(r.stderr, /at [\d.×]+ µm/);
});

test("vessel-lab synth --centerline-out, the older spelling, still writes the centreline map --centreline-out writes", () => {
  const run = (flag: string, name: string) =>
    cli(["synth", "--preset", "brain-tof", "--size", "24", "--out", join(dir, `${name}.nii.gz`), flag, join(dir, `${name}-cl.nii.gz`)]);
  for (const [flag, name] of [
    ["--centreline-out", "cl-now"],
    ["--centerline-out", "cl-old"],
  ]) {
    const r = run(flag, name);
    assert.equal(r.code, 0, r.stderr);
  }
  assert.deepEqual(readFileSync(join(dir, "cl-old-cl.nii.gz")), readFileSync(join(dir, "cl-now-cl.nii.gz")));
  assert.doesNotMatch(cli(["synth", "--help"]).stdout, /--centerline-out/);
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
    [
      ["--preset", "brain"],
      /--preset brain: unknown preset; valid presets: brain-tof, brain-cta, brain-cemra, kidney-cta, liver-cta, liver-cemra, coronary-cta, microscopy, or mix/,
    ],
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
  // synth writes NIfTI alone: another ending is refused before any work, naming convert
  for (const [flag, name] of [
    ["--out", "img.mha"],
    ["--label-out", "lab.tif"],
  ] as const) {
    const r = cli(["synth", "--size", "16", "--out", join(dir, flag === "--out" ? name : "ok.nii.gz"), ...(flag === "--out" ? [] : [flag, join(dir, name)])]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `${flag} .*${name.replace(".", "\\.")}: synth writes NIfTI; name it \\.nii\\.gz \\(or \\.nii, uncompressed\\), then convert it to another format with vessel-lab convert`,
      ),
    );
    assert.equal(existsSync(join(dir, name)), false);
  }
});

/** A curved tube (255 inside, or `value`) on a 30×26×18 grid of anisotropic voxels with a rotated, shifted affine: the file's path. */
function tubeFile(name: string, value = 255, ArrayType: { new (n: number): Uint8Array | Float32Array } = Uint8Array, empty = false): string {
  const dims: [number, number, number] = [30, 26, 18];
  const spacing: [number, number, number] = [0.5, 0.5, 0.8];
  const mask = { data: new ArrayType(30 * 26 * 18), dims, spacing, affine: [0, -0.5, 0, 12, 0.5, 0, 0, -30, 0, 0, 0.8, 5, 0, 0, 0, 1] };
  if (!empty) {
    for (let k = 0; k < 18; k++)
      for (let j = 0; j < 26; j++)
        for (let i = 2; i < 28; i++) {
          if (((j - 13 - 4 * Math.sin(i / 6)) * 0.5) ** 2 + ((k - 9) * 0.8) ** 2 <= 1.6 ** 2) mask.data[i + 30 * (j + 26 * k)] = value;
        }
  }
  const path = join(dir, name);
  writeFileSync(path, writeNifti(mask, { gzip: name.endsWith(".gz") }));
  return path;
}

test("vessel-lab synth --label --preset --seed --out --label-out --params-out keeps the mask's grid, writes the same bytes twice, and its vessels are bright", () => {
  const mask = tubeFile("tube.nii.gz");
  const run = (name: string) =>
    cli([
      "synth",
      "--label",
      mask,
      "--preset",
      "brain-tof",
      "--seed",
      "7",
      "--out",
      join(dir, `${name}-img.nii.gz`),
      "--label-out",
      join(dir, `${name}-lab.nii.gz`),
      "--params-out",
      join(dir, `${name}.json`),
    ]);
  const a = run("ma");
  assert.equal(a.code, 0, a.stderr);
  assert.match(
    a.stderr,
    /^synth: brain-tof image around tube\.nii\.gz \(sample 0 of seed 7, sample seed \d+\): [\d,]+ vessel voxels \([\d.]+ %\), 30×26×18 at 0\.5×0\.5×0\.8 mm; maps \d+ ms, image \d+ ms, write \d+ ms → /,
  );
  assert.equal(a.stderr.trim().split("\n").length, 1);
  const b = run("mb");
  assert.equal(b.code, 0, b.stderr);
  for (const suffix of ["-img.nii.gz", "-lab.nii.gz", ".json"])
    assert.deepEqual(readFileSync(join(dir, `mb${suffix}`)), readFileSync(join(dir, `ma${suffix}`)), suffix);
  const input = readNifti(readFileSync(mask));
  const image = readNifti(readFileSync(join(dir, "ma-img.nii.gz")));
  const label = readNifti(readFileSync(join(dir, "ma-lab.nii.gz")));
  for (const v of [image, label]) {
    assert.deepEqual(v.dims, [30, 26, 18]);
    assert.deepEqual(v.spacing, input.spacing);
    assert.ok(affinesClose(v.affine, input.affine, 1e-6), `affine ${v.affine}`);
  }
  assert.ok(label.data instanceof Uint8Array);
  assert.deepEqual(
    [...label.data],
    [...input.data].map((x) => (x > 0 ? 1 : 0)),
  );
  const want = synthesiseAroundMask(input, { preset: "brain-tof", seed: 7 });
  const description = `vessel-lab brain-tof around a mask, sample 0 seed ${want.record.seed}`;
  assert.deepEqual(image.data, readNifti(writeNifti(want.image, { dtype: "int16", description })).data);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "ma.json"), "utf8")), JSON.parse(JSON.stringify(want.record)));
  let inside = 0,
    outside = 0,
    n = 0;
  for (let v = 0; v < image.data.length; v++)
    if (label.data[v]) {
      inside += image.data[v];
      n++;
    } else outside += image.data[v];
  assert.ok(inside / n > outside / (image.data.length - n) + 0.1, `mean ${inside / n} inside, ${outside / (image.data.length - n)} outside`);
});

test("vessel-lab synth --label binarises a float or 0/255 mask (> 0), writes --fraction-out and --centreline-out from it, and --index draws another imaging", () => {
  const float = tubeFile("float.nii", 0.3, Float32Array);
  const r = cli([
    "synth",
    "--label",
    float,
    "--preset",
    "microscopy",
    "--index",
    "2",
    "--out",
    join(dir, "fl-img.nii"),
    "--label-out",
    join(dir, "fl-lab.nii.gz"),
    "--image-dtype",
    "float32",
    "--fraction-out",
    join(dir, "fl-fr.nii.gz"),
    "--centreline-out",
    join(dir, "fl-cl.nii.gz"),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /at 0\.5×0\.5×0\.8 µm/);
  const label = readNifti(readFileSync(join(dir, "fl-lab.nii.gz")));
  assert.deepEqual(
    [...label.data],
    [...readNifti(readFileSync(tubeFile("u8.nii.gz"))).data].map((x) => (x > 0 ? 1 : 0)),
  );
  const fraction = readNifti(readFileSync(join(dir, "fl-fr.nii.gz")));
  assert.ok(fraction.data instanceof Float32Array);
  assert.deepEqual([...fraction.data], [...label.data]);
  const centreline = readNifti(readFileSync(join(dir, "fl-cl.nii.gz")));
  let onLine = 0;
  centreline.data.forEach((c, v) => {
    if (c) {
      onLine++;
      assert.equal(label.data[v], 1, `centreline voxel ${v} outside the label`);
    }
  });
  assert.ok(onLine >= 20 && onLine <= 40, `${onLine} centreline voxels along a 26-voxel tube`);
  const image = readNifti(readFileSync(join(dir, "fl-img.nii")));
  assert.deepEqual(image.data, synthesiseAroundMask(readNifti(readFileSync(float)), { preset: "microscopy", seed: 1, index: 2 }).image.data);
  assert.notDeepEqual(image.data, synthesiseAroundMask(readNifti(readFileSync(float)), { preset: "microscopy", seed: 1, index: 0 }).image.data);
});

test("vessel-lab synth --label refuses --size and --fit, a missing, non-NIfTI, empty or oversized mask: exit 2, one line naming the flag and the fix", () => {
  const mask = tubeFile("ok.nii.gz");
  writeFileSync(join(dir, "text.nii.gz"), "not a volume\n");
  const empty = tubeFile("empty.nii.gz", 1, Uint8Array, true);
  // 512×512×513 voxels (over 2²⁷) as a sparse uncompressed file: a header with its dims patched, then zeros
  const huge = join(dir, "huge.nii");
  const header = writeNifti(
    { data: new Uint8Array(1), dims: [1, 1, 1], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] },
    { gzip: false },
  );
  const view = new DataView(header.buffer, header.byteOffset);
  [512, 512, 513].forEach((d, a) => view.setInt16(42 + 2 * a, d, true));
  writeFileSync(huge, header.subarray(0, 352));
  truncateSync(huge, 352 + 512 * 512 * 513);
  for (const [args, message] of [
    [["--label", mask, "--size", "64"], /--size does not go with --label: the image keeps the label's grid \(dims, spacing, affine\); leave --size out/],
    [["--label", mask, "--fit"], /--fit does not go with --label/],
    [["--label", join(dir, "nothing.nii.gz")], /--label .*nothing\.nii\.gz: no such file/],
    [["--label", join(dir, "text.nii.gz")], /--label .*text\.nii\.gz: not a NIfTI file/],
    [["--label", empty], /--label .*empty\.nii\.gz: no voxel is > 0, so there are no vessels to image; give a binary vessel mask/],
    [["--label", huge], /--label .*huge\.nii: 512×512×513 = 134,479,872 voxels, more than the 134,217,728 a mask may hold; crop it/],
    [["--label", mask, "--preset", "brain"], /--preset brain: unknown preset/],
  ] as const) {
    const r = cli(["synth", ...args, "--out", join(dir, "bad.nii.gz")]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!existsSync(join(dir, "bad.nii.gz")));
});

test("vessel-lab synth --label-convention visible writes the visible label (holding the lumen) beside the same image, and records it; a bad value exits 2, one line naming the flag and the valid values", () => {
  const v = synth("vis", "--label-convention", "visible");
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stderr, /vessel voxels \([\d.]+ %\) in the visible label, /);
  const want = makeSample(sampleSpec(0, { seed: 7, preset: "brain-tof", size: 24, labelConvention: "visible" }));
  const label = readNifti(readFileSync(join(dir, "vis-lab.nii.gz")));
  assert.deepEqual(label.data, want.label.data);
  want.maps.binary.data.forEach((x, i) => {
    if (x) assert.equal(label.data[i], 1, `lumen voxel ${i} left out`);
  });
  const lumen = makeSample(sampleSpec(0, { seed: 7, preset: "brain-tof", size: 24 }));
  const description = `vessel-lab brain-tof sample 0 seed ${lumen.record.seed}`;
  assert.deepEqual(readNifti(readFileSync(join(dir, "vis-img.nii.gz"))).data, readNifti(writeNifti(lumen.image, { dtype: "int16", description })).data);
  assert.equal(JSON.parse(readFileSync(join(dir, "vis.json"), "utf8")).labelConvention, "visible");
  for (const extra of [[], ["--label", tubeFile("conv-mask.nii.gz")]]) {
    const bad = cli(["synth", ...extra, "--out", join(dir, "conv.nii.gz"), "--label-convention", "wide"]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--label-convention wide: unknown convention; give lumen or visible/);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
  }
  assert.ok(!existsSync(join(dir, "conv.nii.gz")));
});

test("vessel-lab synth --label --label-convention visible labels the mask's visible extent, holding the mask", () => {
  const mask = tubeFile("vmask.nii.gz");
  const r = cli([
    "synth",
    "--label",
    mask,
    "--preset",
    "microscopy",
    "--out",
    join(dir, "vm-img.nii.gz"),
    "--label-out",
    join(dir, "vm-lab.nii.gz"),
    "--params-out",
    join(dir, "vm.json"),
    "--label-convention",
    "visible",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /in the visible label, 30×26×18/);
  const input = readNifti(readFileSync(mask)),
    label = readNifti(readFileSync(join(dir, "vm-lab.nii.gz")));
  let n = 0,
    m = 0;
  input.data.forEach((x, i) => {
    if (x) {
      m++;
      assert.equal(label.data[i], 1, `mask voxel ${i} left out`);
    }
  });
  label.data.forEach((x) => {
    n += x;
  });
  assert.ok(n >= m, `${n} label voxels, ${m} mask voxels`);
  assert.deepEqual(label.data, synthesiseAroundMask(input, { preset: "microscopy", labelConvention: "visible" }).label.data);
  assert.equal(JSON.parse(readFileSync(join(dir, "vm.json"), "utf8")).labelConvention, "visible");
});
