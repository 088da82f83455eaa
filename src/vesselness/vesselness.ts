/**
 * Multi-scale Hessian vesselness (Frangi et al. 1998, or Sato et al. 1998) of a volume: at each scale the smoothed
 * image, its scale-normalised Hessian, the eigenvalues, the response (scaleResponse), and the maximum over scales.
 * Also the scale map: the vessel radius (mm) whose scale answered most at each voxel, from which later steps choose
 * a voxel scale or measure a scan's vessel radii. Scales of 2 or more voxels run on coarser grids (pyramid.ts) unless
 * `pyramid: false`.
 */
import type { Volume } from "../volume/index.js";
import { hessianNorms } from "./hessian.js";
import { blockAverage, blockFactors, coarseSigma, forEachUpsampled, type Triple } from "./pyramid.js";
import { scaleResponse } from "./scaleResponse.js";
import { smoothVoxels } from "./smoothVolume.js";
import { resolveVesselnessOptions, type ResolvedVesselnessOptions, type VesselnessOptions } from "./vesselnessOptions.js";

export interface VesselnessResult {
  /** The largest response over the scales (Frangi: 0…1; Sato: image units); 0 where no scale answered. */
  vesselness: Volume<Float32Array>;
  /** The radius in mm of the scale that answered most; 0 where no scale answered. */
  radius: Volume<Float32Array>;
  /** The options used, defaults filled in. */
  options: ResolvedVesselnessOptions;
}

export interface VesselnessRunOptions extends VesselnessOptions {
  /** Called after each scale with the scales done and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between scales: an aborted signal stops the run with its reason. */
  signal?: AbortSignal;
}

/** The vesselness and scale map of `volume` (any voxel type; x fastest; anisotropic spacing respected). */
export function vesselness(volume: Volume, options: VesselnessRunOptions = {}): VesselnessResult {
  const resolved = resolveVesselnessOptions(volume, options);
  const { dims, spacing } = volume;
  const voxels = volume.data.length;
  const best = new Float32Array(voxels);
  const radius = new Float32Array(voxels);
  const fine = { smooth: new Float32Array(voxels), scratch: new Float32Array(voxels), response: new Float32Array(voxels) };
  const coarse = new Map<string, { data: Float32Array; dims: Triple }>();
  for (let s = 0; s < resolved.sigmas.length; s++) {
    options.signal?.throwIfAborted();
    const sigma = resolved.sigmas[s];
    const r = resolved.radii[s];
    const sigmaVoxels: Triple = [sigma / spacing[0], sigma / spacing[1], sigma / spacing[2]];
    const f = resolved.pyramid ? blockFactors(sigmaVoxels) : ([1, 1, 1] as Triple);
    if (f[0] * f[1] * f[2] === 1) {
      smoothVoxels(volume.data, dims, sigmaVoxels, { out: fine.smooth, scratch: fine.scratch });
      scaleResponse(fine.smooth, dims, hessianNorms(sigma, spacing), resolved, best, fine.response);
      const resp = fine.response;
      for (let v = 0; v < voxels; v++) {
        if (resp[v] > best[v]) {
          best[v] = resp[v];
          radius[v] = r;
        }
      }
    } else {
      const key = f.join(",");
      if (!coarse.has(key)) coarse.set(key, blockAverage(volume.data, dims, f));
      const grid = coarse.get(key)!;
      const sm = smoothVoxels(grid.data, grid.dims, [0, 1, 2].map((a) => coarseSigma(sigmaVoxels[a], f[a])) as Triple);
      const resp = new Float32Array(sm.length);
      scaleResponse(sm, grid.dims, hessianNorms(sigma, [spacing[0] * f[0], spacing[1] * f[1], spacing[2] * f[2]]), resolved, null, resp);
      forEachUpsampled(resp, grid.dims, f, dims, (v, value) => {
        if (value > best[v]) {
          best[v] = value;
          radius[v] = r;
        }
      });
    }
    options.onProgress?.(s + 1, resolved.sigmas.length);
  }
  const grid = { dims: [...dims] as Volume["dims"], spacing: [...spacing] as Volume["spacing"], affine: [...volume.affine] };
  return { vesselness: { data: best, ...grid }, radius: { data: radius, ...grid }, options: resolved };
}
