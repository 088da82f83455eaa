/**
 * A WebGPU device with a lifetime: created once, shared by the kernels of a page or a run,
 * and disposed when done. Device loss is reported through `lost` (a promise that resolves
 * with the reason) and `isLost`, so callers can fall back to their CPU path and say why.
 */
export class GpuContext {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly lost: Promise<string>;
  #lost = false;
  #disposed = false;

  private constructor(adapter: GPUAdapter, device: GPUDevice) {
    this.adapter = adapter;
    this.device = device;
    this.lost = device.lost.then((info) => {
      this.#lost = true;
      return info.reason === "destroyed" ? "the device was destroyed" : `the GPU device was lost (${info.message || info.reason})`;
    });
  }

  get isLost(): boolean {
    return this.#lost;
  }

  /**
   * Request an adapter and a device with the adapter's own storage-buffer limits (the
   * defaults are far smaller than most GPUs allow, and volumes need the room).
   * Throws an Error whose message says what is missing and that the CPU path remains.
   */
  static async create(gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu): Promise<GpuContext> {
    if (!gpu) throw new Error("WebGPU is not available here (navigator.gpu is undefined); use the CPU path.");
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error("WebGPU gave no adapter (GPU disabled or blocklisted); use the CPU path.");
    const want = ["maxBufferSize", "maxStorageBufferBindingSize", "maxComputeWorkgroupsPerDimension"] as const;
    const requiredLimits: Record<string, number> = {};
    for (const name of want) requiredLimits[name] = adapter.limits[name];
    const device = await adapter.requestDevice({ requiredLimits });
    return new GpuContext(adapter, device);
  }

  /** Destroys the device. Safe to call more than once. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.device.destroy();
  }
}
