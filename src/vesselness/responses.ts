/**
 * Per-voxel vesselness from the Hessian's eigenvalues, sorted by magnitude (|λ1| ≤ |λ2| ≤ |λ3|). For bright vessels
 * on a dark background λ2 and λ3 are negative across the vessel and λ1 ≈ 0 along it; dark vessels flip the signs.
 */

/**
 * Frangi et al. (1998), eq. 13: (1 − e^(−Ra²/2α²)) · e^(−Rb²/2β²) · (1 − e^(−S²/2c²)) with Ra = |λ2|/|λ3| (plate vs
 * line), Rb = |λ1|/√|λ2λ3| (blob vs line) and S = ‖λ‖ (structure vs noise); 0 unless λ2 and λ3 have the vessel's sign.
 */
export function frangiResponse(l1: number, l2: number, l3: number, alpha: number, beta: number, c: number, bright: boolean): number {
  if (bright ? l2 > 0 || l3 > 0 : l2 < 0 || l3 < 0) return 0;
  const a2 = Math.abs(l2),
    a3 = Math.abs(l3);
  if (a3 === 0 || a2 === 0) return 0;
  const ra = a2 / a3;
  const rb2 = (l1 * l1) / (a2 * a3);
  const s2 = l1 * l1 + l2 * l2 + l3 * l3;
  return (1 - Math.exp((-ra * ra) / (2 * alpha * alpha))) * Math.exp(-rb2 / (2 * beta * beta)) * (1 - Math.exp(-s2 / (2 * c * c)));
}

/** Sato et al. (1998)'s line filter's weights: α1 where λ1 has the vessel's sign, α2 where it has the other. */
export const SATO_ALPHA1 = 0.5;
export const SATO_ALPHA2 = 2;

/**
 * Sato et al. (1998), eq. 11 (for bright lines; dark ones negate the eigenvalues): with λa ≥ λb ≥ λc the eigenvalues
 * by value, λ_line = −λb when λb < 0 (else 0), weighted by e^(−λa²/2(α λ_line)²), α = α1 for λa ≤ 0 and α2 for λa > 0.
 * Unlike Frangi's measure it keeps the units of the scale-normalised Hessian (intensity), so it also ranks contrast.
 */
export function satoResponse(l1: number, l2: number, l3: number, bright: boolean): number {
  let a = bright ? l1 : -l1,
    b = bright ? l2 : -l2,
    c = bright ? l3 : -l3;
  // Sort by value, descending.
  let t: number;
  if (a < b) ((t = a), (a = b), (b = t));
  if (b < c) ((t = b), (b = c), (c = t));
  if (a < b) ((t = a), (a = b), (b = t));
  if (b >= 0) return 0;
  const line = -b;
  const alpha = a <= 0 ? SATO_ALPHA1 : SATO_ALPHA2;
  const w = alpha * line;
  return line * Math.exp((-a * a) / (2 * w * w));
}
