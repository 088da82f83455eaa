import type { Affine, Vec3 } from "./volume.js";

/** NIfTI's qform: a rotation quaternion (b, c, d; a is implied), an offset, voxel sizes and qfac (±1, the handedness). */
export interface Qform {
  quatern: Vec3;
  offset: Vec3;
  pixdim: Vec3;
  qfac: 1 | -1;
}

/**
 * The voxel→world affine a qform describes (nifti1_io's quatern_to_mat44): R(a, b, c, d) · diag(dx, dy, qfac·dz)
 * plus the offset. Voxel sizes are taken as absolute values; a zero one counts as 1, as nifti1_io does.
 */
export function qformToAffine({ quatern, offset, pixdim, qfac }: Qform): Affine {
  let [b, c, d] = quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // a 180° rotation: (b, c, d) is a unit vector up to rounding
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= n;
    c *= n;
    d *= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const size = pixdim.map((p) => (p === 0 ? 1 : Math.abs(p)));
  const [dx, dy] = size;
  const dz = qfac < 0 ? -size[2] : size[2];
  return [
    (a * a + b * b - c * c - d * d) * dx,
    2 * (b * c - a * d) * dy,
    2 * (b * d + a * c) * dz,
    offset[0],
    2 * (b * c + a * d) * dx,
    (a * a + c * c - b * b - d * d) * dy,
    2 * (c * d - a * b) * dz,
    offset[1],
    2 * (b * d - a * c) * dx,
    2 * (c * d + a * b) * dy,
    (a * a + d * d - c * c - b * b) * dz,
    offset[2],
    0,
    0,
    0,
    1,
  ];
}

/**
 * The qform closest to an affine (nifti1_io's mat44_to_quatern): voxel sizes are the column lengths, a left-handed
 * affine (det < 0) gets qfac = −1 with its third column flipped, and a sheared 3×3 part is replaced by the nearest
 * rotation (polar decomposition), since a quaternion cannot hold shear. Throws a RangeError on a singular affine.
 */
export function affineToQform(m: Affine): Qform {
  const cols = [0, 1, 2].map((c) => [m[c], m[4 + c], m[8 + c]]);
  const pixdim = cols.map((v) => Math.hypot(v[0], v[1], v[2])) as Vec3;
  if (pixdim.some((p) => !(p > 0) || !Number.isFinite(p))) {
    throw new RangeError(
      `affineToQform: the affine has a zero or non-finite column (voxel sizes ${pixdim.join(", ")}); an affine needs three independent axes`,
    );
  }
  // r[row][col]: the unit columns
  let r = [0, 1, 2].map((row) => [0, 1, 2].map((col) => cols[col][row] / pixdim[col]));
  let qfac: 1 | -1 = 1;
  if (det3(r) < 0) {
    qfac = -1;
    for (let row = 0; row < 3; row++) r[row][2] = -r[row][2];
  }
  r = nearestRotation(r);
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = r;
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], offset: [m[3], m[7], m[11]], pixdim, qfac };
}

function det3(r: number[][]): number {
  return (
    r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0])
  );
}

/** The rotation nearest to a proper 3×3 matrix: iterate R ← (R + R⁻ᵀ) / 2 until it stops changing. */
function nearestRotation(r: number[][]): number[][] {
  for (let iteration = 0; iteration < 50; iteration++) {
    const det = det3(r);
    // inverse-transpose = cofactor matrix / det
    const cof = [
      [r[1][1] * r[2][2] - r[1][2] * r[2][1], r[1][2] * r[2][0] - r[1][0] * r[2][2], r[1][0] * r[2][1] - r[1][1] * r[2][0]],
      [r[0][2] * r[2][1] - r[0][1] * r[2][2], r[0][0] * r[2][2] - r[0][2] * r[2][0], r[0][1] * r[2][0] - r[0][0] * r[2][1]],
      [r[0][1] * r[1][2] - r[0][2] * r[1][1], r[0][2] * r[1][0] - r[0][0] * r[1][2], r[0][0] * r[1][1] - r[0][1] * r[1][0]],
    ];
    let change = 0;
    const next = r.map((row, i) =>
      row.map((v, j) => {
        const w = 0.5 * (v + cof[i][j] / det);
        change = Math.max(change, Math.abs(w - v));
        return w;
      }),
    );
    r = next;
    if (change < 1e-12) break;
  }
  return r;
}
