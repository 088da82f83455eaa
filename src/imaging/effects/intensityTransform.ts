/**
 * Gamma and contrast: g = floor + reference · (max(in − floor, 0) / reference)^gamma (gamma keeps
 * the floor and floor + reference, the vessel level, fixed), then
 * out = pivot + offset + gain · (g − pivot), clipped at the floor (gain stretches contrast about
 * the pivot: the floor for MR and microscopy, the tissue level for CT so that HU stay HU).
 * Monotone non-decreasing for gain > 0; gamma 1, gain 1, offset 0 is the identity above the
 * floor. The power is taken through a 16,385-entry table over
 * [0, 4 · reference] with linear interpolation (strictly increasing, so order is kept; beyond
 * it pow, which joins the table continuously), since a power per voxel costs more than a whole
 * noise pass. Powers come from src/math, identical in Node and browsers.
 */
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { IntensityParams } from "../params.js";
import { pow } from "../../math/index.js";

const TABLE = 16384;
const TABLE_RANGE = 4;

export function checkIntensityParams(p: IntensityParams, fn: string): void {
  checkRange(fn, "intensity.gamma", p.gamma, 0.05, 20);
  checkRange(fn, "intensity.gain", p.gain, 1e-6, 1e6);
  checkFinite(fn, "intensity.offset", p.offset);
  checkRange(fn, "intensity.reference", p.reference, 1e-9, 1e9, "the vessel level above the floor");
  checkFinite(fn, "intensity.pivot", p.pivot);
}

/** The transform, prepared: its power table and constants (see mapIntensity). */
export interface IntensityMap {
  /** base + scale · (i / TABLE · TABLE_RANGE)^gamma, or null when gamma is 1. */
  lut: Float32Array | null;
  toIndex: number;
  limit: number;
  base: number;
  scale: number;
  gain: number;
  gamma: number;
  reference: number;
  floor: number;
}

/** Checks the parameters and builds the table mapIntensity reads. */
export function intensityMap(params: IntensityParams & { floor: number }): IntensityMap {
  checkIntensityParams(params, "intensityTransform");
  checkFinite("intensityTransform", "floor", params.floor);
  const { gamma, gain, offset, reference: ref, floor, pivot } = params;
  // out = base + scale · ((x − floor) / ref)^gamma, with x − floor clipped at 0.
  const scale = gain * ref,
    base = pivot + offset + gain * (floor - pivot);
  let lut: Float32Array | null = null;
  if (gamma !== 1) {
    // Table over [0, TABLE_RANGE · reference]; the rare voxels beyond it take pow.
    lut = new Float32Array(TABLE + 2);
    for (let i = 0; i <= TABLE; i++) lut[i] = base + scale * pow((i / TABLE) * TABLE_RANGE, gamma);
    lut[TABLE + 1] = lut[TABLE];
  }
  return { lut, toIndex: TABLE / (TABLE_RANGE * ref), limit: TABLE_RANGE * ref, base, scale, gain, gamma, reference: ref, floor };
}

/** One value through the transform (small enough to be inlined into the voxel loops). */
export function mapIntensity(value: number, t: IntensityMap): number {
  const floor = t.floor,
    x = value - floor,
    lut = t.lut;
  let y: number;
  if (lut === null) y = t.base + (x > 0 ? t.gain * x : 0);
  else if (x <= 0) y = t.base;
  else if (x < t.limit) {
    const u = x * t.toIndex;
    const i = u | 0;
    y = lut[i] + (lut[i + 1] - lut[i]) * (u - i);
  } else y = t.base + t.scale * pow(x / t.reference, t.gamma);
  return y > floor ? y : floor;
}

/** The effect as a kernel over voxel ranges. */
export function intensityKernel(params: IntensityParams & { floor: number }): PointwiseKernel {
  const t = intensityMap(params);
  return (data, v0, v1) => {
    for (let v = v0; v < v1; v++) data[v] = mapIntensity(data[v], t);
  };
}

export function intensityTransform(image: Volume<Float32Array>, params: IntensityParams & { floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = intensityKernel(params);
  const o = outputFor(image, out, "intensityTransform");
  kernel(o.data, 0, o.data.length);
  return o;
}
