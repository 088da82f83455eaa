import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import { tmpdir } from "node:os";
import { parseManifest } from "../../src/dataset/index.js";
import { readNifti, readNiftiHeader } from "../../src/volume/index.js";
import { dilateBox } from "../../src/infer/index.js";
import { cli } from "../support/cli.js";

const root = mkdtempSync(join(tmpdir(), "vl-generate-"));
after(() => rmSync(root, { recursive: true, force: true }));
const COUNT = 5;
// Seed 2 draws five different presets for indices 0-4, none of them the slow-growing microscopy tree.
const base = ["generate", "--count", String(COUNT), "--size", "24", "--seed", "2"];
const generate = (dir: string, ...extra: string[]) => cli([...base, "--out", dir, ...extra]);

/** Every file under `dir` (relative path → bytes). */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The reference: one uninterrupted run on one worker. */
const reference = join(root, "one");
const first = generate(reference, "--workers", "1");

test("vessel-lab generate --workers 1 writes images, labels and a manifest whose checksums match, read back with the right dims", () => {
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /^generate: 5 samples: 5 made, 0 already there, in \d+s \([\d.]+ samples\/s, 1 workers\) → .*manifest\.jsonl\n$/);
  const all = files(reference);
  assert.deepEqual(
    [...all.keys()].filter((p) => p.startsWith("images/")),
    Array.from({ length: COUNT }, (_, i) => `images/sample-00000${i}.nii.gz`),
  );
  const manifest = parseManifest(all.get("manifest.jsonl")!.toString("utf8"));
  assert.deepEqual(manifest.header.settings, {
    seed: 2,
    preset: "mix",
    size: 24,
    fit: false,
    fraction: false,
    centerline: false,
    imageDtype: "int16",
    labelConvention: "lumen",
    voxels: "wide",
  });
  assert.match(manifest.header.generator, /^vessel-lab \d+\.\d+\.\d+/);
  assert.equal(manifest.samples.size, COUNT);
  for (const [i, entry] of manifest.samples) {
    assert.equal(entry.index, i);
    for (const kind of ["image", "label"] as const) {
      const f = entry.files[kind]!;
      assert.equal(f.bytes, all.get(f.path)!.length);
      assert.equal(f.sha256, sha256(all.get(f.path)!));
    }
    const image = readNifti(all.get(entry.files.image!.path)!);
    const label = readNifti(all.get(entry.files.label!.path)!);
    assert.deepEqual(image.dims, [24, 24, 24]);
    assert.ok(image.data instanceof Float32Array);
    assert.equal(readNiftiHeader(all.get(entry.files.image!.path)!).datatypeName, "int16");
    assert.deepEqual([entry.files.image!.dtype, entry.files.label!.dtype], ["int16", "uint8"]);
    assert.ok(label.data instanceof Uint8Array);
    assert.ok(label.data.every((v) => v === 0 || v === 1));
  }
  // A second run of the same command finds everything in place and makes nothing.
  const again = generate(reference, "--workers", "1");
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /5 samples: 0 made, 5 already there/);
});

test("vessel-lab generate --workers 2 writes the same bytes as --workers 1, manifest included; synth --index i makes sample i", () => {
  const dir = join(root, "two");
  const r = generate(dir, "--workers", "2");
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(files(dir), files(reference));
  const manifest = parseManifest(readFileSync(join(reference, "manifest.jsonl"), "utf8"));
  const entry = manifest.samples.get(3)!;
  const s = cli([
    "synth",
    "--preset",
    "mix",
    "--seed",
    "2",
    "--index",
    "3",
    "--size",
    "24",
    "--out",
    join(root, "s3.nii.gz"),
    "--label-out",
    join(root, "s3-label.nii.gz"),
  ]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(sha256(readFileSync(join(root, "s3.nii.gz"))), entry.files.image!.sha256);
  assert.equal(sha256(readFileSync(join(root, "s3-label.nii.gz"))), entry.files.label!.sha256);
});

test("vessel-lab generate --shard 0/2 and --shard 1/2 make the unsharded set; a run without --shard after a shard makes only what is missing; --merge gives the unsharded manifest", () => {
  const dir = join(root, "shards");
  const want = files(reference);
  const r0 = generate(dir, "--shard", "0/2", "--workers", "1");
  assert.equal(r0.code, 0, r0.stderr);
  assert.match(r0.stderr, /3 samples \(shard 0\/2 of 5\): 3 made/);
  const shard0 = files(dir);
  assert.deepEqual([...parseManifest(shard0.get("manifest-shard-0-of-2.jsonl")!.toString()).samples.keys()], [0, 2, 4]);
  for (const [path, bytes] of shard0) if (path.startsWith("images/") || path.startsWith("labels/")) assert.deepEqual(bytes, want.get(path), path);
  // The whole data set in the same folder: shard 0's samples are checked and kept, the others made.
  const all = generate(dir, "--workers", "2");
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stderr, /5 samples: 2 made, 3 already there/);
  const got = files(dir);
  got.delete("manifest-shard-0-of-2.jsonl");
  assert.deepEqual(got, want);
  // Shard 1 finds its samples listed by that run; merging the three manifests gives the unsharded one.
  const r1 = generate(dir, "--shard", "1/2", "--workers", "1");
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stderr, /2 samples \(shard 1\/2 of 5\): 0 made, 2 already there/);
  assert.deepEqual([...parseManifest(readFileSync(join(dir, "manifest-shard-1-of-2.jsonl"), "utf8")).samples.keys()], [1, 3]);
  const m = cli(["generate", "--out", dir, "--merge"]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /3 manifests, 5 of 5 samples/);
  assert.deepEqual(readFileSync(join(dir, "manifest.jsonl")), want.get("manifest.jsonl"));
});

test("vessel-lab generate killed (SIGKILL) after its first sample, then rerun, gives exactly the files of an uninterrupted run and no temporary files", async () => {
  const dir = join(root, "killed");
  const child = spawn(process.execPath, ["bin/vessel-lab.js", ...base, "--out", dir, "--workers", "1"], { stdio: "ignore" });
  const manifest = join(dir, "manifest.jsonl");
  const lines = () => (existsSync(manifest) ? readFileSync(manifest, "utf8").split("\n").length - 1 : 0);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (lines() >= 2) {
        clearInterval(timer);
        child.kill("SIGKILL");
        resolve();
      }
    }, 10);
    child.on("exit", () => {
      clearInterval(timer);
      reject(new Error("generate finished before it could be killed"));
    });
  });
  await new Promise((resolve) => child.once("exit", resolve));
  assert.ok(lines() < COUNT + 1, "killed midway");
  // Damage of every kind a killed or tampered run may leave: a temporary file, a cut line.
  mkdirSync(join(dir, "images"), { recursive: true });
  writeFileSync(join(dir, "images", "sample-000004.nii.gz.partial-99999"), "half");
  appendFileSync(manifest, '{"kind":"sample","index":4,"fi');
  const r = generate(dir, "--workers", "2");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /5 samples: \d made, [1-4] already there/);
  assert.deepEqual(files(dir), files(reference));
});

test("vessel-lab generate remakes a listed sample whose file was changed or deleted, and keeps the rest", () => {
  const dir = join(root, "damaged");
  cpSync(reference, dir, { recursive: true });
  const image = join(dir, "images", "sample-000002.nii.gz");
  const bytes = readFileSync(image);
  bytes[bytes.length - 10] ^= 0xff;
  writeFileSync(image, bytes);
  rmSync(join(dir, "labels", "sample-000004.nii.gz"));
  const r = generate(dir, "--workers", "2");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /5 samples: 2 made, 3 already there/);
  assert.deepEqual(files(dir), files(reference));
});

test("vessel-lab generate rejects a bad shard, count or preset, and a folder it cannot write or that holds another data set: exit 2, one line", () => {
  writeFileSync(join(root, "a-file"), "x");
  mkdirSync(join(root, "foreign"));
  writeFileSync(join(root, "foreign", "notes.txt"), "mine");
  for (const [args, message] of [
    [[...base, "--out", join(root, "e"), "--shard", "3/2"], /--shard 3\/2: i must be in 0\.\.n-1/],
    [[...base, "--out", join(root, "e"), "--shard", "x"], /--shard x: give i\/n/],
    [["generate", "--count", "0", "--out", join(root, "e")], /--count 0: give a positive integer/],
    [["generate", "--out", join(root, "e")], /--count <n>/],
    [[...base, "--out", join(root, "e"), "--preset", "liver"], /--preset liver: unknown preset; valid presets: brain-tof, .*microscopy, or mix/],
    [[...base, "--out", join(root, "e"), "--preset", "liver-cta", "--mix"], /either --preset NAME or --mix/],
    [[...base, "--out", join(root, "e"), "--workers", "0"], /--workers 0: give a positive integer/],
    [[...base, "--out", join(root, "a-file", "sub")], /cannot write there/],
    [[...base, "--out", join(root, "a-file")], /cannot write there|is a file/],
    [[...base, "--out", join(root, "foreign")], /not a vessel-lab data set \(notes\.txt\)/],
    [
      ["generate", "--count", "5", "--size", "32", "--seed", "2", "--out", reference],
      /holds a data set made with other settings \(manifest\.jsonl: size 24 \(now 32\)\)/,
    ],
    [[...base, "--out", reference, "--with-fraction"], /fraction false \(now true\)/],
    [[...base, "--out", reference, "--with-centreline"], /centerline false \(now true\)/],
    // the older spelling of the flag still works (a hidden alias)
    [[...base, "--out", reference, "--with-centerline"], /centerline false \(now true\)/],
    [[...base, "--out", reference, "--image-dtype", "float32"], /imageDtype "int16" \(now "float32"\)/],
    [[...base, "--out", reference, "--label-convention", "visible"], /labelConvention "lumen" \(now "visible"\)/],
    [[...base, "--out", join(root, "e"), "--label-convention", "wide"], /--label-convention wide: unknown convention; give lumen or visible/],
    [[...base, "--out", join(root, "e"), "--dark-vessels", "1.5"], /--dark-vessels 1\.5: give a chance from 0 to 1/],
    [[...base, "--out", reference, "--dark-vessels", "1"], /darkVessels each modality's own \(now 1\)/],
  ] as const) {
    const r = cli([...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!existsSync(join(root, "e")), "nothing is written before the flags are checked");
});

test("vessel-lab generate --label-convention visible writes the lumen run's images byte for byte, labels that hold its labels, and records the convention", () => {
  const dir = join(root, "visible");
  const r = cli(["generate", "--count", "2", "--size", "24", "--seed", "2", "--out", dir, "--workers", "1", "--label-convention", "visible"]);
  assert.equal(r.code, 0, r.stderr);
  const lumen = parseManifest(readFileSync(join(reference, "manifest.jsonl"), "utf8"));
  const visible = parseManifest(readFileSync(join(dir, "manifest.jsonl"), "utf8"));
  assert.equal(visible.header.settings.labelConvention, "visible");
  let wider = 0;
  for (const i of [0, 1]) {
    const v = visible.samples.get(i)!,
      l = lumen.samples.get(i)!;
    assert.equal(v.labelConvention, "visible");
    assert.equal(l.labelConvention, "lumen");
    assert.equal(v.files.image!.sha256, l.files.image!.sha256, `sample ${i}: the image does not depend on the label convention`);
    const vl = readNifti(readFileSync(join(dir, v.files.label!.path))),
      ll = readNifti(readFileSync(join(reference, l.files.label!.path)));
    ll.data.forEach((x: number, k: number) => {
      if (x) assert.equal(vl.data[k], 1, `sample ${i}: lumen voxel ${k} left out`);
    });
    assert.equal(
      v.content.vesselVoxels,
      (vl.data as Uint8Array).reduce((s, x) => s + x, 0),
    );
    wider += v.content.vesselVoxels - l.content.vesselVoxels;
  }
  assert.ok(wider > 0, "the visible labels are wider than the lumen's");
});

test("vessel-lab generate --dark-vessels 1 makes every sample's vessels darker than the tissue, with the default run's labels byte for byte, and records the chance; synth --dark-vessels makes one", () => {
  const dir = join(root, "dark");
  const r = cli([...base, "--count", "3", "--out", dir, "--workers", "1", "--dark-vessels", "1"]);
  assert.equal(r.code, 0, r.stderr);
  const own = parseManifest(readFileSync(join(reference, "manifest.jsonl"), "utf8"));
  const dark = parseManifest(readFileSync(join(dir, "manifest.jsonl"), "utf8"));
  assert.equal(dark.header.settings.darkVessels, 1);
  assert.equal(own.header.settings.darkVessels, undefined);
  let measured = 0;
  for (const i of [0, 1, 2]) {
    const d = dark.samples.get(i)!,
      o = own.samples.get(i)!;
    assert.equal(d.imaging.params.vessels.invert, true, `sample ${i}: vessels.invert`);
    assert.equal(d.preset, o.preset);
    assert.equal(d.files.label!.sha256, o.files.label!.sha256, `sample ${i}: the same tree on the same grid, so the same label`);
    if (!o.imaging.params.vessels.invert) assert.notEqual(d.files.image!.sha256, o.files.image!.sha256, `sample ${i}: the image changes`);
    // in the image, the label's voxels are darker on average than the tissue just outside them (a shell 1–2 voxels
    // wide), and darker against it than the default run's; inside the body (when the sample draws one): the tissue is lifted
    // for dark vessels, the air is not (placeBody keeps the vessels inside the body; a shell may reach the air)
    const shellContrast = (folder: string, e: typeof d) => {
      const img = readNifti(readFileSync(join(folder, e.files.image!.path)));
      const lab = readNifti(readFileSync(join(folder, e.files.label!.path))).data as Uint8Array;
      // the shell: the label dilated by a cube of half-width 2 (dilateBox, the field-of-view mask's), less the label
      const near = dilateBox(lab, img.dims, 2);
      const body = e.imaging.params.body,
        [nx, ny, nz] = img.dims;
      const inBody = (k: number) => {
        if (!body.enabled) return true;
        const q = [k % nx, Math.floor(k / nx) % ny, Math.floor(k / (nx * ny))].map((x, a) => ((x + 0.5) / [nx, ny, nz][a] - body.center[a]) / body.radii[a]);
        return q[0] ** 2 + q[1] ** 2 + q[2] ** 2 < 1;
      };
      let inside = 0,
        nIn = 0,
        shell = 0,
        nShell = 0;
      lab.forEach((l, k) => {
        if (!inBody(k)) return;
        const v = img.data[k] as number;
        if (l) ((inside += v), nIn++);
        else if (near[k]) ((shell += v), nShell++);
      });
      return nIn > 0 && nShell > 0 ? inside / nIn - shell / nShell : null;
    };
    const contrast = shellContrast(dir, d);
    if (contrast === null) continue;
    measured++;
    assert.ok(contrast < 0, `sample ${i}: vessels minus the tissue beside them ${contrast} with --dark-vessels 1`);
    // the default run's draw of the same vessels stands higher against the same shell (not always above it: liver-cta's
    // bright blobs beside sample 1's vessels outshine them)
    if (!o.imaging.params.vessels.invert) assert.ok(shellContrast(reference, o)! > contrast, `sample ${i}: the default run's vessels are brighter`);
  }
  assert.equal(measured, 3, `${measured} of 3 samples have vessels inside the body`);
  // synth --dark-vessels makes sample i of such a set alone; around a real mask it is refused
  const s = cli(["synth", "--preset", "mix", "--seed", "2", "--index", "1", "--size", "24", "--dark-vessels", "1", "--out", join(root, "d1.nii.gz")]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(sha256(readFileSync(join(root, "d1.nii.gz"))), dark.samples.get(1)!.files.image!.sha256);
  const mask = join(dir, dark.samples.get(1)!.files.label!.path);
  const refused = cli(["synth", "--label", mask, "--preset", "brain-tof", "--dark-vessels", "1", "--out", join(root, "d2.nii.gz")]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /--dark-vessels sets the chance for grown trees; around --label the imaging is the preset's own: leave out --dark-vessels/);
  assert.ok(!existsSync(join(root, "d2.nii.gz")));
  // visible labels too are the default run's (the label is where the vessels' own contrast, of either sign, reaches
  // half its local peak)
  const visibleDark = join(root, "dark-visible");
  const v = cli([...base, "--count", "2", "--out", visibleDark, "--workers", "1", "--dark-vessels", "1", "--label-convention", "visible"]);
  assert.equal(v.code, 0, v.stderr);
  const visible = parseManifest(readFileSync(join(root, "visible", "manifest.jsonl"), "utf8"));
  const darkVisible = parseManifest(readFileSync(join(visibleDark, "manifest.jsonl"), "utf8"));
  for (const i of [0, 1]) {
    assert.equal(darkVisible.samples.get(i)!.imaging.params.vessels.invert, true);
    assert.equal(darkVisible.samples.get(i)!.files.label!.sha256, visible.samples.get(i)!.files.label!.sha256, `visible label of sample ${i}`);
  }
  // rerun with the same chance: kept; the chance is checked like the other settings
  const again = cli([...base, "--count", "3", "--out", dir, "--workers", "1", "--dark-vessels", "1"]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /3 already there/);
});
