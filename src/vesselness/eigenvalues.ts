/**
 * Eigenvalues of a symmetric 3×3 matrix in closed form (the trigonometric solution of the characteristic cubic,
 * Smith 1961), sorted by absolute value as Frangi's measure reads them: |λ1| ≤ |λ2| ≤ |λ3|.
 */
const TWO_PI_3 = (2 * Math.PI) / 3;

/**
 * Writes the eigenvalues of [[a, d, e], [d, b, f], [e, f, c]] into `out[0..2]`, sorted by absolute value (ties keep
 * the larger value first). A diagonal matrix is solved exactly; otherwise the result is accurate to a few ulps of the
 * matrix's norm.
 */
export function symmetricEigenvalues(a: number, b: number, c: number, d: number, e: number, f: number, out: Float64Array | number[]): void {
  const off = d * d + e * e + f * f;
  let l1: number, l2: number, l3: number;
  if (off === 0) {
    l1 = a;
    l2 = b;
    l3 = c;
  } else {
    const q = (a + b + c) / 3;
    const aq = a - q,
      bq = b - q,
      cq = c - q;
    const p2 = aq * aq + bq * bq + cq * cq + 2 * off;
    const p = Math.sqrt(p2 / 6);
    // det((A − qI) / p) / 2, clamped against rounding.
    const det = aq * (bq * cq - f * f) - d * (d * cq - f * e) + e * (d * f - bq * e);
    let r = det / (2 * p * p * p);
    r = r < -1 ? -1 : r > 1 ? 1 : r;
    const phi = Math.acos(r) / 3;
    l1 = q + 2 * p * Math.cos(phi);
    l3 = q + 2 * p * Math.cos(phi + TWO_PI_3);
    l2 = 3 * q - l1 - l3;
  }
  // Sort three values by magnitude.
  let t: number;
  if (Math.abs(l1) > Math.abs(l2)) ((t = l1), (l1 = l2), (l2 = t));
  if (Math.abs(l2) > Math.abs(l3)) ((t = l2), (l2 = l3), (l3 = t));
  if (Math.abs(l1) > Math.abs(l2)) ((t = l1), (l1 = l2), (l2 = t));
  out[0] = l1;
  out[1] = l2;
  out[2] = l3;
}
