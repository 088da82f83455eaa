/**
 * Rician noise, as in MR magnitude images: independent Gaussian noise of standard deviation
 * `sigma` on the real and imaginary channels of the signal (in − floor), then the magnitude.
 * On a zero signal this is Rayleigh, mean sigma·√(π/2); on a strong one close to Gaussian.
 */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import { CHUNK, fillNormal, noiseStream } from "../internal/noiseStream.js";

/** floor + |value − floor + s·(z0 + i·z1)|: one voxel, from two standard normals. */
export function ricianValue(value: number, s: number, z0: number, z1: number, floor: number): number {
  const re = value - floor + s * z0;
  const im = s * z1;
  return floor + Math.sqrt(re * re + im * im);
}

/** The effect as a kernel over voxel ranges (null when sigma is 0). */
export function ricianNoiseKernel(params: { sigma: number; floor: number }, rng: Rng): PointwiseKernel | null {
  checkRange("ricianNoise", "sigma", params.sigma, 0, 1e6);
  checkFinite("ricianNoise", "floor", params.floor);
  const s = params.sigma,
    floor = params.floor;
  if (s === 0) return null;
  const state = noiseStream(rng),
    z = new Float64Array(2 * CHUNK);
  return (data, v0, v1) => {
    for (let a = v0; a < v1; a += CHUNK) {
      const m = Math.min(CHUNK, v1 - a);
      fillNormal(state, z, 2 * m);
      for (let i = 0; i < m; i++) data[a + i] = ricianValue(data[a + i], s, z[2 * i], z[2 * i + 1], floor);
    }
  };
}

export function ricianNoise(image: Volume<Float32Array>, params: { sigma: number; floor: number }, rng: Rng, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = ricianNoiseKernel(params, rng);
  const o = outputFor(image, out, "ricianNoise");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
