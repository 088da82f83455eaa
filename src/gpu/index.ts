export { probeWebGPU, KEY_LIMITS, type WebGpuReport } from "./probe.js";
export { GpuContext } from "./context.js";
export { ComputeKernel } from "./kernel.js";
export { shaderLayout, uniformView } from "./layout.js";
export { storageBuffer, uniformBuffer, readBuffer } from "./buffers.js";
export { smokeCpu, smokeGpu, compareWithCpu, type SmokeParams } from "./smoke.js";
