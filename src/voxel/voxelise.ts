/**
 * The voxelisation stage's one entry point: the GPU path when a live GpuContext is given,
 * the CPU reference otherwise or when the GPU fails; the result says which ran and why.
 */
import type { GpuContext } from "../gpu/index.js";
import type { VesselTree } from "../geometry/tree.js";
import { voxeliseCpu } from "./cpu.js";
import { GpuVoxeliser, type GpuVoxeliseOptions } from "./gpu.js";
import type { GridSpec } from "./grid.js";
import type { LabelMaps } from "./labelMaps.js";

export interface VoxeliseResult {
  maps: LabelMaps;
  path: "gpu" | "cpu";
  /** Why the CPU ran, when it did. */
  reason?: string;
  ms: number;
}

const voxelisers = new WeakMap<GpuContext, GpuVoxeliser>();

export async function voxelise(
  tree: VesselTree,
  grid: GridSpec,
  { gpu, ...options }: { gpu?: GpuContext | null; cpuReason?: string } & GpuVoxeliseOptions = {},
): Promise<VoxeliseResult> {
  const t0 = performance.now();
  let reason = options.cpuReason ?? "no GPU was offered";
  if (gpu && !gpu.isLost) {
    try {
      let v = voxelisers.get(gpu);
      if (!v) voxelisers.set(gpu, (v = new GpuVoxeliser(gpu)));
      const maps = await v.voxelise(tree, grid, options);
      return { maps, path: "gpu", ms: performance.now() - t0 };
    } catch (error) {
      reason = `the GPU path failed (${(error as Error).message}), so the CPU ran instead`;
    }
  } else if (gpu?.isLost) reason = "the GPU device was lost, so the CPU ran instead";
  const t1 = performance.now();
  const maps = voxeliseCpu(tree, grid);
  return { maps, path: "cpu", reason, ms: performance.now() - t1 };
}
