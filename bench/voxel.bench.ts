// npm run bench -- voxel
// CPU voxelisation of grown trees of about 1,000 and 10,000 segments at 128³ and 256³, and,
// in the same run, the time to fill an array of the volume's size (the memory-bound floor).
import { gridForTree, voxeliseCpu } from "../src/voxel/index.js";
import { medianSeconds } from "./timing.js";
import type { Report } from "./run.js";
import { segmentsOf, treeWithSegments } from "./trees.js";
import { openBrowserModule } from "../test/support/browserModule.js";

export async function run(report: Report): Promise<void> {
  const t1k = treeWithSegments(1_000);
  const t10k = treeWithSegments(10_000);
  const segs = segmentsOf;
  console.error(`voxel bench: trees of ${segs(t1k)} and ${segs(t10k)} segments`);
  const fill128 = await medianSeconds(() => new Float32Array(128 ** 3).fill(1), { runs: 7 });
  report("voxel_fill_128_s", fill128, "s");
  const v1k = await medianSeconds(() => voxeliseCpu(t1k, gridForTree(t1k, { size: 128 })), { runs: 5 });
  report("voxel_cpu_1k_128_s", v1k, "s");
  const v10k = await medianSeconds(() => voxeliseCpu(t10k, gridForTree(t10k, { size: 128 })), { runs: 5 });
  report("voxel_cpu_10k_128_s", v10k, "s");
  report("voxel_cpu_10k_128_vs_fill", v10k / fill128, "ratio");
  const v10k256 = await medianSeconds(() => voxeliseCpu(t10k, gridForTree(t10k, { size: 256 })), { runs: 3 });
  report("voxel_cpu_10k_256_s", v10k256, "s");

  // In headless Chromium: the WGSL path against the CPU path on the default tree at 128³,
  // including upload, dispatch and readback. On SwiftShader (no GPU) this says nothing about
  // real GPUs; it is reported, never asserted.
  const m = await openBrowserModule("bench/browser/voxel.entry.ts");
  try {
    const r = await m.call<{ adapter: string | null; fallback?: boolean; reason?: string; cpu: number; gpu?: number }>("run", 128);
    console.error(`voxel bench (Chromium): adapter ${r.adapter ?? `none (${r.reason})`}${r.fallback ? ", a software fallback" : ""}`);
    report("voxel_chromium_cpu_1k_128_s", r.cpu, "s");
    if (r.gpu !== undefined) {
      report("voxel_chromium_gpu_1k_128_s", r.gpu, "s");
      report("voxel_chromium_gpu_vs_cpu", r.gpu / r.cpu, "ratio");
    }
  } finally {
    await m.close();
  }
}
