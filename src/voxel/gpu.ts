/**
 * The WebGPU voxeliser: shaders/voxelise.wgsl behind a small object with a lifetime. The
 * pipeline is built once; each call bins the primitives into bricks on the CPU, uploads them,
 * and runs the grid in z-slabs small enough for the device's storage-binding limit, reading
 * each slab back into the label maps.
 */
import { WGSL } from "../shaders.generated.js";
import { ComputeKernel, readBuffer, storageBuffer, uniformBuffer, uniformView, type GpuContext } from "../gpu/index.js";
import type { VesselTree } from "../geometry/tree.js";
import { binPrimitives, BRICK } from "./bricks.js";
import type { GridSpec } from "./grid.js";
import { emptyLabelMaps, finishLabelMaps, type LabelMaps } from "./labelMaps.js";
import { localPrimitives, smoothingWidth } from "./primitives.js";

export interface GpuVoxeliseOptions {
  /** Cap on one slab's output buffer in bytes (default: the device's binding limit, at most 256 MiB). */
  maxSlabBytes?: number;
}

export class GpuVoxeliser {
  readonly #gpu: GpuContext;
  readonly #kernel: ComputeKernel;
  #disposed = false;

  constructor(gpu: GpuContext) {
    this.#gpu = gpu;
    this.#kernel = new ComputeKernel(gpu.device, WGSL.voxelise, "voxelise");
  }

  async voxelise(tree: VesselTree, grid: GridSpec, options: GpuVoxeliseOptions = {}): Promise<LabelMaps> {
    const { count, data } = localPrimitives(tree, grid);
    return this.voxelisePrimitives(data, count, grid, options);
  }

  async voxelisePrimitives(prims: Float32Array, count: number, grid: GridSpec, { maxSlabBytes }: GpuVoxeliseOptions = {}): Promise<LabelMaps> {
    if (this.#disposed) throw new Error("GpuVoxeliser: used after dispose()");
    if (this.#gpu.isLost) throw new Error("GpuVoxeliser: the GPU device was lost");
    const { device } = this.#gpu;
    const maps = emptyLabelMaps(grid);
    const [nx, ny, nz] = grid.dims;
    const bricks = binPrimitives(prims, count, grid);
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize, maxSlabBytes ?? 256 * 2 ** 20);
    const slabDepth = Math.min(Math.ceil(nz / BRICK) * BRICK, Math.floor(limit / (nx * ny * 4) / BRICK) * BRICK);
    if (slabDepth < BRICK)
      throw new RangeError(`GpuVoxeliser: a ${nx}×${ny} slice is too large for this GPU's storage-buffer limit (${limit} bytes); use the CPU path`);
    const maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
    if (bricks.counts[0] > maxWorkgroups || bricks.counts[1] > maxWorkgroups)
      throw new RangeError(`GpuVoxeliser: ${nx}×${ny} needs more than ${maxWorkgroups} workgroups per dimension; use the CPU path`);

    const code = WGSL.voxelise;
    const params = uniformView(code, "grid");
    const h = smoothingWidth(grid);
    const uniforms = uniformBuffer(device, params.arrayBuffer, "voxelise grid");
    const primBuf = storageBuffer(device, prims.length ? prims : new Float32Array(1), "voxelise primitives");
    const startBuf = storageBuffer(device, bricks.start, "voxelise brick starts");
    const itemBuf = storageBuffer(device, bricks.items.length ? bricks.items : new Uint32Array(1), "voxelise brick items");
    const slabVoxels = nx * ny * slabDepth;
    const fracBuf = storageBuffer(device, slabVoxels * 4, "voxelise fraction");
    const flowBuf = storageBuffer(device, slabVoxels * 4, "voxelise flow");
    const labelBuf = storageBuffer(device, slabVoxels * 4, "voxelise labels");
    const bindGroup = this.#kernel.bindGroup({
      grid: uniforms,
      prims: primBuf,
      brickStart: startBuf,
      brickItems: itemBuf,
      fraction: fracBuf,
      flow: flowBuf,
      labels: labelBuf,
    });
    try {
      for (let z0 = 0; z0 < nz; z0 += slabDepth) {
        const depth = Math.min(slabDepth, nz - z0);
        params.set({ dims: [nx, ny, nz], zStart: z0, spacing: grid.spacing, h, bricks: bricks.counts, slabDepth: depth });
        device.queue.writeBuffer(uniforms, 0, params.arrayBuffer);
        device.pushErrorScope("validation");
        device.pushErrorScope("out-of-memory");
        const encoder = device.createCommandEncoder({ label: "voxelise slab" });
        this.#kernel.encode(encoder, bindGroup, bricks.counts[0], bricks.counts[1], Math.ceil(depth / BRICK));
        device.queue.submit([encoder.finish()]);
        const oom = await device.popErrorScope();
        const invalid = await device.popErrorScope();
        if (oom || invalid) throw new Error(`GpuVoxeliser: ${(oom ?? invalid)!.message}`);
        const bytes = nx * ny * depth * 4;
        const [frac, flow, labels] = await Promise.all([
          readBuffer(device, fracBuf, bytes),
          readBuffer(device, flowBuf, bytes),
          readBuffer(device, labelBuf, bytes),
        ]);
        if (this.#gpu.isLost) throw new Error("GpuVoxeliser: the GPU device was lost during the run");
        const offset = z0 * nx * ny;
        maps.fraction.data.set(new Float32Array(frac), offset);
        maps.flow.data.set(new Float32Array(flow), offset);
        const packed = new Uint32Array(labels);
        const cls = maps.classes.data,
          cl = maps.centreline.data;
        for (let v = 0; v < packed.length; v++) {
          cls[offset + v] = packed[v] & 0xff;
          cl[offset + v] = (packed[v] >> 8) & 1;
        }
      }
    } finally {
      for (const b of [uniforms, primBuf, startBuf, itemBuf, fracBuf, flowBuf, labelBuf]) b.destroy();
    }
    return finishLabelMaps(maps);
  }

  /** Safe to call more than once. The GpuContext stays with its owner. */
  dispose(): void {
    this.#disposed = true;
  }
}
