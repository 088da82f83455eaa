/**
 * Multi-scale Hessian vesselness (Frangi et al. 1998, or Sato et al. 1998) of a volume: at each scale the smoothed
 * image, its scale-normalised Hessian voxel by voxel (hessianAt), the eigenvalues, the response, and the maximum
 * over scales. Also the scale map: the vessel radius (mm) whose scale answered most at each voxel, from which later
 * steps choose a voxel scale or measure a scan's vessel radii.
 */
import type { Volume } from "../volume/index.js";
import { symmetricEigenvalues } from "./eigenvalues.js";
import { hessianAt, hessianNorms } from "./hessian.js";
import { frangiResponse, satoResponse } from "./responses.js";
import { smoothVolume } from "./smoothVolume.js";
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
  const [nx, ny, nz] = dims;
  const voxels = volume.data.length;
  const best = new Float32Array(voxels);
  const radius = new Float32Array(voxels);
  const smooth = new Float32Array(voxels), scratch = new Float32Array(voxels);
  const h = new Float64Array(6), eig = new Float64Array(3);
  const { method, bright, alpha, beta, c } = resolved;
  const frangi = method === "frangi";
  const twoC2 = 2 * c * c;
  for (let s = 0; s < resolved.sigmas.length; s++) {
    options.signal?.throwIfAborted();
    const sigma = resolved.sigmas[s];
    smoothVolume(volume.data, dims, spacing, sigma, { out: smooth, scratch });
    const norms = hessianNorms(sigma, spacing);
    const r = resolved.radii[s];
    for (let z = 0, v = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++, v++) {
          hessianAt(smooth, dims, x, y, z, norms, h);
          let response: number;
          if (frangi) {
            // Exact shortcuts, no eigenvalues needed: a vessel's two large eigenvalues share its sign, so the trace
            // has it too; and the response is at most its structure term 1 − e^(−S²/2c²), S² = ‖H‖²_F.
            const trace = h[0] + h[1] + h[2];
            if (bright ? trace >= 0 : trace <= 0) continue;
            const s2 = h[0] * h[0] + h[1] * h[1] + h[2] * h[2] + 2 * (h[3] * h[3] + h[4] * h[4] + h[5] * h[5]);
            if (1 - Math.exp(-s2 / twoC2) <= best[v]) continue;
            symmetricEigenvalues(h[0], h[1], h[2], h[3], h[4], h[5], eig);
            response = frangiResponse(eig[0], eig[1], eig[2], alpha, beta, c, bright);
          } else {
            symmetricEigenvalues(h[0], h[1], h[2], h[3], h[4], h[5], eig);
            response = satoResponse(eig[0], eig[1], eig[2], bright);
          }
          if (response > best[v]) {
            best[v] = response;
            radius[v] = r;
          }
        }
    options.onProgress?.(s + 1, resolved.sigmas.length);
  }
  const grid = { dims: [...dims] as Volume["dims"], spacing: [...spacing] as Volume["spacing"], affine: [...volume.affine] };
  return { vesselness: { data: best, ...grid }, radius: { data: radius, ...grid }, options: resolved };
}
