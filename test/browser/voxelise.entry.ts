// Browser side of test/e2e/voxelise-shader.test.ts: runs the WGSL voxeliser and the CPU
// reference on the same trees and returns how they differ.
import { GpuContext, probeWebGPU } from "../../src/gpu/index.js";
import { loseDevice } from "./loseDevice.js";
import { GpuVoxeliser, voxeliseCpu, gridFromBox, voxelise, type LabelMaps, type GridSpec } from "../../src/voxel/index.js";
import type { VesselTree } from "../../src/geometry/tree.js";
import { polylineTree, multiTree, circle, emptyTree } from "../support/trees.js";

export async function adapter() {
  return probeWebGPU();
}

function compare(gpu: LabelMaps, cpu: LabelMaps) {
  const n = cpu.fraction.data.length;
  let cpuOnly = 0;
  let maxFraction = 0,
    maxFlow = 0,
    binaryDiff = 0,
    classDiff = 0,
    centrelineDiff = 0,
    cpuVessel = 0,
    gpuSum = 0,
    cpuSum = 0;
  for (let v = 0; v < n; v++) {
    maxFraction = Math.max(maxFraction, Math.abs(gpu.fraction.data[v] - cpu.fraction.data[v]));
    maxFlow = Math.max(maxFlow, Math.abs(gpu.flow.data[v] - cpu.flow.data[v]));
    if (gpu.binary.data[v] !== cpu.binary.data[v]) binaryDiff++;
    if (gpu.classes.data[v] !== cpu.classes.data[v]) classDiff++;
    if (gpu.centreline.data[v] !== cpu.centreline.data[v]) {
      centrelineDiff++;
      if (cpu.centreline.data[v]) cpuOnly++;
    }
    cpuVessel += cpu.binary.data[v];
    gpuSum += gpu.fraction.data[v];
    cpuSum += cpu.fraction.data[v];
  }
  return { cpuOnly, voxels: n, maxFraction, maxFlow, binaryDiff, classDiff, centrelineDiff, cpuVessel, gpuSum, cpuSum };
}

const CASES: Record<string, () => { tree: VesselTree; grid: GridSpec }> = {
  branches: () => ({
    tree: multiTree([
      { points: circle([10.13, 9.91, 6.07], 7, 24), radius: 1.3 },
      {
        points: [
          [1, 1, 1],
          [18.5, 2, 11],
        ],
        radius: 0.2,
      },
      {
        points: [
          [3, 17, 2],
          [3.2, 17.1, 2],
        ],
        radius: 2.5,
        label: 3,
      },
      {
        points: [
          [2, 12, 9],
          [9, 14, 10],
          [17, 11, 12],
        ],
        radius: 0.9,
        label: 2,
      },
    ]),
    grid: gridFromBox({ min: [0, 0, 0], max: [20, 19, 13] }, [0.9, 1, 1.2]),
  }),
  edge: () => ({
    tree: polylineTree(
      [
        [-10, 5.2, 4.9],
        [6, 5.2, 4.9],
      ],
      2,
    ),
    grid: gridFromBox({ min: [-0.5, 0, 0], max: [12, 10, 10] }, 0.5),
  }),
  empty: () => ({ tree: emptyTree(), grid: gridFromBox({ min: [0, 0, 0], max: [8, 8, 8] }, 1) }),
};

/** GPU vs CPU on one named case; `slabSlices` forces slabs of that many z-slices. */
export async function compareCase(name: string, slabSlices?: number) {
  const { tree, grid } = CASES[name]();
  const maxSlabBytes = slabSlices ? grid.dims[0] * grid.dims[1] * 4 * slabSlices : undefined;
  const gpu = await GpuContext.create();
  try {
    const v = new GpuVoxeliser(gpu);
    const g = await v.voxelise(tree, grid, { maxSlabBytes });
    const c = voxeliseCpu(tree, grid);
    return compare(g, c);
  } finally {
    gpu.dispose();
  }
}

/** The stage's entry point on a lost device: it must fall back to the CPU and say why. */
export async function fallbackAfterLoss() {
  const { tree, grid } = CASES.branches();
  const gpu = await GpuContext.create();
  await loseDevice(gpu);
  const r = await voxelise(tree, grid, { gpu });
  return { path: r.path, reason: r.reason, cpuEqual: compare(r.maps, voxeliseCpu(tree, grid)).maxFraction === 0 };
}
