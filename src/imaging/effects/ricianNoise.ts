/**
 * Rician noise, as in MR magnitude images: independent Gaussian noise of standard deviation
 * `sigma` on the real and imaginary channels of the signal (in − floor), then the magnitude.
 * On a zero signal this is Rayleigh, mean sigma·√(π/2); on a strong one close to Gaussian.
 */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import { CHUNK, fillNormal, noiseStream } from "../internal/noiseStream.js";

export function ricianNoise(image: Volume<Float32Array>, params: { sigma: number; floor: number }, rng: Rng, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkRange("ricianNoise", "sigma", params.sigma, 0, 1e6);
  checkFinite("ricianNoise", "floor", params.floor);
  const o = outputFor(image, out, "ricianNoise");
  const s = params.sigma, floor = params.floor;
  if (s === 0) return o;
  const data = o.data, n = data.length;
  const state = noiseStream(rng), z = new Float64Array(2 * CHUNK);
  for (let v0 = 0; v0 < n; v0 += CHUNK) {
    const m = Math.min(CHUNK, n - v0);
    fillNormal(state, z, 2 * m);
    for (let i = 0; i < m; i++) {
      const re = data[v0 + i] - floor + s * z[2 * i];
      const im = s * z[2 * i + 1];
      data[v0 + i] = floor + Math.sqrt(re * re + im * im);
    }
  }
  return o;
}
