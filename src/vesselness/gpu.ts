/**
 * The WebGPU vesselness filter: shaders/vesselness.wgsl behind an object with a lifetime, the twin of
 * vesselness(volume, {pyramid: false}) (same options, resolved by resolveVesselnessOptions; same result): on a GPU every
 * scale runs at full resolution, so the `pyramid` option is ignored and reported false. The two pipelines are built once; each call
 * uploads the volume as float32, records every scale (three Gaussian passes, then the Hessian, eigenvalues, response
 * and running maximum) into one command buffer, submits it once and reads the two maps back.
 */
import { WGSL } from "../shaders.generated.js";
import { ComputeKernel, readBuffer, storageBuffer, uniformBuffer, uniformView, type GpuContext } from "../gpu/index.js";
import type { Volume } from "../volume/index.js";
import { gaussianKernel } from "./gaussianKernel.js";
import { hessianNorms } from "./hessian.js";
import { VESSELNESS_TRUNCATE } from "./smoothVolume.js";
import type { VesselnessResult } from "./vesselness.js";
import { resolveVesselnessOptions, type VesselnessOptions } from "./vesselnessOptions.js";

/** The shader's @workgroup_size along each axis (both entry points). */
const WORKGROUP = 4;

export class GpuVesselness {
  readonly #gpu: GpuContext;
  readonly #convolve: ComputeKernel;
  readonly #respond: ComputeKernel;
  #disposed = false;

  constructor(gpu: GpuContext) {
    this.#gpu = gpu;
    this.#convolve = new ComputeKernel(gpu.device, WGSL.vesselness, "vesselness convolveAxis", "convolveAxis");
    this.#respond = new ComputeKernel(gpu.device, WGSL.vesselness, "vesselness respond", "respond");
  }

  /** The vesselness and scale map of `volume`, as vesselness(volume, options) computes them on the CPU. */
  async vesselness(volume: Volume, options: VesselnessOptions = {}): Promise<VesselnessResult> {
    if (this.#disposed) throw new Error("GpuVesselness: used after dispose()");
    if (this.#gpu.isLost) throw new Error("GpuVesselness: the GPU device was lost");
    const resolved = { ...resolveVesselnessOptions(volume, options), pyramid: false };
    const { device } = this.#gpu;
    const { dims, spacing } = volume;
    const [nx, ny, nz] = dims;
    const voxels = volume.data.length;
    const bytes = voxels * 4;
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    if (bytes > limit)
      throw new RangeError(
        `GpuVesselness: a ${nx}×${ny}×${nz} volume needs ${bytes} bytes per buffer, over this GPU's storage-buffer limit of ${limit} bytes; use vesselness() on the CPU, or crop or downsample the volume`,
      );
    const groups = [nx, ny, nz].map((n) => Math.ceil(n / WORKGROUP)) as [number, number, number];
    const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
    if (Math.max(...groups) > maxGroups)
      throw new RangeError(`GpuVesselness: ${nx}×${ny}×${nz} needs more than ${maxGroups} workgroups along one axis; use vesselness() on the CPU`);

    // Every pass's taps in one buffer: scale s, axis a at tapStarts[3s + a].
    const kernels = resolved.sigmas.flatMap((sigma) => spacing.map((h) => gaussianKernel(sigma / h, VESSELNESS_TRUNCATE)));
    const tapStarts: number[] = [];
    let tapCount = 0;
    for (const k of kernels) (tapStarts.push(tapCount), (tapCount += k.taps.length));
    const taps = new Float32Array(tapCount);
    kernels.forEach((k, i) => taps.set(k.taps, tapStarts[i]));

    const code = WGSL.vesselness;
    const convView = uniformView(code, "conv");
    const scaleView = uniformView(code, "scale");
    const input = volume.data instanceof Float32Array ? volume.data : Float32Array.from(volume.data);
    const created: GPUBuffer[] = [];
    const keep = (b: GPUBuffer) => (created.push(b), b);
    try {
      device.pushErrorScope("validation");
      device.pushErrorScope("out-of-memory");
      let failure: GPUError | null = null;
      let best: GPUBuffer, bestRadius: GPUBuffer;
      try {
        const tapBuf = keep(storageBuffer(device, taps, "vesselness taps"));
        const source = keep(storageBuffer(device, input, "vesselness input"));
        const ping = keep(storageBuffer(device, bytes, "vesselness smoothing a"));
        const pong = keep(storageBuffer(device, bytes, "vesselness smoothing b"));
        best = keep(storageBuffer(device, bytes, "vesselness best"));
        bestRadius = keep(storageBuffer(device, bytes, "vesselness radius"));
        const encoder = device.createCommandEncoder({ label: "vesselness" });
        const { method, bright, alpha, beta, c } = resolved;
        resolved.sigmas.forEach((sigma, s) => {
          // x: input → ping, y: ping → pong, z: pong → ping, as smoothVolume.
          const passes: [GPUBuffer, GPUBuffer][] = [
            [source, ping],
            [ping, pong],
            [pong, ping],
          ];
          passes.forEach(([from, to], axis) => {
            const k = kernels[3 * s + axis];
            convView.set({ dims: [nx, ny, nz], axis, radius: k.radius, tapStart: tapStarts[3 * s + axis] });
            const uniforms = keep(uniformBuffer(device, convView.arrayBuffer, `vesselness conv σ${s} axis ${axis}`));
            this.#convolve.encode(encoder, this.#convolve.bindGroup({ conv: uniforms, taps: tapBuf, src: from, dst: to }), ...groups);
          });
          const norms = hessianNorms(sigma, spacing);
          scaleView.set({
            dims: [nx, ny, nz],
            method: method === "frangi" ? 0 : 1,
            normsDiag: norms.subarray(0, 3),
            bright: bright ? 1 : 0,
            normsOff: norms.subarray(3, 6),
            radius: resolved.radii[s],
            alpha,
            beta,
            c,
          });
          const uniforms = keep(uniformBuffer(device, scaleView.arrayBuffer, `vesselness scale ${s}`));
          this.#respond.encode(encoder, this.#respond.bindGroup({ scale: uniforms, smoothed: ping, best, bestRadius }), ...groups);
        });
        device.queue.submit([encoder.finish()]);
      } finally {
        const oom = await device.popErrorScope();
        const invalid = await device.popErrorScope();
        failure = oom ?? invalid;
      }
      if (failure) throw new Error(`GpuVesselness: ${failure.message}`);
      const [v, r] = await Promise.all([readBuffer(device, best, bytes), readBuffer(device, bestRadius, bytes)]);
      if (this.#gpu.isLost) throw new Error("GpuVesselness: the GPU device was lost during the run");
      const grid = { dims: [...dims] as Volume["dims"], spacing: [...spacing] as Volume["spacing"], affine: [...volume.affine] };
      return { vesselness: { data: new Float32Array(v), ...grid }, radius: { data: new Float32Array(r), ...grid }, options: resolved };
    } finally {
      for (const b of created) b.destroy();
    }
  }

  /** Safe to call more than once. The GpuContext stays with its owner. */
  dispose(): void {
    this.#disposed = true;
  }
}
