// npm run bench -- synth
// Seconds per 128³ sample on one core (tree + voxels + image + NIfTI files written with their
// SHA-256, as a generate worker does), over one sample of each preset of the mix, with the time
// of each stage; then `vessel-lab generate` on every core for 24 samples (wall time of the whole
// command, worker start-up included) and the hours that rate gives for 16,500 samples.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { makeSample, SAMPLE_PRESET_NAMES, sampleSpec } from "../src/dataset/index.js";
import { writeSample } from "../src/cli/datasetFiles.js";
import type { Report } from "./run.js";

const SIZE = 128;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function run(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "vl-bench-synth-"));
  try {
    writeSample(dir, makeSample(sampleSpec(0, { preset: "brain-tof", size: SIZE })), {}); // warm-up
    const stages = { grow: [] as number[], voxelize: [] as number[], image: [] as number[], write: [] as number[], total: [] as number[] };
    for (const [i, preset] of SAMPLE_PRESET_NAMES.entries()) {
      const t0 = performance.now();
      const sample = makeSample(sampleSpec(i + 1, { preset, size: SIZE }));
      const t1 = performance.now();
      writeSample(dir, sample, {});
      const t2 = performance.now();
      stages.grow.push(sample.timings.grow / 1000);
      stages.voxelize.push(sample.timings.voxelize / 1000);
      stages.image.push(sample.timings.image / 1000);
      stages.write.push((t2 - t1) / 1000);
      stages.total.push((t2 - t0) / 1000);
      console.error(`synth bench: ${preset.padEnd(13)} grow ${sample.timings.grow.toFixed(0)} ms, voxelise ${sample.timings.voxelize.toFixed(0)} ms, image ${sample.timings.image.toFixed(0)} ms, write ${(t2 - t1).toFixed(0)} ms`);
    }
    report("synth_sample_128_s", median(stages.total), "s");
    report("synth_sample_128_mean_s", mean(stages.total), "s");
    for (const stage of ["grow", "voxelize", "image", "write"] as const) report(`synth_${stage}_128_mean_s`, mean(stages[stage]), "s");

    const count = 24;
    const out = join(dir, "generate");
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["bin/vessel-lab.js", "generate", "--count", String(count), "--size", String(SIZE), "--out", out], { encoding: "utf8" });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
    console.error(`synth bench: ${r.stderr.trim()} (${availableParallelism()} cores)`);
    const rate = count / seconds;
    report("synth_samples_per_s", rate, "samples/s");
    report("synth_16500_h", 16500 / rate / 3600, "h");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
