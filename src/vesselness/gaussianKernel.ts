/**
 * A sampled Gaussian kernel as scipy.ndimage.gaussian_filter builds it (φ(r) = e^(−r²/2σ²), normalised to sum 1), cut
 * at `truncate` σ (scipy: 4; the vesselness filter: 3, which drops 0.3 % of the weight and a quarter of the taps).
 * Stored from its centre outwards: `taps[0]` at the centre, `taps[r]` at ±r.
 */
export interface GaussianKernel {
  /** σ in voxels. */
  sigma: number;
  /** Taps on each side of the centre: round(truncate·σ), at least 1. */
  radius: number;
  taps: Float64Array;
}

export function gaussianKernel(sigma: number, truncate = 4): GaussianKernel {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`gaussianKernel: sigma = ${sigma}; give a positive number of voxels`);
  if (!(truncate > 0) || !Number.isFinite(truncate)) throw new RangeError(`gaussianKernel: truncate = ${truncate}; give a positive number of σ`);
  const radius = Math.max(1, Math.round(truncate * sigma));
  const taps = new Float64Array(radius + 1);
  let sum = 0;
  for (let r = 0; r <= radius; r++) {
    taps[r] = Math.exp((-0.5 * r * r) / (sigma * sigma));
    sum += r === 0 ? taps[r] : 2 * taps[r];
  }
  for (let r = 0; r <= radius; r++) taps[r] /= sum;
  return { sigma, radius, taps };
}
