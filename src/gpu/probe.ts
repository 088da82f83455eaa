/** What this environment offers for WebGPU, or the reason it offers nothing. */
export interface WebGpuReport {
  available: boolean;
  /** Why WebGPU is unavailable, phrased for a person, with what to do. */
  reason?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  features?: string[];
  limits?: Record<string, number>;
}

/** Limits worth showing to a person deciding what volume size the GPU can take. */
export const KEY_LIMITS = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxComputeWorkgroupsPerDimension",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxStorageBuffersPerShaderStage",
  "maxTextureDimension3D",
] as const;

/**
 * Ask for a WebGPU adapter and describe it. Never throws: a missing API, a refused adapter
 * or an exception are all reported as `available: false` with a reason.
 */
export async function probeWebGPU(gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu): Promise<WebGpuReport> {
  if (!gpu) {
    return {
      available: false,
      reason:
        "This browser has no WebGPU API (navigator.gpu is undefined). Use a recent Chrome, Edge or Firefox Nightly; in Chromium on Linux start it with --enable-unsafe-webgpu. The lab falls back to the CPU.",
    };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return { available: false, reason: `requestAdapter() failed: ${(error as Error).message}. The lab falls back to the CPU.` };
  }
  if (!adapter) {
    return {
      available: false,
      reason:
        "The browser has WebGPU but gave no adapter (GPU blocklisted or disabled). In Chromium try --enable-unsafe-webgpu, or check chrome://gpu. The lab falls back to the CPU.",
    };
  }
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const limits: Record<string, number> = {};
  for (const name of KEY_LIMITS) limits[name] = Number((adapter.limits as unknown as Record<string, number>)[name]);
  return {
    available: true,
    vendor: info?.vendor || "unknown",
    architecture: info?.architecture || "unknown",
    device: info?.device || "",
    description: info?.description || "",
    isFallbackAdapter: Boolean(
      (info as unknown as { isFallbackAdapter?: boolean })?.isFallbackAdapter ?? (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter,
    ),
    features: [...adapter.features].sort(),
    limits,
  };
}
