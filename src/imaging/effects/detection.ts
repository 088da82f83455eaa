/**
 * Detection and display in one pass: Poisson → Gaussian → Rician noise, then the intensity
 * transform, voxel by voxel. Each noise draws its own stream in voxel order and every value is
 * rounded to float32 between effects, so the bytes are those of poissonNoiseKernel,
 * gaussianNoiseKernel, ricianNoiseKernel and intensityKernel run one after the other; but each
 * voxel is read and written once instead of up to four times.
 */
import type { Rng } from "../../random/index.js";
import { checkFinite, checkRange } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import { CHUNK, fillNormal, fillUniform, noiseStream } from "../internal/noiseStream.js";
import type { IntensityParams, NoiseParams } from "../params.js";
import { intensityMap, mapIntensity, type IntensityMap } from "./intensityTransform.js";
import { poissonCount, poissonTables } from "./poissonNoise.js";
import { ricianValue } from "./ricianNoise.js";

/** The streams of the three noises (synthesiseImage forks "noise.poisson", "noise.gaussian", "noise.rician"). */
export interface DetectionStreams {
  poisson: Rng;
  gaussian: Rng;
  rician: Rng;
}

export function detectionKernel(params: { noise: NoiseParams; intensity: IntensityParams; floor: number }, streams: DetectionStreams): PointwiseKernel {
  const { noise, floor } = params;
  checkRange("poissonNoise", "photonsPerUnit", noise.poisson, 0, 1e9);
  checkRange("gaussianNoise", "sigma", noise.gaussian, 0, 1e6);
  checkRange("ricianNoise", "sigma", noise.rician, 0, 1e6);
  checkFinite("detection", "floor", floor);
  const t = intensityMap({ ...params.intensity, floor });
  const k = noise.poisson,
    inv = k > 0 ? 1 / k : 0,
    gs = noise.gaussian,
    rs = noise.rician;
  // Streams are made only for the noises that are on, as the single kernels do.
  const pNormals = k > 0 ? noiseStream(streams.poisson.fork("normal")) : null;
  const pUniforms = k > 0 ? noiseStream(streams.poisson.fork("uniform")) : null;
  const gState = gs > 0 ? noiseStream(streams.gaussian) : null;
  const rState = rs > 0 ? noiseStream(streams.rician) : null;
  const { cdf, guide } = poissonTables();
  const zp = new Float64Array(CHUNK),
    up = new Float64Array(2 * CHUNK),
    zg = new Float64Array(CHUNK),
    zr = new Float64Array(2 * CHUNK);
  const P = pNormals !== null,
    G = gState !== null,
    R = rState !== null;
  return (data, v0, v1) => {
    for (let a = v0; a < v1; a += CHUNK) {
      const m = Math.min(CHUNK, v1 - a);
      if (P) {
        fillNormal(pNormals, zp, m);
        fillUniform(pUniforms!, up, 2 * m);
      }
      if (G) fillNormal(gState, zg, m);
      if (R) fillNormal(rState, zr, 2 * m);
      detectChunk(data, a, m, k, inv, gs, rs, floor, P ? zp : null, up, cdf, guide, G ? zg : null, R ? zr : null, t);
    }
  };
}

const IDENTITY = new Float32Array(2);

/** One chunk of m voxels from data[a]: every argument a local, so the loop reads no closure state. */
function detectChunk(
  data: Float32Array,
  a: number,
  m: number,
  k: number,
  inv: number,
  gs: number,
  rs: number,
  floor: number,
  zp: Float64Array | null,
  up: Float64Array,
  cdf: Float64Array,
  guide: Uint8Array,
  zg: Float64Array | null,
  zr: Float64Array | null,
  t: IntensityMap,
): void {
  // The intensity map's fields as locals (mapIntensity's arithmetic, inlined by hand).
  const lut = t.lut ?? IDENTITY,
    linear = t.lut === null,
    base = t.base,
    gain = t.gain,
    limit = t.limit,
    toIndex = t.toIndex;
  for (let i = 0; i < m; i++) {
    let x = data[a + i];
    if (zp !== null) x = Math.fround(floor + poissonCount(k * (x - floor), zp[i], up[2 * i], up[2 * i + 1], cdf, guide) * inv);
    if (zg !== null) x = Math.fround(x + gs * zg[i]);
    if (zr !== null) x = Math.fround(ricianValue(x, rs, zr[2 * i], zr[2 * i + 1], floor));
    const d = x - floor;
    let y: number;
    if (linear) y = base + (d > 0 ? gain * d : 0);
    else if (d <= 0) y = base;
    else if (d < limit) {
      const u = d * toIndex;
      const j = u | 0;
      y = lut[j] + (lut[j + 1] - lut[j]) * (u - j);
    } else y = mapIntensity(x, t);
    data[a + i] = y > floor ? y : floor;
  }
}
