/**
 * Depth attenuation (microscopy: scattering and absorption with depth): the signal above the
 * floor falls exponentially along `axis`, from 1 at the first slice to `endRatio` at the last.
 */
import type { Vec3, Volume } from "../../volume/index.js";
import { checkAxis, checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { AttenuationParams } from "../params.js";
import { exp, log } from "../../math/index.js";

export function checkAttenuationParams(p: AttenuationParams, fn: string): void {
  checkAxis(fn, "attenuation.axis", p.axis);
  checkRange(fn, "attenuation.endRatio", p.endRatio, 1e-6, 1, "signal at the far end relative to the near end");
}

/** The effect as a kernel over voxel ranges of a grid of `dims` (null when endRatio is 1). */
export function attenuationKernel(dims: Vec3, params: AttenuationParams & { floor: number }): PointwiseKernel | null {
  checkAttenuationParams(params, "depthAttenuation");
  checkFinite("depthAttenuation", "floor", params.floor);
  if (params.endRatio === 1) return null;
  const [nx, ny] = dims;
  const axis = params.axis,
    n = dims[axis],
    floor = params.floor;
  const rate = n > 1 ? log(params.endRatio) / (n - 1) : 0;
  const gain = Float64Array.from({ length: n }, (_, s) => exp(rate * s));
  return (data, v0, v1) => {
    // Row by row (x fastest); a range may start and end mid-row.
    for (let v = v0; v < v1;) {
      const row = Math.floor(v / nx),
        i0 = v - row * nx,
        end = Math.min(v1, (row + 1) * nx);
      if (axis === 0) {
        for (let i = i0; v < end; i++, v++) data[v] = floor + gain[i] * (data[v] - floor);
      } else {
        const g = gain[axis === 1 ? row % ny : Math.floor(row / ny)];
        for (; v < end; v++) data[v] = floor + g * (data[v] - floor);
      }
    }
  };
}

export function depthAttenuation(image: Volume<Float32Array>, params: AttenuationParams & { floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = attenuationKernel(image.dims, params);
  const o = outputFor(image, out, "depthAttenuation");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
