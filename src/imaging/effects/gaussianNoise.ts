/** Additive Gaussian noise of standard deviation `sigma` (CT quantum noise after reconstruction, detector read noise). */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkRange, outputFor } from "../internal/grid.js";
import { CHUNK, fillNormal, noiseStream } from "../internal/noiseStream.js";

export function gaussianNoise(image: Volume<Float32Array>, params: { sigma: number }, rng: Rng, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkRange("gaussianNoise", "sigma", params.sigma, 0, 1e6);
  const o = outputFor(image, out, "gaussianNoise");
  const s = params.sigma;
  if (s === 0) return o;
  const data = o.data, n = data.length;
  const state = noiseStream(rng), z = new Float64Array(CHUNK);
  for (let v0 = 0; v0 < n; v0 += CHUNK) {
    const m = Math.min(CHUNK, n - v0);
    fillNormal(state, z, m);
    for (let i = 0; i < m; i++) data[v0 + i] += s * z[i];
  }
  return o;
}
