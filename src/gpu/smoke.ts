import { WGSL } from "../shaders.generated.js";
import { readBuffer, storageBuffer, uniformBuffer } from "./buffers.js";
import type { GpuContext } from "./context.js";
import { ComputeKernel } from "./kernel.js";
import { uniformView } from "./layout.js";

export interface SmokeParams {
  scale: number;
  offset: number;
}

/** CPU twin of shaders/smoke.wgsl (in float32, as the GPU computes). */
export function smokeCpu(input: Float32Array, { scale, offset }: SmokeParams): Float32Array {
  const out = new Float32Array(input.length);
  const s = Math.fround(scale);
  const o = Math.fround(offset);
  for (let i = 0; i < input.length; i++) out[i] = Math.fround(Math.fround(s * input[i]) * input[i]) + o;
  return out;
}

/**
 * Whether the GPU's output agrees with the CPU twin's: the largest absolute difference, and
 * agreement when it is at most `relative` times the largest |CPU value| (at least 1), float32's
 * room for a different order of operations.
 */
export function compareWithCpu(got: ArrayLike<number>, want: ArrayLike<number>, relative = 1e-4): { maxDiff: number; ok: boolean } {
  if (got.length !== want.length)
    throw new RangeError(`compareWithCpu: the GPU gave ${got.length} values and the CPU ${want.length}; they must be the same length`);
  let maxDiff = 0;
  let scale = 1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return { maxDiff, ok: maxDiff <= relative * scale };
}

/** Runs shaders/smoke.wgsl on `input` and returns its output. */
export async function smokeGpu(gpu: GpuContext, input: Float32Array, { scale, offset }: SmokeParams): Promise<Float32Array> {
  const { device } = gpu;
  const code = WGSL.smoke;
  const kernel = new ComputeKernel(device, code, "smoke");
  const params = uniformView(code, "params");
  params.set({ scale, offset, count: input.length });
  const uniforms = uniformBuffer(device, params.arrayBuffer, "smoke params");
  const src = storageBuffer(device, input, "smoke input");
  const dst = storageBuffer(device, input.byteLength, "smoke output");
  try {
    const encoder = device.createCommandEncoder({ label: "smoke" });
    kernel.encode(encoder, kernel.bindGroup({ params: uniforms, input: src, output: dst }), Math.ceil(input.length / 64));
    device.queue.submit([encoder.finish()]);
    return new Float32Array(await readBuffer(device, dst, input.byteLength));
  } finally {
    uniforms.destroy();
    src.destroy();
    dst.destroy();
  }
}
