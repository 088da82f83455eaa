/**
 * Poisson (shot) noise: the signal above the floor is a photon count of
 * λ = photonsPerUnit · (in − floor); the output is floor + Poisson(λ) / photonsPerUnit, so the
 * mean is kept and the variance (in counts) equals the mean.
 *
 * Below λ = 12 counts are exact for λ on a grid of step 1/32: λ is rounded up or down at random
 * (keeping its mean; the extra variance is below 1/4096) and the count is found by inversion
 * through a guide table, O(1) per voxel without an exponential. From λ = 12 up, the normal
 * approximation λ + √λ·z, rounded and clipped at 0 (variance λ + 1/12, no skew), is used.
 */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import { CHUNK, fillNormal, fillUniform, noiseStream } from "../internal/noiseStream.js";
import { exp } from "../../math/index.js";

const EXACT_BELOW = 12;
const STEPS_PER_UNIT = 32;
const LEVELS = EXACT_BELOW * STEPS_PER_UNIT + 1;
const KMAX = 48;
const GUIDE = 256;

let tables: { cdf: Float64Array; guide: Uint8Array } | null = null;

/** CDF (KMAX counts) and guide table (GUIDE entries) for every λ on the grid. */
export function poissonTables(): { cdf: Float64Array; guide: Uint8Array } {
  if (tables) return tables;
  const cdf = new Float64Array(LEVELS * KMAX),
    guide = new Uint8Array(LEVELS * GUIDE);
  for (let b = 0; b < LEVELS; b++) {
    const lambda = b / STEPS_PER_UNIT;
    let p = exp(-lambda),
      c = 0;
    for (let k = 0; k < KMAX; k++) {
      c += p;
      cdf[b * KMAX + k] = k === KMAX - 1 ? 1 : Math.min(c, 1);
      p *= lambda / (k + 1);
    }
    let k = 0;
    for (let j = 0; j < GUIDE; j++) {
      while (cdf[b * KMAX + k] <= j / GUIDE) k++;
      guide[b * GUIDE + j] = k;
    }
  }
  tables = { cdf, guide };
  return tables;
}

/** One Poisson(λ) count (λ ≥ 0), from `rng`, by the same method as poissonNoise (for tests and occasional draws). */
export function poissonDeviate(lambda: number, rng: Rng): number {
  if (!(lambda > 0)) return 0;
  if (lambda >= EXACT_BELOW) {
    const c = Math.floor(lambda + Math.sqrt(lambda) * rng.normal() + 0.5);
    return c > 0 ? c : 0;
  }
  const { cdf, guide } = poissonTables();
  const x = lambda * STEPS_PER_UNIT;
  let b = Math.floor(x);
  if (rng.next() < x - b) b++;
  const u = rng.next();
  let k = guide[b * GUIDE + Math.floor(u * GUIDE)];
  while (u >= cdf[b * KMAX + k]) k++;
  return k;
}

/**
 * The count for mean λ from one standard normal z (used from EXACT_BELOW up) and two uniforms
 * (rounding λ onto the grid, then inversion); poissonTables() gives cdf and guide.
 */
export function poissonCount(lambda: number, z: number, u0: number, u1: number, cdf: Float64Array, guide: Uint8Array): number {
  let count = 0;
  if (lambda >= EXACT_BELOW) {
    count = Math.floor(lambda + Math.sqrt(lambda) * z + 0.5);
    if (count < 0) count = 0;
  } else if (lambda > 0) {
    const x = lambda * STEPS_PER_UNIT;
    let b = x | 0;
    if (u0 < x - b) b++;
    count = guide[b * GUIDE + ((u1 * GUIDE) | 0)];
    const base = b * KMAX;
    while (u1 >= cdf[base + count]) count++;
  }
  return count;
}

/** The effect as a kernel over voxel ranges (null when photonsPerUnit is 0). */
export function poissonNoiseKernel(params: { photonsPerUnit: number; floor: number }, rng: Rng): PointwiseKernel | null {
  checkRange("poissonNoise", "photonsPerUnit", params.photonsPerUnit, 0, 1e9);
  checkFinite("poissonNoise", "floor", params.floor);
  const k = params.photonsPerUnit,
    floor = params.floor;
  if (k === 0) return null;
  const { cdf, guide } = poissonTables();
  const inv = 1 / k;
  const normals = noiseStream(rng.fork("normal")),
    uniforms = noiseStream(rng.fork("uniform"));
  const z = new Float64Array(CHUNK),
    u = new Float64Array(2 * CHUNK);
  return (data, v0, v1) => {
    for (let a = v0; a < v1; a += CHUNK) {
      const m = Math.min(CHUNK, v1 - a);
      fillNormal(normals, z, m);
      fillUniform(uniforms, u, 2 * m);
      for (let i = 0; i < m; i++) data[a + i] = floor + poissonCount(k * (data[a + i] - floor), z[i], u[2 * i], u[2 * i + 1], cdf, guide) * inv;
    }
  };
}

export function poissonNoise(
  image: Volume<Float32Array>,
  params: { photonsPerUnit: number; floor: number },
  rng: Rng,
  out?: Volume<Float32Array>,
): Volume<Float32Array> {
  const kernel = poissonNoiseKernel(params, rng);
  const o = outputFor(image, out, "poissonNoise");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
