// shaders/vesselness.wgsl (GpuVesselness) against its CPU twin vesselness(), in headless Chromium's WebGPU
// (SwiftShader where there is no GPU: volumes of 32–36 voxels a side only). Stated tolerances: the vesselness within
// 1e-4 × the CPU's largest response at every voxel (float32 smoothing and eigenvalues against float64), and the
// radius map identical except at most 0.5 % of voxels (where two scales answer alike within float rounding), not
// counting voxels where both responses are under float32's smallest normal number 2^-126 (Sato's response far from
// a vessel: the CPU's float64 response, stored as float32, becomes 0 or subnormal yet still sets a radius; the GPU's
// float32 flushes it to 0 and sets none). Those are counted apart and reported.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { shaderLayout, uniformView } from "../../src/gpu/index.js";
import { WGSL } from "../../src/shaders.generated.js";
import { openBrowserModule, type BrowserModule } from "../support/browserModule.js";

interface Diff {
  voxels: number;
  maxDiff: number;
  cpuMax: number;
  gpuMax: number;
  radiusDiff: number;
  radiusDiffUnderflow: number;
  cpuNonzero: number;
  gpuNonzero: number;
  strong: number;
  strongOnTube: number;
  sameOptions: boolean;
  sameGrid: boolean;
  gpuMs: number;
  cpuMs: number;
}

const VESSELNESS_TOLERANCE = 1e-4;
const RADIUS_TOLERANCE = 0.005;

test("uniformView(vesselness.wgsl, 'conv' | 'scale') is laid out by reflection: 32 and 64 bytes, bindings 0–7", () => {
  // Conv: vec3u at 0, then u32 at 12, 16, 20; size roundUp(16, 24) = 32. Scale: vec3u 0, u32 12, vec3f 16, u32 28,
  // vec3f 32, f32 44, 48, 52, 56; size roundUp(16, 60) = 64 (WGSL §14.4).
  const conv = uniformView(WGSL.vesselness, "conv");
  const scale = uniformView(WGSL.vesselness, "scale");
  assert.equal(conv.arrayBuffer.byteLength, 32);
  assert.equal(scale.arrayBuffer.byteLength, 64);
  scale.set({ dims: [3, 4, 5], method: 1, normsDiag: [1, 2, 3], bright: 1, normsOff: [4, 5, 6], radius: 7, alpha: 8, beta: 9, c: 10 });
  assert.deepEqual([...new Uint32Array(scale.arrayBuffer, 0, 4)], [3, 4, 5, 1]);
  assert.deepEqual([...new Float32Array(scale.arrayBuffer, 16, 3)], [1, 2, 3]);
  assert.deepEqual([...new Float32Array(scale.arrayBuffer, 32, 7)], [4, 5, 6, 7, 8, 9, 10]);
  const defs = shaderLayout(WGSL.vesselness);
  const bindings = Object.fromEntries(Object.entries({ ...defs.uniforms, ...defs.storages }).map(([name, def]) => [name, def.binding]));
  assert.deepEqual(bindings, { conv: 0, taps: 1, src: 2, dst: 3, scale: 4, smoothed: 5, best: 6, bestRadius: 7 });
});

describe("shaders/vesselness.wgsl in headless Chromium", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/vesselness.entry.ts");
    const adapter = await m.call<{ available: boolean; reason?: string }>("adapter");
    assert.ok(adapter.available, `WebGPU adapter: ${adapter.reason}`);
  });
  after(async () => m?.close());

  const within = (name: string, d: Diff) => {
    const report = `${name}: ${JSON.stringify(d)}`;
    console.log(report);
    assert.ok(d.sameOptions, `the resolved options differ (${report})`);
    assert.ok(d.sameGrid, `the result's grid differs (${report})`);
    assert.ok(d.maxDiff <= VESSELNESS_TOLERANCE * d.cpuMax, `vesselness differs by ${d.maxDiff}, over ${VESSELNESS_TOLERANCE} × ${d.cpuMax} (${report})`);
    assert.ok(d.radiusDiff <= RADIUS_TOLERANCE * d.voxels, `the radius map differs at ${d.radiusDiff} of ${d.voxels} voxels (${report})`);
  };
  /** The case has vessels and the filter finds them: many strong voxels, nearly all in or next to a tube. */
  const findsTubes = (d: Diff) => {
    assert.ok(d.cpuMax > 0 && d.strong >= 100, `only ${d.strong} voxels answer over half the maximum ${d.cpuMax}`);
    assert.ok(d.strongOnTube >= 0.9 * d.strong, `${d.strong - d.strongOnTube} of ${d.strong} strong voxels lie off the tubes`);
  };

  test("GpuVesselness.vesselness(volume, {method: 'frangi', radii}) equals vesselness() on noisy bright tubes (anisotropic grid)", async () => {
    const d = await m.call<Diff>("compareCase", "frangi");
    findsTubes(d);
    assert.ok(d.cpuMax > 0.3 && d.cpuMax <= 1, `Frangi's maximum ${d.cpuMax} is out of (0.3, 1]`);
    within("frangi", d);
  });

  test("GpuVesselness.vesselness(volume, {method: 'sato', radii}) equals vesselness() on the same tubes", async () => {
    const d = await m.call<Diff>("compareCase", "sato");
    findsTubes(d);
    within("sato", d);
  });

  test("GpuVesselness.vesselness(volume, {bright: false}) equals vesselness() on dark tubes stored as int16", async () => {
    const d = await m.call<Diff>("compareCase", "dark");
    findsTubes(d);
    within("dark", d);
  });

  test("GpuVesselness.vesselness of a constant volume is 0 everywhere, radius 0, with Frangi and Sato", async () => {
    for (const name of ["constantFrangi", "constantSato"]) {
      const d = await m.call<Diff>("compareCase", name);
      assert.equal(d.gpuNonzero, 0, `${name}: ${JSON.stringify(d)}`);
      assert.equal(d.cpuNonzero, 0, `${name}: ${JSON.stringify(d)}`);
      assert.equal(d.radiusDiff, 0);
    }
  });

  test("GpuVesselness.vesselness refuses a volume over the storage-buffer limit, use after dispose() and a lost device", async () => {
    const r = await m.call<{ overLimit: string; afterDispose: string; afterLoss: string }>("refusals");
    assert.match(r.overLimit, /^RangeError: .*32×32×32 volume needs 131072 bytes.*limit of 65536 bytes.*CPU/);
    assert.match(r.afterDispose, /after dispose\(\)/);
    assert.match(r.afterLoss, /lost/);
  });

  test("no console errors", () => {
    assert.deepEqual(m.consoleErrors, [], m.consoleErrors.join("\n"));
  });
});
