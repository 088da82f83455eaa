/**
 * A first-order multiplicative bias field, estimated from the scan alone (docs/results/adaptation/rule.md, round 3):
 * log x ≈ c0 + c1·X + c2·Y + c3·Z over the voxels above FIELD_FLOOR, X, Y, Z the voxel index scaled to −1 … 1 along
 * each axis, fitted by least squares reweighted with Tukey's biweight so that vessels and other structures brighter
 * or darker than the bulk of the scan count little. Dividing by exp(c1·X + c2·Y + c3·Z) removes a smooth gradient of
 * brightness across the scan (coil sensitivity, illumination) and nothing narrower. models/train/input_adapt.py's
 * estimate_log_field is its PyTorch-side twin.
 */
import { type Vec3, percentilesOf } from "../volume/index.js";

/** Normalised intensities at or below this (background, air) are left out of the fit. */
export const FIELD_FLOOR = 0.05;
/** The fit samples every FIELD_STRIDE-th voxel on each axis, or a wider stride where that would exceed FIELD_MAX_SAMPLES. */
export const FIELD_STRIDE = 2;
/** The most lattice points the fit visits: a 512×512×300 scan is sampled every fourth voxel, a 64³ one every second. */
export const FIELD_MAX_SAMPLES = 2_000_000;
/** Reweighted least-squares passes. */
export const FIELD_ITERATIONS = 6;
/** Tukey's biweight tuning constant, in robust standard deviations (1.4826 × the median absolute deviation). */
export const TUKEY = 4.685;

/** The voxel index scaled to −1 … 1 along an axis of n voxels (0 for a single voxel). */
export function fieldCoordinate(index: number, n: number): number {
  return n > 1 ? -1 + (2 * index) / (n - 1) : 0;
}

/** The sampling stride for a grid of `voxels`: FIELD_STRIDE, widened until voxels / stride³ ≤ FIELD_MAX_SAMPLES. */
export function fieldStride(voxels: number): number {
  return Math.max(FIELD_STRIDE, Math.ceil(Math.cbrt(voxels / FIELD_MAX_SAMPLES) - 1e-9));
}

export interface LogField {
  /** [c1, c2, c3]: the log field's slope along x, y and z (per unit of the −1 … 1 coordinate). */
  slopes: [number, number, number];
  /** Voxels the fit used (finite, above the floor, inside the mask, on the stride's lattice). */
  samples: number;
}

/**
 * Fits the log field of a normalised scan (x fastest). `within` (1 = inside) limits the fit to a field of view. Slopes
 * are zero when fewer than 8 voxels are above the floor, along an axis on which every sample has the same coordinate
 * (one voxel, or two with the stride's lattice on the first: nothing to tell a slope from the intercept), and where the
 * residuals have no spread left to weigh they are those of the last pass.
 */
export function estimateLogField(data: ArrayLike<number>, dims: Vec3, within?: Uint8Array): LogField {
  const [nx, ny, nz] = dims;
  if (data.length !== nx * ny * nz) throw new RangeError(`estimateLogField: ${data.length} voxels for dims ${dims.join("×")}; give one value per voxel`);
  const stride = fieldStride(data.length);
  const lattice = Math.ceil(nx / stride) * Math.ceil(ny / stride) * Math.ceil(nz / stride);
  const coords = new Float64Array(3 * lattice);
  const targets = new Float64Array(lattice);
  let m = 0;
  for (let k = 0; k < nz; k += stride)
    for (let j = 0; j < ny; j += stride)
      for (let i = 0; i < nx; i += stride) {
        const n = i + nx * (j + ny * k);
        const v = data[n];
        if (!(Number.isFinite(v) && v > FIELD_FLOOR) || (within && !within[n])) continue;
        coords[3 * m] = fieldCoordinate(i, nx);
        coords[3 * m + 1] = fieldCoordinate(j, ny);
        coords[3 * m + 2] = fieldCoordinate(k, nz);
        targets[m++] = Math.log(v);
      }
  if (m < 8) return { slopes: [0, 0, 0], samples: m };
  // an axis whose sampled coordinates are all one value is the intercept's column again: it gets no slope
  const varies = [0, 1, 2].map((a) => {
    for (let r = 1; r < m; r++) if (coords[3 * r + a] !== coords[a]) return true;
    return false;
  });
  const weights = new Float64Array(m).fill(1);
  const residuals = new Float64Array(m);
  const deviations = new Float64Array(m);
  let c = [0, 0, 0, 0];
  for (let pass = 0; pass < FIELD_ITERATIONS; pass++) {
    c = weightedLeastSquares(coords, targets, weights, m, varies);
    if (!c.every(Number.isFinite)) return { slopes: [0, 0, 0], samples: m }; // samples on one line: no plane to fit
    for (let r = 0; r < m; r++) residuals[r] = targets[r] - (c[0] + c[1] * coords[3 * r] + c[2] * coords[3 * r + 1] + c[3] * coords[3 * r + 2]);
    const centre = percentilesOf(residuals, [50])[0];
    for (let r = 0; r < m; r++) deviations[r] = Math.abs(residuals[r] - centre);
    const spread = 1.4826 * percentilesOf(deviations, [50])[0];
    if (!(spread > 0)) break;
    for (let r = 0; r < m; r++) {
      const u = residuals[r] / (TUKEY * spread);
      weights[r] = Math.max(0, 1 - u * u) ** 2;
    }
  }
  return { slopes: [c[1], c[2], c[3]], samples: m };
}

/** The field's log at every voxel: c1·X + c2·Y + c3·Z. */
export function logFieldValues(field: LogField, dims: Vec3): Float32Array {
  const [nx, ny, nz] = dims;
  const [a, b, c] = field.slopes;
  const out = new Float32Array(nx * ny * nz);
  for (let k = 0, n = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const yz = b * fieldCoordinate(j, ny) + c * fieldCoordinate(k, nz);
      for (let i = 0; i < nx; i++, n++) out[n] = a * fieldCoordinate(i, nx) + yz;
    }
  return out;
}

/** The log field's range across the grid, |c1| + |c2| + |c3| doubled: the ratio of its brightest to darkest corner is e to this. */
export function logFieldSpan(field: LogField): number {
  return 2 * field.slopes.reduce((s, v) => s + Math.abs(v), 0);
}

/**
 * Solves (Aᵀ W A) c = Aᵀ W y for the four coefficients (A's columns: 1, X, Y, Z) by Gaussian elimination with
 * pivoting; an axis that does not vary keeps the coefficient 0 (its row and column replaced by the identity's).
 */
function weightedLeastSquares(coords: Float64Array, targets: Float64Array, weights: Float64Array, m: number, varies: boolean[]): number[] {
  const M = Array.from({ length: 4 }, () => new Float64Array(5));
  const a = [1, 0, 0, 0];
  for (let r = 0; r < m; r++) {
    const w = weights[r];
    if (w === 0) continue;
    a[1] = coords[3 * r];
    a[2] = coords[3 * r + 1];
    a[3] = coords[3 * r + 2];
    for (let p = 0; p < 4; p++) {
      for (let q = 0; q < 4; q++) M[p][q] += w * a[p] * a[q];
      M[p][4] += w * a[p] * targets[r];
    }
  }
  for (let axis = 0; axis < 3; axis++) {
    if (varies[axis]) continue;
    const p = axis + 1;
    for (let q = 0; q < 5; q++) M[p][q] = 0;
    for (let q = 0; q < 4; q++) M[q][p] = 0;
    M[p][p] = 1;
  }
  for (let p = 0; p < 4; p++) {
    let pivot = p;
    for (let q = p + 1; q < 4; q++) if (Math.abs(M[q][p]) > Math.abs(M[pivot][p])) pivot = q;
    [M[p], M[pivot]] = [M[pivot], M[p]];
    for (let q = p + 1; q < 4; q++) {
      const f = M[q][p] / M[p][p];
      for (let s = p; s < 5; s++) M[q][s] -= f * M[p][s];
    }
  }
  const c = [0, 0, 0, 0];
  for (let p = 3; p >= 0; p--) {
    let s = M[p][4];
    for (let q = p + 1; q < 4; q++) s -= M[p][q] * c[q];
    c[p] = s / M[p][p];
  }
  return c;
}
