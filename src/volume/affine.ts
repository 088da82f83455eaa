import type { Affine, Vec3 } from "./volume.js";

/** A · B for row-major 4×4 affines (apply B first, then A). */
export function multiplyAffines(a: Affine, b: Affine): Affine {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r * 4 + k] * b[k * 4 + c];
      out[r * 4 + c] = s;
    }
  }
  return out;
}

/** The inverse of an affine whose last row is [0, 0, 0, 1]. Throws a RangeError when the 3×3 part is singular. */
export function invertAffine(m: Affine): Affine {
  const [a, b, c, tx, d, e, f, ty, g, h, i, tz] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new RangeError(`invertAffine: the affine's 3×3 part is singular (determinant ${det}); a voxel→world affine needs three independent axes`);
  }
  const inv = [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d].map((x) => x / det);
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = inv;
  return [
    r00,
    r01,
    r02,
    -(r00 * tx + r01 * ty + r02 * tz),
    r10,
    r11,
    r12,
    -(r10 * tx + r11 * ty + r12 * tz),
    r20,
    r21,
    r22,
    -(r20 * tx + r21 * ty + r22 * tz),
    0,
    0,
    0,
    1,
  ];
}

/** The affine applied to a point: voxel (i, j, k) → world (x, y, z). */
export function transformPoint(m: Affine, p: Vec3): Vec3 {
  return [m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3], m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7], m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11]];
}

/** The length of each of the first three columns: the voxel size (mm) an affine implies. */
export function affineColumnNorms(m: Affine): Vec3 {
  const norm = (c: number) => Math.hypot(m[c], m[4 + c], m[8 + c]);
  return [norm(0), norm(1), norm(2)];
}

/** True when every entry of `a` and `b` differs by at most `tolerance` (mm for the translation). */
export function affinesClose(a: Affine, b: Affine, tolerance = 1e-4): boolean {
  if (a.length !== 16 || b.length !== 16) return false;
  for (let n = 0; n < 16; n++) if (!(Math.abs(a[n] - b[n]) <= tolerance)) return false;
  return true;
}

/**
 * The anatomical direction each voxel axis points to, as nibabel's aff2axcodes names it for a RAS+ affine: per axis one
 * of R/L, A/P, S/I ("RAS" for a NIfTI-style scan, "LPS" for an ITK-style one). As nibabel's io_orientation: the
 * columns scaled to unit length, the nearest rotation taken (the orthogonal polar factor, so shear and voxel size do
 * not sway it), then each voxel axis in turn gets the world axis its column leans on most among those not yet taken.
 * "?" for an axis of a singular affine.
 */
export function axisCodes(m: Affine): [string, string, string] {
  let x = [0, 1, 2].map((r) => [0, 1, 2].map((c) => m[4 * r + c]));
  const norms = [0, 1, 2].map((c) => Math.hypot(x[0][c], x[1][c], x[2][c]));
  if (norms.some((n) => !(n > 0) || !Number.isFinite(n))) return ["?", "?", "?"];
  x = x.map((row) => row.map((v, c) => v / norms[c]));
  for (let k = 0; k < 100; k++) {
    // Newton's iteration for the polar factor: X ← (X + X⁻ᵀ) / 2
    let inv: Affine;
    try {
      inv = invertAffine([...x[0], 0, ...x[1], 0, ...x[2], 0, 0, 0, 0, 1]);
    } catch {
      return ["?", "?", "?"];
    }
    const next = x.map((row, r) => row.map((v, c) => (v + inv[4 * c + r]) / 2));
    const change = Math.max(...next.flatMap((row, r) => row.map((v, c) => Math.abs(v - x[r][c]))));
    x = next;
    if (change < 1e-12) break;
  }
  const codes: string[] = [];
  const taken = new Set<number>();
  for (let c = 0; c < 3; c++) {
    let best = -1;
    for (let r = 0; r < 3; r++) if (!taken.has(r) && (best < 0 || Math.abs(x[r][c]) > Math.abs(x[best][c]))) best = r;
    taken.add(best);
    codes.push(x[best][c] >= 0 ? "RAS"[best] : "LPI"[best]);
  }
  return codes as [string, string, string];
}
