// Issue 20: every bad flag or file exits 2 with one line, limits on counts, threads and sizes, file names printed safely.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { createVolume, writeNifti } from "../../src/volume/index.js";
import { escapeName } from "../../src/cli/files.js";
import { SAMPLE_BYTES_PER_VOXEL } from "../../src/cli/estimate.js";
import { cli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vessel-lab-bad-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, prefixed "vessel-lab: ", exit 2. */
function oneLine(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.split("\n").filter((l) => l && !l.startsWith("npm warn"));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], pattern);
}

test("escapeName shows newlines, terminal escapes, C1 controls and bidi overrides escaped, and leaves other text alone", () => {
  assert.equal(escapeName("a\nb\x1b[31mc\u009bd\u202ee\tf"), "a\\nb\\x1b[31mc\\x9bd\\u202ee\\tf");
  assert.equal(escapeName("scan é 1.nii.gz"), "scan é 1.nii.gz");
});

test("grow --mask with a file that is not NIfTI exits 2 naming the flag and the file, safely printed", () => {
  const bad = join(dir, "bad\n\x1b[31m.nii.gz");
  writeFileSync(bad, "garbage");
  oneLine(cli(["grow", "--mask", bad, "--out", join(dir, "t.json")]), /^vessel-lab: --mask \S*bad\\n\\x1b\[31m\.nii\.gz: not a NIfTI file: it has 7 bytes/);
});

test("segment and evaluate refuse an all-NaN scan and a bomb's header before decoding, with one line each", () => {
  const nan = createVolume(Float32Array, [6, 6, 6]);
  nan.data.fill(NaN);
  writeFileSync(join(dir, "nan.nii.gz"), writeNifti(nan));
  oneLine(
    cli(["segment", "--in", join(dir, "nan.nii.gz"), "--out", join(dir, "m.nii.gz")]),
    /^vessel-lab: --in \S+nan\.nii\.gz: every voxel is NaN or infinite, so there is nothing to segment/,
  );
  assert.ok(!existsSync(join(dir, "m.nii.gz")));
  // a header claiming 2048³ float32 (32 GiB) before 1 KB of voxels
  const big = writeNifti(createVolume(Float32Array, [4, 4, 4]), { gzip: false });
  [2048, 2048, 2048].forEach((n, a) => new DataView(big.buffer).setInt16(42 + 2 * a, n, true));
  writeFileSync(join(dir, "big.nii"), big);
  oneLine(
    cli(["evaluate", "--pred", join(dir, "big.nii"), "--label", join(dir, "big.nii")]),
    /^vessel-lab: --pred \S+big\.nii: 2048×2048×2048 float32 takes 32\.0 GiB to read, over the 2\.0 GiB the reader allows; crop or downsample it first/,
  );
});

test("generate --count 1e12 exits 2 before writing anything; --workers is bounded", () => {
  const out = join(dir, "data");
  oneLine(cli(["generate", "--count", "1e12", "--out", out, "--size", "8"]), /^vessel-lab: --count 1e12: give an integer from 1 to 10,000,000/);
  assert.ok(!existsSync(join(out, "manifest.jsonl")));
  oneLine(
    cli(["generate", "--count", "2", "--out", out, "--size", "8", "--workers", "100000"]),
    /^vessel-lab: --workers 100000: give an integer from 1 to 256/,
  );
});

test("segment --threads beyond the cores and --overlap above 0.9 exit 2 naming the flag", () => {
  const scan = join(dir, "scan.nii.gz");
  const v = createVolume(Float32Array, [8, 8, 8]);
  v.data.forEach((_, n) => (v.data[n] = n % 7));
  writeFileSync(scan, writeNifti(v));
  oneLine(
    cli(["segment", "--in", scan, "--out", join(dir, "m.nii.gz"), "--threads", "100000"]),
    new RegExp(`^vessel-lab: --threads 100000: give an integer from 1 to ${availableParallelism()}, this machine's cores$`),
  );
  oneLine(
    cli(["segment", "--in", scan, "--out", join(dir, "m.nii.gz"), "--overlap", "0.999999"]),
    /^vessel-lab: --overlap 0\.999999: give a fraction 0 ≤ f ≤ 0\.9/,
  );
});

test("synth --size above 1024 exits 2, and a size over 80 % of this machine's memory is refused with its estimate", () => {
  oneLine(cli(["synth", "--size", "1025", "--out", join(dir, "s.nii.gz")]), /^vessel-lab: --size 1025: give an integer from 1 to 1024$/);
  const need = 1024 ** 3 * SAMPLE_BYTES_PER_VOXEL;
  if (need <= totalmem() * 0.8) return; // a machine that could make it: not run here
  oneLine(
    cli(["synth", "--size", "1024", "--out", join(dir, "s.nii.gz")]),
    /^vessel-lab: synth --size 1024 would need about \d+\.\d GiB of memory, roughly [\d.]+ (min|h), over the [\d.]+ GiB allowed/,
  );
});
