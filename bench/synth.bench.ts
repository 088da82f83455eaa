// npm run bench -- synth
// Seconds per 128³ sample on one core (tree + voxels + image + NIfTI files written with their
// SHA-256, as a generate worker does), over two samples of each preset of the mix after a warm-up
// round of every preset (a generate worker makes thousands, so its code is compiled and warm), with
// the time of each stage; then `vessel-lab generate` on every core, run twice with different counts,
// for the steady rate and the hours it gives for 16,500 samples.
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
    for (const [i, preset] of SAMPLE_PRESET_NAMES.entries()) writeSample(dir, makeSample(sampleSpec(100 + i, { preset, size: SIZE })), {}); // warm-up
    const stages = { grow: [] as number[], voxelise: [] as number[], image: [] as number[], write: [] as number[], total: [] as number[] };
    for (const [i, preset] of [...SAMPLE_PRESET_NAMES, ...SAMPLE_PRESET_NAMES].entries()) {
      const t0 = performance.now();
      const sample = makeSample(sampleSpec(i + 1, { preset, size: SIZE }));
      const t1 = performance.now();
      writeSample(dir, sample, {});
      const t2 = performance.now();
      stages.grow.push(sample.timings.grow / 1000);
      stages.voxelise.push(sample.timings.voxelise / 1000);
      stages.image.push(sample.timings.image / 1000);
      stages.write.push((t2 - t1) / 1000);
      stages.total.push((t2 - t0) / 1000);
      console.error(
        `synth bench: ${preset.padEnd(13)} grow ${sample.timings.grow.toFixed(0)} ms, voxelise ${sample.timings.voxelise.toFixed(0)} ms, image ${sample.timings.image.toFixed(0)} ms, write ${(t2 - t1).toFixed(0)} ms`,
      );
    }
    report("synth_sample_128_s", median(stages.total), "s");
    report("synth_sample_128_mean_s", mean(stages.total), "s");
    // The figure names are kept as issues recorded them: synth_voxelize_128_mean_s keeps its American spelling.
    const figureOf = { grow: "grow", voxelise: "voxelize", image: "image", write: "write" } as const;
    for (const stage of ["grow", "voxelise", "image", "write"] as const) report(`synth_${figureOf[stage]}_128_mean_s`, mean(stages[stage]), "s");

    // Both cores through `generate` (worker threads). Start-up (process, workers, module loading) is paid once per
    // run, so two runs of different sizes give the steady rate that a run of 16,500 samples sees: the marginal rate
    // (n2 − n1) / (t2 − t1). The rate of the short run alone (start-up included) is reported too.
    const run = (count: number) => {
      const out = join(dir, `generate-${count}`);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["bin/vessel-lab.js", "generate", "--count", String(count), "--size", String(SIZE), "--out", out], {
        encoding: "utf8",
      });
      const seconds = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
      console.error(`synth bench: generate --count ${count}: ${seconds.toFixed(1)} s; ${r.stderr.trim().split("\n").pop()} (${availableParallelism()} cores)`);
      rmSync(out, { recursive: true, force: true });
      return seconds;
    };
    const [n1, n2] = [16, 96];
    const t1 = run(n1);
    const t2 = run(n2);
    const rate = (n2 - n1) / (t2 - t1);
    report("synth_samples_per_s", rate, "samples/s");
    report("synth_samples_per_s_with_startup", n2 / t2, "samples/s");
    report("synth_startup_s", Math.max(0, t1 - n1 / rate), "s");
    report("synth_16500_h", 16500 / rate / 3600, "h");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
