// shaders/voxelise.wgsl against its CPU reference, in headless Chromium's WebGPU (SwiftShader
// where there is no GPU: small volumes only). Stated tolerances: fractions within 1e-4
// (float32 vs float64 arithmetic), binary labels and classes identical except at most 0.1 % of
// voxels (those whose fraction sits within float rounding of 0.5), centreline identical except
// at most 0.1 % (segments grazing a voxel face).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openBrowserModule, type BrowserModule } from "../support/browserModule.js";

interface Diff {
  voxels: number;
  maxFraction: number;
  maxFlow: number;
  binaryDiff: number;
  classDiff: number;
  centrelineDiff: number;
  cpuVessel: number;
  gpuSum: number;
  cpuSum: number;
}

describe("shaders/voxelise.wgsl in headless Chromium", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/voxelise.entry.ts");
    const adapter = await m.call<{ available: boolean; reason?: string }>("adapter");
    assert.ok(adapter.available, `WebGPU adapter: ${adapter.reason}`);
  });
  after(async () => m?.close());

  const within = (d: Diff) => {
    assert.ok(d.maxFraction <= 1e-4, `max fraction difference ${d.maxFraction}`);
    assert.ok(d.binaryDiff <= 0.001 * d.voxels, `binary differs at ${d.binaryDiff} of ${d.voxels} voxels`);
    assert.ok(d.classDiff <= 0.001 * d.voxels, `classes differ at ${d.classDiff}`);
    assert.ok(d.centrelineDiff <= 0.001 * d.voxels, `centreline differs at ${d.centrelineDiff} (${JSON.stringify(d)})`);
  };

  test("GpuVoxeliser.voxelise equals voxeliseCpu on branching, sub-voxel, aneurysm and stenosis vessels (anisotropic grid)", async () => {
    const d = await m.call<Diff>("compareCase", "branches");
    assert.ok(d.cpuVessel > 100, "the case has vessels");
    within(d);
    assert.ok(d.maxFlow <= 1e-3, `flow differs by ${d.maxFlow}`);
  });

  test("GpuVoxeliser.voxelise split into 4-slice slabs equals the CPU", async () => {
    within(await m.call<Diff>("compareCase", "branches", 4));
  });

  test("GpuVoxeliser.voxelise of a tree crossing the grid's edge equals the CPU", async () => {
    within(await m.call<Diff>("compareCase", "edge"));
  });

  test("GpuVoxeliser.voxelise of an empty tree is empty", async () => {
    const d = await m.call<Diff>("compareCase", "empty");
    assert.equal(d.gpuSum, 0);
    assert.equal(d.cpuSum, 0);
  });

  test("voxelise(tree, grid, {gpu}) on a lost device falls back to the CPU and says why", async () => {
    const r = await m.call<{ path: string; reason: string; cpuEqual: boolean }>("fallbackAfterLoss");
    assert.equal(r.path, "cpu");
    assert.match(r.reason, /lost/);
    assert.ok(r.cpuEqual);
  });

  test("no console errors", () => {
    assert.deepEqual(m.consoleErrors, [], m.consoleErrors.join("\n"));
  });
});
