/**
 * Pushes a scan off the training domain, for the Reconstruct page's experiment: does test-time adaptation help when
 * the image differs from what the model saw? Each shift is a plain, seeded function of the scan.
 */
import { cos, pow } from "../math/index.js";
import { createRng } from "../random/index.js";
import type { Volume } from "../volume/index.js";

export const DOMAIN_SHIFTS = ["none", "strong bias field", "heavy noise", "gamma 2.5", "low contrast"] as const;
export type DomainShift = (typeof DOMAIN_SHIFTS)[number];

/** A float32 copy of `volume` with the shift applied (intensities rescaled within the scan's own range). */
export function shiftDomain(volume: Volume, shift: DomainShift, seed = 0): Volume<Float32Array> {
  const src = volume.data;
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = 0; n < src.length; n++) {
    const v = Number(src[n]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi > lo ? hi - lo : 1;
  const [nx, ny, nz] = volume.dims;
  const out = new Float32Array(src.length);
  const rng = createRng(seed).fork(shift);
  // the bias field's factor along z, once per slice (src/math: the same bits in every engine)
  const slice = Float64Array.from({ length: nz }, (_, k) => 0.5 + 0.5 * cos((Math.PI * k) / Math.max(1, nz - 1)));
  for (let k = 0, n = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, n++) {
        const v = Number(src[n]);
        const t = (v - lo) / range;
        switch (shift) {
          case "strong bias field": // a smooth multiplicative field from 0.3 to 1.7 across the volume
            out[n] = v * (0.3 + 1.4 * (i / Math.max(1, nx - 1)) * slice[k]);
            break;
          case "heavy noise":
            out[n] = v + rng.normal(0, 0.12 * range);
            break;
          case "gamma 2.5":
            out[n] = lo + range * pow(t, 2.5);
            break;
          case "low contrast":
            out[n] = lo + range * (0.4 + 0.2 * t);
            break;
          default:
            out[n] = v;
        }
      }
  return { data: out, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
}
