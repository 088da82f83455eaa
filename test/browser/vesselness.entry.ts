// Browser side of test/e2e/vesselness-shader.test.ts: runs the WGSL vesselness filter and the CPU reference on the
// same volumes and returns how they differ.
import { GpuContext, probeWebGPU } from "../../src/gpu/index.js";
import { loseDevice } from "./loseDevice.js";
import { GpuVesselness, vesselness, type VesselnessOptions, type VesselnessResult } from "../../src/vesselness/index.js";
import { createVolume, type Vec3, type Volume } from "../../src/volume/index.js";
import { createRng } from "../../src/random/index.js";

export async function adapter() {
  return probeWebGPU();
}

interface Tube {
  point: Vec3;
  dir: Vec3;
  radius: number;
}

const SPACING: Vec3 = [0.5, 0.5, 1.5];
const DIMS: Vec3 = [36, 36, 32];
// Two oblique tubes (mm): a wide one through the centre and a thin one crossing the volume.
const TUBES: Tube[] = [
  { point: [9, 9, 24], dir: [0.3, 0.45, 1], radius: 1.2 },
  { point: [5, 12, 16], dir: [1, -0.35, 0.6], radius: 0.6 },
];
const RADII = [0.6, 1.2, 2.4];

function distanceToTube(p: Vec3, { point, dir }: Tube): number {
  const len = Math.hypot(...dir);
  const u = dir.map((x) => x / len);
  const d = p.map((x, i) => x - point[i]);
  const t = d[0] * u[0] + d[1] * u[1] + d[2] * u[2];
  return Math.hypot(d[0] - t * u[0], d[1] - t * u[1], d[2] - t * u[2]);
}

/** Smallest (distance − radius) over the tubes, in mm: negative inside a tube. */
function tubeDepth(x: number, y: number, z: number): number {
  const p: Vec3 = [x * SPACING[0], y * SPACING[1], z * SPACING[2]];
  return Math.min(...TUBES.map((t) => distanceToTube(p, t) - t.radius));
}

/** Background `background`, tubes `background + contrast` with soft (0.25 mm) edges, Gaussian noise of σ `noise`. */
function tubeVolume<T extends Float32Array | Int16Array>(ArrayType: { new (n: number): T }, background: number, contrast: number, noise: number): Volume<T> {
  const vol = createVolume(ArrayType, DIMS, SPACING);
  const rng = createRng("vesselness-shader");
  for (let z = 0, v = 0; z < DIMS[2]; z++)
    for (let y = 0; y < DIMS[1]; y++)
      for (let x = 0; x < DIMS[0]; x++, v++) {
        const inside = 1 / (1 + Math.exp(tubeDepth(x, y, z) / 0.25));
        vol.data[v] = background + contrast * inside + rng.normal(0, noise);
      }
  return vol;
}

const CASES: Record<string, () => { volume: Volume; options: VesselnessOptions }> = {
  frangi: () => ({ volume: tubeVolume(Float32Array, 100, 100, 8), options: { method: "frangi", radii: RADII } }),
  sato: () => ({ volume: tubeVolume(Float32Array, 100, 100, 8), options: { method: "sato", radii: RADII } }),
  // Dark vessels stored as int16 (the filter reads any voxel type as float32).
  dark: () => ({ volume: tubeVolume(Int16Array, 300, -120, 10), options: { method: "frangi", radii: RADII, bright: false } }),
  constantFrangi: () => ({ volume: constantVolume(), options: { method: "frangi", radii: RADII } }),
  constantSato: () => ({ volume: constantVolume(), options: { method: "sato", radii: RADII } }),
};

function constantVolume(): Volume {
  const vol = createVolume(Float32Array, [32, 32, 32], SPACING);
  vol.data.fill(7.25);
  return vol;
}

/** float32's smallest normal number, 2^−126. */
const FLT_MIN = 2 ** -126;

/**
 * How the GPU's maps differ from the CPU's. `radiusDiff` counts the voxels whose radius differs, except those where
 * both responses lie under FLT_MIN (`radiusDiffUnderflow`): there the CPU compared its float64 response before
 * storing it as float32 (0 or subnormal, and a radius with it), while float32 on the GPU flushes it to 0.
 */
function compare(gpu: VesselnessResult, cpu: VesselnessResult) {
  const g = gpu.vesselness.data,
    c = cpu.vesselness.data;
  const voxels = c.length;
  let maxDiff = 0,
    cpuMax = 0,
    gpuMax = 0,
    radiusDiff = 0,
    radiusDiffUnderflow = 0,
    cpuNonzero = 0,
    gpuNonzero = 0;
  for (let v = 0; v < voxels; v++) {
    maxDiff = Math.max(maxDiff, Math.abs(g[v] - c[v]));
    cpuMax = Math.max(cpuMax, c[v]);
    gpuMax = Math.max(gpuMax, g[v]);
    if (gpu.radius.data[v] !== cpu.radius.data[v]) {
      // Both responses under float32's smallest normal number: the CPU's float64 response underflowed when stored.
      if (Math.max(g[v], c[v]) < FLT_MIN) radiusDiffUnderflow++;
      else radiusDiff++;
    }
    if (c[v] !== 0) cpuNonzero++;
    if (g[v] !== 0) gpuNonzero++;
  }
  // Where the CPU answers strongly (over half its maximum), and how much of that lies in or next to a tube (1 mm).
  const [nx, ny, nz] = cpu.vesselness.dims;
  let strong = 0,
    strongOnTube = 0;
  for (let z = 0, v = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++, v++)
        if (c[v] > 0.5 * cpuMax) {
          strong++;
          if (tubeDepth(x, y, z) < 1) strongOnTube++;
        }
  const sameOptions = JSON.stringify(gpu.options) === JSON.stringify(cpu.options);
  const sameGrid =
    JSON.stringify([gpu.vesselness.dims, gpu.vesselness.spacing, gpu.radius.affine]) ===
    JSON.stringify([cpu.vesselness.dims, cpu.vesselness.spacing, cpu.radius.affine]);
  return { voxels, maxDiff, cpuMax, gpuMax, radiusDiff, radiusDiffUnderflow, cpuNonzero, gpuNonzero, strong, strongOnTube, sameOptions, sameGrid };
}

/** GPU vs CPU on one named case, with the GPU's wall time. */
export async function compareCase(name: string) {
  const { volume, options } = CASES[name]();
  const gpu = await GpuContext.create();
  try {
    const filter = new GpuVesselness(gpu);
    const t0 = performance.now();
    const g = await filter.vesselness(volume, options);
    const gpuMs = performance.now() - t0;
    const t1 = performance.now();
    const c = vesselness(volume, { ...options, pyramid: false }); // the GPU runs every scale at full resolution
    const cpuMs = performance.now() - t1;
    filter.dispose();
    return { ...compare(g, c), gpuMs, cpuMs };
  } finally {
    gpu.dispose();
  }
}

/** A device whose storage-buffer limit is `limit` bytes: the real one behind a proxy that reports smaller limits. */
function limitedContext(gpu: GpuContext, limit: number): GpuContext {
  const limits = {
    maxStorageBufferBindingSize: limit,
    maxBufferSize: limit,
    maxComputeWorkgroupsPerDimension: gpu.device.limits.maxComputeWorkgroupsPerDimension,
  };
  const device = new Proxy(gpu.device, {
    get(target, key) {
      if (key === "limits") return limits;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { device, adapter: gpu.adapter, lost: gpu.lost, isLost: false } as unknown as GpuContext;
}

/** What GpuVesselness says about a volume over the storage-buffer limit, after dispose(), and on a lost device. */
export async function refusals() {
  const gpu = await GpuContext.create();
  const messages = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return "no error";
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  try {
    const volume = constantVolume();
    const overLimit = await messages(() => new GpuVesselness(limitedContext(gpu, 64 * 1024)).vesselness(volume));
    const filter = new GpuVesselness(gpu);
    filter.dispose();
    filter.dispose();
    const afterDispose = await messages(() => filter.vesselness(volume));
    const live = new GpuVesselness(gpu);
    await loseDevice(gpu);
    const afterLoss = await messages(() => live.vesselness(volume));
    return { overLimit, afterDispose, afterLoss };
  } finally {
    gpu.dispose();
  }
}
