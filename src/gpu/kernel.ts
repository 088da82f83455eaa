/**
 * One compute pipeline made from one WGSL source: built once, dispatched many times.
 * Bindings are given by name (the WGSL variable names) and matched to binding numbers by
 * reflection, so host code never repeats the shader's numbering.
 */
import { shaderLayout } from "./layout.js";

export class ComputeKernel {
  readonly pipeline: GPUComputePipeline;
  readonly code: string;
  readonly #device: GPUDevice;

  constructor(device: GPUDevice, code: string, label: string, entryPoint = "main") {
    this.#device = device;
    this.code = code;
    const module = device.createShaderModule({ label, code });
    this.pipeline = device.createComputePipeline({ label, layout: "auto", compute: { module, entryPoint } });
  }

  /** A bind group for group 0 from WGSL variable names to buffers. */
  bindGroup(resources: Record<string, GPUBuffer>): GPUBindGroup {
    const defs = shaderLayout(this.code);
    const all = { ...defs.uniforms, ...defs.storages };
    const entries: GPUBindGroupEntry[] = Object.entries(resources).map(([name, buffer]) => {
      const def = all[name];
      if (!def) throw new RangeError(`ComputeKernel.bindGroup: the shader has no binding named "${name}"`);
      return { binding: def.binding, resource: { buffer } };
    });
    return this.#device.createBindGroup({ layout: this.pipeline.getBindGroupLayout(0), entries });
  }

  /** Records one dispatch into `encoder`. */
  encode(encoder: GPUCommandEncoder, bindGroup: GPUBindGroup, x: number, y = 1, z = 1): void {
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    pass.end();
  }
}
