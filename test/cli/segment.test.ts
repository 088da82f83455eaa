import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../support/cli.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { createVolume, readNifti, readVolume, writeNifti, writeTiff } from "../../src/volume/index.js";
import { toMetaImage, toNrrd } from "../support/scanFormats.js";
import { maxDifference } from "../infer/support.js";

const MODEL = "test/fixtures/infer/tinyunet.onnx";
const OBLIQUE = [0, -0.5, 0, 12, 0.6, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

function scan(dims: [number, number, number]) {
  const v = createVolume(Int16Array, dims, [0.6, 0.5, 1.5], OBLIQUE);
  v.data.forEach((_, n) => (v.data[n] = ((n * 37) % 101) * 3));
  return v;
}

let dir = "";
let card = "";
let adaptCard = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "vessel-lab-segment-"));
  mkdirSync(join(dir, "scans"));
  card = join(dir, "tiny.json");
  writeFileSync(card, JSON.stringify({ name: "tiny test U-Net", stride: 4, tile: 16, output: "logit", threshold: 0.5 }));
  adaptCard = join(dir, "adaptable.json");
  writeFileSync(adaptCard, JSON.stringify({ stride: 1, tile: 8, output: "logit", adaptationInputs: { adapt_scale: 1, adapt_shift: 0 } }));
  writeFileSync(join(dir, "scans", "a.nii.gz"), writeNifti(scan([21, 18, 5])));
  writeFileSync(join(dir, "scans", "b.nii"), writeNifti(scan([12, 12, 12]), { gzip: false }));
  writeFileSync(join(dir, "scans", "notes.txt"), "not a scan");
  writeFileSync(join(dir, "junk.nii.gz"), "not a nifti");
  // a 4D series of two volumes: the 3D file with dim[0] = 4, dim[4] = 2 and its voxels twice
  const three = writeNifti(scan([6, 6, 6]), { gzip: false });
  const four = new Uint8Array(three.length + 6 * 6 * 6 * 2);
  four.set(three);
  four.set(three.subarray(352), three.length);
  const view = new DataView(four.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 2, true);
  writeFileSync(join(dir, "series.nii"), four);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("vessel-lab segment --in F --out F --prob F writes a uint8 mask and a float32 probability on the input's grid and affine", () => {
  const input = join(dir, "scans", "a.nii.gz");
  const r = cli([
    "segment",
    "--in",
    input,
    "--out",
    join(dir, "out", "a_mask.nii.gz"),
    "--prob",
    join(dir, "out", "a_prob.nii.gz"),
    "--model",
    MODEL,
    "--card",
    card,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /segment: tiny test U-Net \(test\/fixtures\/infer\/tinyunet\.onnx\), output "logit" \(logit\), native grid, tile 16×16×16/);
  assert.match(r.stderr, /a\.nii\.gz 21×18×5 → model grid 21×18×5, 4 tiles of 16×16×8 in [\d.]+ s, [\d.]+ % vessel →/);
  const scanned = readNifti(readFileSync(input));
  const mask = readNifti(readFileSync(join(dir, "out", "a_mask.nii.gz")));
  const prob = readNifti(readFileSync(join(dir, "out", "a_prob.nii.gz")));
  for (const v of [mask, prob]) assert.deepEqual([v.dims, v.spacing, v.affine], [scanned.dims, scanned.spacing, scanned.affine]);
  assert.ok(mask.data instanceof Uint8Array && mask.data.every((m) => m === 0 || m === 1));
  assert.ok(prob.data instanceof Float32Array && prob.data.every((p) => p >= 0 && p <= 1));
  prob.data.forEach((p, n) => assert.equal(mask.data[n], p > 0.5 ? 1 : 0));
});

test("vessel-lab segment --spacing x2 runs on isotropic voxels twice the scan's finest side (here 1 mm) and writes the mask on the scan's grid", () => {
  const input = join(dir, "scans", "a.nii.gz"); // 0.6 × 0.5 × 1.5 mm voxels
  const relative = cli(["segment", "--in", input, "--out", join(dir, "out", "a_x2.nii.gz"), "--model", MODEL, "--card", card, "--spacing", "x2"]);
  assert.equal(relative.code, 0, relative.stderr);
  assert.match(relative.stderr, /voxels ×2 the scan's finest side, tile 16×16×16/);
  const absolute = cli(["segment", "--in", input, "--out", join(dir, "out", "a_1mm.nii.gz"), "--model", MODEL, "--card", card, "--spacing", "1"]);
  assert.equal(absolute.code, 0, absolute.stderr);
  const grid = (stderr: string) => stderr.match(/→ model grid (\d+×\d+×\d+)/)![1];
  assert.equal(grid(relative.stderr), "13×9×8"); // 21 · 0.6, 18 · 0.5, 5 · 1.5 mm at 1 mm, rounded
  assert.equal(grid(absolute.stderr), grid(relative.stderr));
  const scanned = readNifti(readFileSync(input));
  const x2 = readNifti(readFileSync(join(dir, "out", "a_x2.nii.gz")));
  const mm = readNifti(readFileSync(join(dir, "out", "a_1mm.nii.gz")));
  assert.deepEqual([x2.dims, x2.spacing, x2.affine], [scanned.dims, scanned.spacing, scanned.affine]);
  assert.deepEqual(Array.from(x2.data), Array.from(mm.data));
});

test("vessel-lab segment --spacing auto measures the scan's vessel radius, says what it chose, and runs as that spacing given in mm would", () => {
  // a bright tube 5 voxels in radius along z on 0.5 × 0.5 × 1 mm voxels: the card's model learnt 1.25 voxels
  const tube = createVolume(Float32Array, [40, 40, 12], [0.5, 0.5, 1]);
  for (let z = 0; z < 12; z++)
    for (let y = 0; y < 40; y++)
      for (let x = 0; x < 40; x++) tube.data[x + 40 * (y + 40 * z)] = 100 * Math.min(1, Math.max(0, 5.5 - Math.hypot(x - 19.5, y - 19.5)));
  const input = join(dir, "tube.nii.gz");
  writeFileSync(input, writeNifti(tube));
  const auto = cli(["segment", "--in", input, "--out", join(dir, "out", "tube_auto.nii.gz"), "--model", MODEL, "--card", card, "--spacing", "auto"]);
  assert.equal(auto.code, 0, auto.stderr);
  const m = auto.stderr.match(
    /tube\.nii\.gz: auto scale: vessel radius ([\d.]+) voxels for the thinner quarter \(p25; median [\d.]+, p10–p90 [\d.]+–[\d.]+\); model 1\.25 voxels → voxels ×([\d.]+) \(([\d.]+)×([\d.]+)×([\d.]+)\)/,
  );
  assert.ok(m, auto.stderr);
  const [radius, factor] = [Number(m[1]), Number(m[2])];
  assert.ok(radius > 5 / 1.6 && radius < 5 * 1.6, `radius ${radius}`);
  assert.ok(Math.abs(factor - radius / 1.25) < 0.01, `factor ${factor}`);
  assert.equal(Number(m[5]) / Number(m[3]), 2, "the voxel shape is kept");
  const fixed = cli([
    "segment",
    "--in",
    input,
    "--out",
    join(dir, "out", "tube_mm.nii.gz"),
    "--model",
    MODEL,
    "--card",
    card,
    "--spacing",
    `${m[3]},${m[4]},${m[5]}`,
  ]);
  assert.equal(fixed.code, 0, fixed.stderr);
  const grid = (stderr: string) => stderr.match(/→ model grid (\d+×\d+×\d+)/)![1];
  assert.equal(grid(auto.stderr), grid(fixed.stderr));
  const a = readNifti(readFileSync(join(dir, "out", "tube_auto.nii.gz"))),
    b = readNifti(readFileSync(join(dir, "out", "tube_mm.nii.gz")));
  assert.deepEqual(a.dims, tube.dims);
  let differ = 0;
  for (let n = 0; n < a.data.length; n++) if (a.data[n] !== b.data[n]) differ++;
  assert.ok(differ <= 0.001 * a.data.length, `${differ} voxels differ`); // the printed mm are rounded to 3 digits
});

test("vessel-lab segment --in-dir D --out-dir D --prob-dir D segments every .nii and .nii.gz, named by case", () => {
  const r = cli([
    "segment",
    "--in-dir",
    join(dir, "scans"),
    "--out-dir",
    join(dir, "masks"),
    "--prob-dir",
    join(dir, "probs"),
    "--model",
    MODEL,
    "--card",
    card,
    "--tile",
    "8",
    "--threshold",
    "0.3",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, "masks")).sort(), ["a.nii.gz", "b.nii.gz"]);
  assert.deepEqual(readdirSync(join(dir, "probs")).sort(), ["a.nii.gz", "b.nii.gz"]);
  const b = readNifti(readFileSync(join(dir, "masks", "b.nii.gz")));
  assert.deepEqual([b.dims, b.affine], [[12, 12, 12], readNifti(readFileSync(join(dir, "scans", "b.nii"))).affine]);
  assert.match(r.stderr, /tile 8×8×8, overlap 0\.5, stride 4, percentiles 0\.5\/99\.5, threshold 0\.3/);
  assert.match(r.stderr, /b\.nii 12×12×12 → model grid 12×12×12, 8 tiles of 8×8×8/);
});

test("vessel-lab segment reads MetaImage (.mha) and NRRD (.nrrd) scans: the same mask, on the same RAS+ grid, as the scan's NIfTI; --in-dir takes them too", async () => {
  const dir2 = join(dir, "formats");
  mkdirSync(dir2);
  const v = scan([21, 18, 5]);
  writeFileSync(join(dir2, "as_nifti.nii.gz"), writeNifti(v));
  writeFileSync(join(dir2, "as_mha.mha"), toMetaImage(v, { compressed: true }));
  writeFileSync(join(dir2, "as_nrrd.nrrd"), toNrrd(v));
  const r = await cliInProcess([
    "segment",
    "--in-dir",
    dir2,
    "--out-dir",
    join(dir, "format-masks"),
    "--prob-dir",
    join(dir, "format-probs"),
    "--model",
    MODEL,
    "--card",
    card,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /as_mha\.mha 21×18×5 → model grid 21×18×5/);
  const read = (folder: string) => ["as_nifti", "as_mha", "as_nrrd"].map((c) => readNifti(readFileSync(join(dir, folder, `${c}.nii.gz`))));
  const [nifti, mha, nrrd] = read("format-masks");
  const probs = read("format-probs");
  assert.ok(new Set(probs[0].data).size > 100); // a probability map, not a constant
  for (const [n, other] of [mha, nrrd].entries()) {
    assert.deepEqual(Array.from(other.data), Array.from(nifti.data));
    assert.deepEqual(Array.from(probs[n + 1].data), Array.from(probs[0].data));
    assert.deepEqual(other.dims, nifti.dims);
    other.affine.forEach((x, n) => assert.ok(Math.abs(x - nifti.affine[n]) < 1e-5, `affine ${other.affine} vs ${nifti.affine}`));
  }
  // a .mhd whose data file is missing names it and says to keep it beside the header
  writeFileSync(join(dir, "detached.mhd"), "NDims = 3\nDimSize = 4 4 4\nElementType = MET_UCHAR\nElementDataFile = detached.raw\n");
  const missing = await cliInProcess([
    "segment",
    "--in",
    join(dir, "detached.mhd"),
    "--out",
    join(dir, "detached-mask.nii.gz"),
    "--model",
    MODEL,
    "--card",
    card,
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--in .*detached\.mhd: its data file .*detached\.raw is missing: keep it beside the header/);
});

test("vessel-lab segment writes the mask in the format its name asks for: .mha, .nrrd, an uncompressed .nii, a .tif stack; reads a .tif stack alike; a two-file .mhd is refused before any work", async () => {
  const input = join(dir, "scans", "a.nii.gz");
  const base = ["segment", "--in", input, "--model", MODEL, "--card", card];
  const ref = await cliInProcess([...base, "--out", join(dir, "fmt-out", "ref.nii.gz"), "--prob", join(dir, "fmt-out", "ref-prob.nii.gz")]);
  assert.equal(ref.code, 0, ref.stderr);
  const r = await cliInProcess([...base, "--out", join(dir, "fmt-out", "mask.mha"), "--prob", join(dir, "fmt-out", "prob.nrrd")]);
  assert.equal(r.code, 0, r.stderr);
  const plain = await cliInProcess([...base, "--out", join(dir, "fmt-out", "mask.nii")]);
  assert.equal(plain.code, 0, plain.stderr);
  // the scan as a TIFF stack (voxels and voxel size; TIFF keeps no orientation), segmented into a TIFF mask
  writeFileSync(join(dir, "fmt-out", "a.tif"), writeTiff(readVolume(readFileSync(input))));
  const tiff = await cliInProcess([
    "segment",
    "--in",
    join(dir, "fmt-out", "a.tif"),
    "--model",
    MODEL,
    "--card",
    card,
    "--out",
    join(dir, "fmt-out", "mask.tif"),
  ]);
  assert.equal(tiff.code, 0, tiff.stderr);
  const bytes = (name: string) => readFileSync(join(dir, "fmt-out", name));
  assert.match(bytes("mask.mha").subarray(0, 40).toString("latin1"), /^ObjectType = Image\n/);
  assert.match(bytes("prob.nrrd").subarray(0, 9).toString("latin1"), /^NRRD0004\n/);
  assert.equal(bytes("mask.nii").readInt32LE(0), 348); // NIfTI-1, not gzip: what other tools expect of a .nii name
  const want = readNifti(bytes("ref.nii.gz"));
  const wantProb = readNifti(bytes("ref-prob.nii.gz"));
  for (const [got, expected] of [
    [readVolume(bytes("mask.mha")), want],
    [readVolume(bytes("mask.nii")), want],
    [readVolume(bytes("prob.nrrd")), wantProb],
  ] as const) {
    assert.equal(got.data.constructor, expected.data.constructor);
    assert.deepEqual(Array.from(got.data), Array.from(expected.data));
    got.affine.forEach((x, n) => assert.ok(Math.abs(x - expected.affine[n]) < 1e-5, `${got.affine} vs ${expected.affine}`));
  }
  const tiffMask = readVolume(bytes("mask.tif"));
  assert.match(bytes("mask.tif").subarray(0, 4).toString("latin1"), /^II\*\0/);
  assert.ok(tiffMask.data instanceof Uint8Array);
  assert.deepEqual(Array.from(tiffMask.data), Array.from(want.data)); // the same mask, voxel for voxel
  tiffMask.spacing.forEach((s, a) => assert.ok(Math.abs(s - want.spacing[a]) < 1e-5 * want.spacing[a]));
  const refused = await cliInProcess([...base, "--out", join(dir, "fmt-out", "mask.mhd")]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--out .*mask\.mhd: a \.mhd header needs a separate data file; vessel-lab writes one file: name it \.mha \(or \.nii\.gz\)/);
  assert.doesNotMatch(refused.stderr, /tiles/); // refused before segmenting
  for (const [name, message] of [
    ["mask.mha.gz", /a \.mha is compressed inside the file.*name it \.mha/],
    ["mask.img", /does not write ANALYZE \.img\/\.hdr pairs/],
    // a name that ends with no format vessel-lab writes: refused, not written as gzipped NIfTI under that name
    [
      "mask.png",
      /--out .*mask\.png: vessel-lab writes the format an output's name ends with, and this one ends with none it writes; name it \.nii\.gz, \.nii, \.mha, \.nrrd or \.tif/,
    ],
    ["mask", /ends with none it writes/],
  ] as const) {
    const r2 = await cliInProcess([...base, "--out", join(dir, "fmt-out", name)]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, message);
    assert.equal(existsSync(join(dir, "fmt-out", name)), false, `${name} not written`);
  }
});

test("vessel-lab segment --adapt searches the adaptation inputs against the reconstructor's masked loss, reports it, and segments", async () => {
  // adaptable.onnx: reconstruction = x · adapt_scale + adapt_shift; masked voxels are fed as 0, so the hidden voxels'
  // reconstruction is adapt_shift alone, and any shift towards their mean intensity lowers the loss from the identity's.
  const a = join(dir, "scans", "b.nii");
  const out = join(dir, "adapted.nii.gz");
  const r = await cliInProcess([
    "segment",
    "--in",
    a,
    "--out",
    out,
    "--model",
    "test/fixtures/infer/adaptable.onnx",
    "--card",
    adaptCard,
    "--adapt",
    "--adapt-steps",
    "6",
    "--reconstructor",
    "test/fixtures/infer/adaptable.onnx",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const line = r.stderr.split("\n").find((l) => l.startsWith("adapt: "));
  const m = line?.match(/reconstruction loss (\S+) → (\S+) after 6 SPSA steps \((\d+) passes, .* s\): adapted inputs lower the loss$/);
  assert.ok(m, r.stderr);
  assert.ok(Number(m[2]) < Number(m[1]), line);
  assert.deepEqual(readNifti(readFileSync(out)).dims, [12, 12, 12]);
  // The trust region. Segmentation here is 4 (x · scale + shift) - 2 > 0 on the normalised scan (about half of it):
  // the adapted shift moves that boundary across many voxels, more than the 5 % of the mask trusted by default.
  const plain = join(dir, "plain.nii.gz");
  assert.equal((await cliInProcess(["segment", "--in", a, "--out", plain, "--model", "test/fixtures/infer/adaptable.onnx", "--card", adaptCard])).code, 0);
  const plainMask = readNifti(readFileSync(plain)).data;
  assert.match(
    r.stderr,
    /adapt: the adapted mask differs from the unadapted one in \d+\.\d % of the unadapted mask's voxels, more than --adapt-max-change \(5 %\) allows: the unadapted mask is written/,
  );
  assert.deepEqual(readNifti(readFileSync(out)).data, plainMask);
  const trusting = join(dir, "trusting.nii.gz");
  const t = await cliInProcess([
    "segment",
    "--in",
    a,
    "--out",
    trusting,
    "--model",
    "test/fixtures/infer/adaptable.onnx",
    "--card",
    adaptCard,
    "--adapt",
    "--adapt-steps",
    "6",
    "--reconstructor",
    "test/fixtures/infer/adaptable.onnx",
    "--adapt-max-change",
    "Infinity",
  ]);
  assert.equal(t.code, 0, t.stderr);
  const adaptedMask = readNifti(readFileSync(trusting)).data;
  let changed = 0;
  let marked = 0;
  for (let i = 0; i < plainMask.length; i++) {
    marked += plainMask[i];
    if (plainMask[i] !== adaptedMask[i]) changed++;
  }
  assert.ok(changed / marked > 0.05, `${changed} of ${marked} voxels changed`);
  assert.ok(
    t.stderr.includes(
      `differs from the unadapted one in ${((100 * changed) / marked).toFixed(1)} % of the unadapted mask's voxels, within --adapt-max-change (any): adapted mask written`,
    ),
    t.stderr,
  );
});

test("vessel-lab segment --adapt-input segments the scan as made, smoothed and field-corrected, says which it kept and why, and writes that mask", async () => {
  const a = join(dir, "scans", "a.nii.gz");
  const plain = join(dir, "input-plain.nii.gz");
  const adapted = join(dir, "input-adapted.nii.gz");
  assert.equal((await cliInProcess(["segment", "--in", a, "--out", plain, "--model", MODEL, "--card", card])).code, 0);
  const r = await cliInProcess(["segment", "--in", a, "--out", adapted, "--model", MODEL, "--card", card, "--adapt-input"]);
  assert.equal(r.code, 0, r.stderr);
  const line = r.stderr.split("\n").find((l) => l.startsWith("segment: a.nii.gz: input adaptation: "));
  const m = line?.match(
    /input adaptation: kept the (smoothed σ 0\.8 scan|field-corrected scan|scan as made) \((?:as made: )?ambiguity (\S+), foreground entropy (\S+); smoothed σ 0\.8: ambiguity (\S+), foreground entropy (\S+); field-corrected: ambiguity (\S+), foreground entropy ([\d.]+)\)/,
  );
  assert.ok(m, r.stderr);
  assert.match(r.stderr, /\(3 passes: as made, smoothed and field-corrected\)/);
  const [own, smoothed, corrected] = [
    [+m[2], +m[3]],
    [+m[4], +m[5]],
    [+m[6], +m[7]],
  ];
  const eligible = (t: number[]) => t[0] < 0.95 * own[0] && t[1] < 0.95 * own[1];
  const candidates: Array<[string, number[]]> = [
    ["smoothed σ 0.8 scan", smoothed],
    ["field-corrected scan", corrected],
  ];
  const expected = candidates.filter(([, t]) => eligible(t)).sort((a, b) => a[1][0] - b[1][0])[0]?.[0] ?? "scan as made";
  const same = Buffer.compare(Buffer.from(readNifti(readFileSync(plain)).data), Buffer.from(readNifti(readFileSync(adapted)).data)) === 0;
  assert.equal(m[1], expected, "kept the eligible transform of lower ambiguity, else the scan as made");
  if (expected !== "scan as made") assert.ok(!same, "kept a transformed scan: another mask");
  else assert.ok(same, "kept as made: the mask is the plain one");
});

test("vessel-lab segment exits 2 with one clear line: no model, not a NIfTI, a 4D series, --adapt without adaptation inputs, bad flags", async () => {
  const out = join(dir, "never.nii.gz");
  const a = join(dir, "scans", "a.nii.gz");
  const cases: Array<[string[], RegExp]> = [
    [
      ["--in", a, "--out", out, "--model", join(dir, "absent.onnx")],
      /^vessel-lab: --model .*absent\.onnx: no such file; the segmenter is trained and exported by models\/train \(see models\/train\/README\.md\) to models\/segmenter\.onnx .*or pass --model FILE/,
    ],
    [["--in", join(dir, "junk.nii.gz"), "--out", out, "--model", MODEL], /^vessel-lab: --in .*junk\.nii\.gz: not a NIfTI file/],
    [
      ["--in", join(dir, "series.nii"), "--out", out, "--model", MODEL],
      /^vessel-lab: --in .*series\.nii: this is a 4D series with 2 volumes; vessel-lab needs one 3D volume: extract one with fslroi/,
    ],
    [
      ["--in", a, "--out", out, "--model", MODEL, "--adapt"],
      /^vessel-lab: --adapt: no reconstruction decoder at .*test\/fixtures\/infer\/reconstructor\.onnx; give --reconstructor FILE/,
    ],
    [
      ["--in", a, "--out", out, "--model", MODEL, "--adapt", "--reconstructor", MODEL],
      /^vessel-lab: --adapt: the segmenter's adaptation inputs \(none\) and the reconstructor's \(none\) must be the same, non-empty set/,
    ],
    [
      ["--in", a, "--out", out, "--model", "test/fixtures/infer/adaptable.onnx", "--card", adaptCard, "--adapt", "--reconstructor", MODEL],
      /^vessel-lab: --adapt: the segmenter's adaptation inputs \(adapt_scale \[1\], adapt_shift \[1\]\) and the reconstructor's \(none\) must be the same/,
    ],
    [
      ["--in", a, "--out", out, "--model", "test/fixtures/infer/adaptable.onnx"],
      /^vessel-lab: --model .*adaptable\.onnx: the model has inputs "adapt_scale", "adapt_shift" besides the image "image"; list them in the model card's adaptationInputs/,
    ],
    [
      ["--in", a, "--out", out, "--model", "test/fixtures/infer/adaptable.onnx", "--card", adaptCard, "--adapt", "--adapt-steps", "-1"],
      /^vessel-lab: --adapt-steps -1: give a non-negative integer$/,
    ],
    // a seed past 2^53 would silently be another seed
    [
      ["--in", a, "--out", out, "--model", MODEL, "--adapt-seed", "9007199254740993"],
      /^vessel-lab: --adapt-seed 9007199254740993: give an integer from 0 to 9,007,199,254,740,991$/,
    ],
    [["--in", a, "--out", out, "--model", MODEL, "--threshold", "0x1"], /^vessel-lab: --threshold 0x1: give a probability 0 ≤ t ≤ 1$/],
    [["--in", a, "--out", out, "--model", MODEL, "--adapt", "--adapt-input"], /^vessel-lab: --adapt and --adapt-input are two kinds of adaptation: give one/],
    [
      ["--in", a, "--out", out, "--model", "test/fixtures/infer/adaptable.onnx", "--card", adaptCard, "--adapt", "--adapt-max-change", "-1"],
      /^vessel-lab: --adapt-max-change -1: give a fraction ≥ 0 \(0\.05 is 5 %; Infinity keeps every adapted mask\)$/,
    ],
    [
      ["--in", a, "--out", out, "--model", MODEL, "--card", card, "--tile", "10"],
      /^vessel-lab: --tile 10: each side must be a multiple of the model's stride 4$/,
    ],
    [
      ["--in", a, "--out", out, "--model", MODEL, "--spacing", "0,1,1"],
      /^vessel-lab: --spacing 0,1,1: give "auto", a voxel size in mm, X,Y,Z in mm, "native", or x2 \(voxels twice the scan's finest side\)$/,
    ],
    [
      ["--in", a, "--out", out, "--model", MODEL, "--spacing", "x0"],
      /^vessel-lab: --spacing x0: give x followed by a number in \(0, 16\], e\.g\. x2 for voxels twice the scan's finest side$/,
    ],
    [["--in", a, "--out", out, "--model", MODEL, "--spacing", "x2,1"], /^vessel-lab: --spacing x2,1: give x followed by a number/],
    [["--in", a, "--model", MODEL], /^vessel-lab: --in and --out go together: --out is missing$/],
    [["--in", a, "--out", out, "--in-dir", dir], /^vessel-lab: give either --in and --out, or --in-dir and --out-dir, not both forms$/],
    [
      ["--in-dir", join(dir, "scans"), "--out-dir", join(dir, "scans"), "--model", MODEL],
      /--out-dir .* is the --in-dir: outputs take the scans' names and would replace them/,
    ],
    [["--model", MODEL], /^vessel-lab: nothing to segment: give --in FILE --out FILE, or --in-dir DIR --out-dir DIR$/],
  ];
  for (const [args, message] of cases) {
    const r = await cliInProcess(["segment", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr.trimEnd(), message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!existsSync(out));
  // and so does the installed command
  const r = cli(["segment", "--in", join(dir, "junk.nii.gz"), "--out", out, "--model", MODEL]);
  assert.deepEqual([r.code, r.stderr.trim().split("\n").length], [2, 1], r.stderr);
});

test("vessel-lab segment on a zero-filled scan segments inside its field of view and says so; --no-background-mask runs every tile", async () => {
  // 48³ of zeros with a bright 4³ block near one corner: 125 tiles of 16 (overlap 0.5), of which 8 reach the block.
  const v = createVolume(Int16Array, [48, 48, 48], [1, 1, 1]);
  for (let k = 4; k < 8; k++) for (let j = 4; j < 8; j++) for (let i = 4; i < 8; i++) v.data[i + 48 * (j + 48 * k)] = 900;
  const input = join(dir, "masked.nii.gz");
  writeFileSync(input, writeNifti(v));
  const masked = await cliInProcess([
    "segment",
    "--in",
    input,
    "--out",
    join(dir, "out", "masked_mask.nii.gz"),
    "--prob",
    join(dir, "out", "masked_prob.nii.gz"),
    "--model",
    MODEL,
    "--card",
    card,
  ]);
  assert.equal(masked.code, 0, masked.stderr);
  assert.match(masked.stderr, /125 tiles of 16×16×16 \(124 skipped: masked background 0 on 99\.5 % of the scan\)/);
  const prob = readNifti(readFileSync(join(dir, "out", "masked_prob.nii.gz")));
  for (const [i, j, k] of [
    [1, 1, 1],
    [20, 20, 20],
    [47, 0, 0],
  ])
    assert.equal(prob.data[i + 48 * (j + 48 * k)], 0, `outside the field of view at ${i},${j},${k}`);
  const all = await cliInProcess([
    "segment",
    "--in",
    input,
    "--out",
    join(dir, "out", "all_mask.nii.gz"),
    "--model",
    MODEL,
    "--card",
    card,
    "--no-background-mask",
  ]);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stderr, /125 tiles of 16×16×16 in /);
});

test("vessel-lab segment --dark segments a dark-vessel scan as the same scan with its tissue mirrored by hand, background kept: the same probability", async () => {
  // 32³ of zeros (a masked background) holding tissue 400–520 crossed by a dark tube of 150; its bright twin written by
  // hand: inside the tissue x → 150 + 520 − x, the zeros kept
  const n = 32;
  const dark = createVolume(Int16Array, [n, n, n], [0.8, 0.8, 1.2]);
  const bright = createVolume(Int16Array, [n, n, n], [0.8, 0.8, 1.2]);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const at = i + n * (j + n * k);
        if (i < 6 || i >= 26 || j < 6 || j >= 26 || k < 4 || k >= 28) continue;
        dark.data[at] = (i - 16) ** 2 + (j - 15) ** 2 <= 6 ? 150 : 400 + ((i * 13 + j * 7 + k * 3) % 121);
        bright.data[at] = 150 + 520 - dark.data[at];
      }
  writeFileSync(join(dir, "dark.nii.gz"), writeNifti(dark));
  writeFileSync(join(dir, "bright.nii.gz"), writeNifti(bright));
  const run = (name: string, extra: string[]) =>
    cliInProcess([
      "segment",
      "--in",
      join(dir, `${name}.nii.gz`),
      "--out",
      join(dir, "out", `${name}_mask.nii.gz`),
      "--prob",
      join(dir, "out", `${name}_prob.nii.gz`),
      "--model",
      MODEL,
      "--card",
      card,
      ...extra,
    ]);
  const [d, b] = [await run("dark", ["--dark"]), await run("bright", [])];
  assert.equal(d.code, 0, d.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.match(d.stderr, /segment: dark\.nii\.gz: --dark: intensities mirrored, so the model sees bright vessels/);
  assert.doesNotMatch(b.stderr, /--dark/);
  // no hint: with --dark the scan is not read (notePolarity), and the bright twin without it reads bright
  assert.doesNotMatch(d.stderr + b.stderr, /hint:/);
  // the same tiles skipped as background in both
  const skipped = (s: string) => s.match(/\((\d+) skipped: masked background 0/)?.[1];
  assert.ok(skipped(d.stderr) !== undefined && skipped(d.stderr) === skipped(b.stderr), d.stderr + b.stderr);
  const written = (kind: "prob" | "mask") => {
    const read = (name: string) => readNifti(readFileSync(join(dir, "out", `${name}_${kind}.nii.gz`))).data;
    return [read("dark"), read("bright")] as const;
  };
  let worst = maxDifference(...written("prob"));
  assert.ok(worst < 1e-5, `largest probability difference ${worst}`);
  const [md, mb] = written("mask");
  assert.deepEqual(md, mb);
  // --no-background-mask runs every tile but keeps the background's value: mirrored, it would be the brightest thing
  const [dAll, bAll] = [await run("dark", ["--dark", "--no-background-mask"]), await run("bright", ["--no-background-mask"])];
  assert.equal(dAll.code, 0, dAll.stderr);
  assert.equal(bAll.code, 0, bAll.stderr);
  worst = maxDifference(...written("prob"));
  assert.ok(worst < 1e-5, `largest probability difference without the background mask ${worst}`);
  // dark tubes without --dark: a hint, and the scan is segmented as asked; bright ones with --dark: no hint (with --dark nothing is read: its one hint, give --dark, cannot apply)
  const [dAsBright, bAsDark] = [await run("dark", []), await run("bright", ["--dark"])];
  assert.equal(dAsBright.code, 0, dAsBright.stderr);
  assert.equal(bAsDark.code, 0, bAsDark.stderr);
  assert.match(
    dAsBright.stderr,
    /segment: dark\.nii\.gz: hint: its dark tubes respond [\d.]+ times as strongly as bright ones \(Sato's line filter\): if its vessels are dark \(black-blood\), give --dark\n/,
  );
  assert.doesNotMatch(bAsDark.stderr, /hint:/);
  assert.match(bAsDark.stderr, /--dark: intensities mirrored/);
});
