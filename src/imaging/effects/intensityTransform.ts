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

/** The effect as a kernel over voxel ranges. */
export function intensityKernel(params: IntensityParams & { floor: number }): PointwiseKernel {
  checkIntensityParams(params, "intensityTransform");
  checkFinite("intensityTransform", "floor", params.floor);
  const { gamma, gain, offset, reference: ref, floor, pivot } = params;
  // out = base + scale · ((x − floor) / ref)^gamma, with x − floor clipped at 0.
  const scale = gain * ref, base = pivot + offset + gain * (floor - pivot);
  if (gamma === 1) {
    return (data, v0, v1) => {
      for (let v = v0; v < v1; v++) {
        const x = data[v] - floor;
        const y = base + (x > 0 ? gain * x : 0);
        data[v] = y > floor ? y : floor;
      }
    };
  }
  // Table over [0, TABLE_RANGE · reference]; the rare voxels beyond it take pow.
  const lut = new Float32Array(TABLE + 2);
  for (let i = 0; i <= TABLE; i++) lut[i] = base + scale * pow((i / TABLE) * TABLE_RANGE, gamma);
  lut[TABLE + 1] = lut[TABLE];
  const toIndex = TABLE / (TABLE_RANGE * ref), limit = TABLE_RANGE * ref;
  return (data, v0, v1) => {
    for (let v = v0; v < v1; v++) {
      const x = data[v] - floor;
      let y: number;
      if (x <= 0) y = base;
      else if (x < limit) {
        const u = x * toIndex;
        const i = u | 0;
        y = lut[i] + (lut[i + 1] - lut[i]) * (u - i);
      } else y = base + scale * pow(x / ref, gamma);
      data[v] = y > floor ? y : floor;
    }
  };
}

export function intensityTransform(image: Volume<Float32Array>, params: IntensityParams & { floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = intensityKernel(params);
  const o = outputFor(image, out, "intensityTransform");
  kernel(o.data, 0, o.data.length);
  return o;
}
