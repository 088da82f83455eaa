// npm run bench -- input
// Bad input (issue 20): seconds and peak memory to refuse a 4 GiB gzip bomb (a header claiming 1024³ float32, then
// 4 GiB of zeros in ~4 MB: 64 gzip members of 64 MiB each), to refuse 3 GiB of zeros with no header, and to read a
// 64³ int16 volume followed by 4 GiB of zeros (only the voxels are inflated). Each is read in its own Node process;
// peak MB is that process's maximum resident set less that of a process that only loads the reader.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createVolume, gzip, writeNifti } from "../src/volume/index.js";
import type { Report } from "./run.js";

const READER = new URL("../src/volume/index.ts", import.meta.url).href;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}

/** Reads `path` in a fresh process: seconds of readNifti, maxRSS in MB, and whether it threw. */
function measure(path: string | null): { seconds: number; peakMB: number; refused: boolean } {
  const code = `
    const { readNifti } = await import(${JSON.stringify(READER)});
    const { readFileSync } = await import("node:fs");
    const path = ${JSON.stringify(path)};
    let seconds = 0, refused = false;
    if (path) {
      const bytes = readFileSync(path);
      const t0 = performance.now();
      try { readNifti(bytes); } catch { refused = true; }
      seconds = (performance.now() - t0) / 1000;
    }
    console.log(JSON.stringify({ seconds, peakMB: process.resourceUsage().maxRSS / 1024, refused }));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`input bench: the reader process failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-input-bench-"));
  try {
    const zeros64 = gzip(new Uint8Array(64 * 2 ** 20), 9);
    const fourGiB = Array.from({ length: 64 }, () => zeros64);
    const header = writeNifti(createVolume(Float32Array, [1, 1, 1]), { gzip: false }).slice(0, 352);
    [1024, 1024, 1024].forEach((n, a) => new DataView(header.buffer).setInt16(42 + 2 * a, n, true));
    const small = writeNifti(createVolume(Int16Array, [64, 64, 64]), { gzip: false });
    const files = {
      bomb: concat([gzip(header), ...fourGiB]),
      zeros: concat(Array.from({ length: 48 }, () => zeros64)),
      small: concat([gzip(small), ...fourGiB]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, `${name}.nii.gz`), bytes);
    const base = measure(null).peakMB;
    const bomb = measure(join(dir, "bomb.nii.gz"));
    if (!bomb.refused) throw new Error("input bench: the 4 GiB bomb was read, not refused");
    report("gzip_bomb_refuse_s", bomb.seconds, "s");
    report("gzip_bomb_peak_mb", bomb.peakMB - base, "MB");
    report("gzip_bomb_file_mb", files.bomb.length / 2 ** 20, "MB");
    const zeros = measure(join(dir, "zeros.nii.gz"));
    report("gzip_zeros_3gib_refuse_s", zeros.seconds, "s");
    report("gzip_zeros_3gib_peak_mb", zeros.peakMB - base, "MB");
    const read = measure(join(dir, "small.nii.gz"));
    if (read.refused) throw new Error("input bench: the 64³ volume before 4 GiB of zeros was refused");
    report("gzip_trailing_4gib_read_s", read.seconds, "s");
    report("gzip_trailing_4gib_peak_mb", read.peakMB - base, "MB");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
