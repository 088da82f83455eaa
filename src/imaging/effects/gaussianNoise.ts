/** Additive Gaussian noise of standard deviation `sigma` (CT quantum noise after reconstruction, detector read noise). */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import { CHUNK, fillNormal, noiseStream } from "../internal/noiseStream.js";

/** The effect as a kernel over voxel ranges (null when sigma is 0). */
export function gaussianNoiseKernel(params: { sigma: number }, rng: Rng): PointwiseKernel | null {
  checkRange("gaussianNoise", "sigma", params.sigma, 0, 1e6);
  const s = params.sigma;
  if (s === 0) return null;
  const state = noiseStream(rng),
    z = new Float64Array(CHUNK);
  return (data, v0, v1) => {
    for (let a = v0; a < v1; a += CHUNK) {
      const m = Math.min(CHUNK, v1 - a);
      fillNormal(state, z, m);
      for (let i = 0; i < m; i++) data[a + i] += s * z[i];
    }
  };
}

export function gaussianNoise(image: Volume<Float32Array>, params: { sigma: number }, rng: Rng, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = gaussianNoiseKernel(params, rng);
  const o = outputFor(image, out, "gaussianNoise");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
