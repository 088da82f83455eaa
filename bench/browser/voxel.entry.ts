// Browser side of the voxel benchmark: the WGSL path and the CPU path on the same tree and grid.
import { GpuContext, probeWebGPU } from "../../src/gpu/index.js";
import { GpuVoxeliser, gridForTree, voxeliseCpu } from "../../src/voxel/index.js";
import { growTree } from "../../src/geometry/index.js";

export async function run(size: number, runs = 3) {
  const report = await probeWebGPU();
  const tree = growTree({ preset: "brain", seed: 7 });
  const grid = gridForTree(tree, { size });
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    voxeliseCpu(tree, grid);
    cpu.push((performance.now() - t0) / 1000);
  }
  if (!report.available) return { adapter: null, reason: report.reason, cpu: median(cpu) };
  const gpu = await GpuContext.create();
  const v = new GpuVoxeliser(gpu);
  await v.voxelise(tree, grid); // warm-up: pipeline creation and first dispatch
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await v.voxelise(tree, grid);
    times.push((performance.now() - t0) / 1000);
  }
  gpu.dispose();
  return { adapter: `${report.vendor} ${report.architecture}`, fallback: report.isFallbackAdapter, cpu: median(cpu), gpu: median(times) };
}
