/**
 * The imaging parameters a preset draws (for the isotropic voxels of makeSample's grids), fitted
 * to a mask's grid, as placeBody fits them to a grown tree:
 *
 * - Anisotropic voxels. The acquisition's lengths (PSF blur σ, resolution factor, motion-blur
 *   length) are drawn in voxels of an isotropic grid; here that grid's voxel is the mask's finest
 *   side h, and along an axis of spacing s each length becomes length · h / s voxels, so the
 *   blur and slice thickness are the same in mm (µm) as drawn. Along a coarse axis the mask's
 *   grid already holds part of the slice thickness: a resolution factor that falls below
 *   MIN_RESAMPLING becomes 1 (no resampling), as sampleImagingParams snaps it; a motion blur
 *   shorter than a voxel becomes 1. On an isotropic mask nothing changes.
 * - The body outline. The preset draws an ellipsoid (head, trunk) in fractions of the field of
 *   view, which suits a mask of a whole scan; where that ellipsoid leaves a vessel voxel outside
 *   (in air or in the skull's shell) it is enlarged about its drawn centre, all radii by one
 *   factor, until every vessel voxel lies within `1 / margin` of its surface (radii at most 10).
 *   It is never shrunk.
 */
import { MIN_RESAMPLING, type ImagingParams } from "../imaging/index.js";
import type { Vec3, Volume } from "../volume/index.js";

/**
 * The acquisition's lengths (PSF blur σ, resolution factor, motion-blur length), drawn in voxels of an isotropic grid
 * of the finest side h, carried to voxels of `spacing`: along an axis of spacing s each becomes length · h / s, so blur
 * and slice thickness keep their size in mm (µm), and a PSF elongated along z stays so in mm. A resolution factor that
 * falls below MIN_RESAMPLING becomes 1, a motion blur shorter than a voxel 1. Isotropic spacing changes nothing.
 */
export function fitAcquisitionToSpacing(params: ImagingParams, spacing: readonly number[]): ImagingParams {
  const h = Math.min(...spacing);
  const ratio = spacing.map((s) => h / s) as Vec3;
  if (ratio.every((r) => r === 1)) return params;
  const snap = (f: number): number => (f < MIN_RESAMPLING ? 1 : f);
  return {
    ...params,
    blur: { sigma: params.blur.sigma.map((s, a) => s * ratio[a]) as Vec3 },
    resolution: { factor: params.resolution.factor.map((f, a) => snap(f * ratio[a])) as Vec3 },
    motion: params.motion.kind === "blur" ? { ...params.motion, length: Math.max(1, params.motion.length * ratio[params.motion.axis]) } : params.motion,
  };
}

export function fitImagingToMask(params: ImagingParams, binary: Volume<Uint8Array>, margin = 1.12): ImagingParams {
  if (!(margin >= 1) || !Number.isFinite(margin))
    throw new RangeError(`fitImagingToMask: margin = ${margin}; give a number ≥ 1 (radii grow until vessels lie within 1 / margin of the surface)`);
  const { dims } = binary;
  const fitted = fitAcquisitionToSpacing(params, binary.spacing);
  if (!params.body.enabled) return fitted;
  // The largest ellipsoid coordinate ρ = Σ((p − c) / r)² over the vessel voxels (p at (index + 0.5) / n, as bodyRegion places them).
  const [nx, ny, nz] = dims;
  const { center, radii } = params.body;
  const data = binary.data;
  let rho = 0;
  for (let k = 0, v = 0; k < nz; k++) {
    const z = ((k + 0.5) / nz - center[2]) / radii[2];
    for (let j = 0; j < ny; j++) {
      const y = ((j + 0.5) / ny - center[1]) / radii[1];
      const yz = y * y + z * z;
      for (let i = 0; i < nx; i++, v++) {
        if (!data[v]) continue;
        const x = ((i + 0.5) / nx - center[0]) / radii[0];
        const q = x * x + yz;
        if (q > rho) rho = q;
      }
    }
  }
  const grow = Math.sqrt(rho) * margin;
  if (!(grow > 1)) return fitted;
  const scale = Math.min(grow, ...radii.map((r) => 10 / r));
  return { ...fitted, body: { ...params.body, radii: radii.map((r) => Math.min(10, r * scale)) as Vec3 } };
}
