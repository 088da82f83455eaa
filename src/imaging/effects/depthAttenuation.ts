/**
 * Depth attenuation (microscopy: scattering and absorption with depth): the signal above the
 * floor falls exponentially along `axis`, from 1 at the first slice to `endRatio` at the last.
 */
import type { Volume } from "../../volume/index.js";
import { checkAxis, checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { AttenuationParams } from "../params.js";
import { exp, log } from "../../math/index.js";

export function checkAttenuationParams(p: AttenuationParams, fn: string): void {
  checkAxis(fn, "attenuation.axis", p.axis);
  checkRange(fn, "attenuation.endRatio", p.endRatio, 1e-6, 1, "signal at the far end relative to the near end");
}

export function depthAttenuation(image: Volume<Float32Array>, params: AttenuationParams & { floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkAttenuationParams(params, "depthAttenuation");
  checkFinite("depthAttenuation", "floor", params.floor);
  const o = outputFor(image, out, "depthAttenuation");
  if (params.endRatio === 1) return o;
  const [nx, ny, nz] = o.dims;
  const n = o.dims[params.axis];
  const rate = n > 1 ? log(params.endRatio) / (n - 1) : 0;
  const gain = Float64Array.from({ length: n }, (_, s) => exp(rate * s));
  const data = o.data, floor = params.floor, axis = params.axis;
  for (let k = 0, v = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, v++) {
        const g = gain[axis === 0 ? i : axis === 1 ? j : k];
        data[v] = floor + g * (data[v] - floor);
      }
    }
  }
  return o;
}
