/**
 * The region vessels grow in: an analytic shape centred on the origin (sphere, ellipsoid,
 * box, ellipsoidal shell) or a binary mask Volume (any voxel > 0 is inside).
 */
import type { Vec3, Volume } from "../volume/index.js";
import type { GrowParams } from "./params.js";
import { normalise } from "./vec3.js";

export interface Domain {
  kind: GrowParams["domain"];
  /** Centre of the bounding box (the mask's centroid for a mask). */
  centre: Vec3;
  /** Half extents of the bounding box. */
  half: Vec3;
  /** Volume of the domain, in unit³. */
  volume: number;
  /**
   * True when a ball of radius `margin` at (x, y, z) lies inside (approximately for the
   * ellipsoid and shell; a mask tests only the voxel under the centre).
   */
  contains(x: number, y: number, z: number, margin: number): boolean;
  /** A unit direction from p back towards the interior. */
  inward(p: Vec3): Vec3;
  /** Shell only: the outward unit normal of the surface at p, so growth can keep to it. */
  normal(p: Vec3): Vec3 | null;
  /** A point inside (with `margin`) near p, or null when none is found. */
  snap(p: Vec3, margin: number): Vec3 | null;
  /** Shell only: p moved along the normal onto the shell's middle surface; p itself elsewhere. */
  project(p: Vec3): Vec3;
}

/** The domain the parameters describe; `mask` is required when params.domain is "mask". */
export function createDomain(params: GrowParams, mask?: Volume): Domain {
  if (params.domain === "mask") {
    if (!mask) throw new RangeError(`domain = "mask" needs a mask volume; pass mask, or choose domain ellipsoid, sphere, box or shell`);
    return maskDomain(mask, params.unit === "um" ? 1000 : 1);
  }
  const a =
    params.domain === "sphere" ? [params.domainX / 2, params.domainX / 2, params.domainX / 2] : [params.domainX / 2, params.domainY / 2, params.domainZ / 2];
  const [ax, ay, az] = a;
  const amin = Math.min(ax, ay, az);
  const half: Vec3 = [ax, ay, az];
  const centre: Vec3 = [0, 0, 0];
  const q = (x: number, y: number, z: number) => Math.sqrt(sq(x / ax) + sq(y / ay) + sq(z / az));
  const towardCentre = (p: Vec3) => normalise([-p[0], -p[1], -p[2]]);
  const walkIn = (self: Domain, p: Vec3, margin: number): Vec3 | null => {
    for (let i = 0; i <= 64; i++) {
      const k = 1 - i / 64;
      if (self.contains(p[0] * k, p[1] * k, p[2] * k, margin)) return [p[0] * k, p[1] * k, p[2] * k];
    }
    return null;
  };
  if (params.domain === "box") {
    const box: Domain = {
      kind: "box",
      centre,
      half,
      volume: 8 * ax * ay * az,
      contains: (x, y, z, m) => Math.abs(x) <= ax - m && Math.abs(y) <= ay - m && Math.abs(z) <= az - m,
      inward: towardCentre,
      normal: () => null,
      snap: (p, m) => walkIn(box, p, m),
      project: (p) => p,
    };
    return box;
  }
  if (params.domain === "shell") {
    const inner = 1 - params.shellThickness;
    const mid = (1 + inner) / 2;
    const shell: Domain = {
      kind: "shell",
      centre,
      half,
      volume: (4 / 3) * Math.PI * ax * ay * az * (1 - inner * inner * inner),
      contains(x, y, z, m) {
        const r = q(x, y, z);
        return r <= 1 - m / amin && r >= inner + m / amin;
      },
      inward: (p) => {
        const n = ellipsoidNormal(p, half);
        return q(p[0], p[1], p[2]) > mid ? [-n[0], -n[1], -n[2]] : n;
      },
      normal: (p) => ellipsoidNormal(p, half),
      snap(p, m) {
        const s = shell.project(p);
        return shell.contains(s[0], s[1], s[2], m) ? s : null;
      },
      project(p) {
        const r = q(p[0], p[1], p[2]);
        return r > 0 ? [(p[0] * mid) / r, (p[1] * mid) / r, (p[2] * mid) / r] : p;
      },
    };
    return shell;
  }
  const ellipsoid: Domain = {
    kind: params.domain,
    centre,
    half,
    volume: (4 / 3) * Math.PI * ax * ay * az,
    contains: (x, y, z, m) => q(x, y, z) <= 1 - m / amin,
    inward: towardCentre,
    normal: () => null,
    snap: (p, m) => walkIn(ellipsoid, p, m),
    project: (p) => p,
  };
  return ellipsoid;
}

function ellipsoidNormal(p: Vec3, a: Vec3): Vec3 {
  return normalise([p[0] / (a[0] * a[0]), p[1] / (a[1] * a[1]), p[2] / (a[2] * a[2])]);
}

/** A mask in world mm, seen in the tree's unit (`k` units per mm). */
function maskDomain(mask: Volume, k: number): Domain {
  const [nx, ny, nz] = mask.dims;
  const m = mask.affine;
  // Forward: world = M·ijk + t (in mm); inverse of the 3×3 part for world → voxel.
  const inv = invert3([m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]]);
  const t: Vec3 = [m[3], m[7], m[11]];
  const toWorld = (i: number, j: number, l: number): Vec3 => [
    k * (m[0] * i + m[1] * j + m[2] * l + t[0]),
    k * (m[4] * i + m[5] * j + m[6] * l + t[1]),
    k * (m[8] * i + m[9] * j + m[10] * l + t[2]),
  ];
  let count = 0;
  const lo: Vec3 = [Infinity, Infinity, Infinity],
    hi: Vec3 = [-Infinity, -Infinity, -Infinity],
    sum: Vec3 = [0, 0, 0];
  for (let l = 0, idx = 0; l < nz; l++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (!(mask.data[idx] > 0)) continue;
        count++;
        const w = toWorld(i, j, l);
        for (let a = 0; a < 3; a++) {
          sum[a] += w[a];
          if (w[a] < lo[a]) lo[a] = w[a];
          if (w[a] > hi[a]) hi[a] = w[a];
        }
      }
  if (count === 0) throw new RangeError(`mask: the domain mask is empty (no voxel > 0 among ${nx * ny * nz}); give a mask with at least one inside voxel`);
  const voxel = k * k * k * Math.abs(det3([m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]]));
  const centre: Vec3 = [sum[0] / count, sum[1] / count, sum[2] / count];
  const inside = (x: number, y: number, z: number): boolean => {
    const wx = x / k - t[0],
      wy = y / k - t[1],
      wz = z / k - t[2];
    const i = Math.round(inv[0] * wx + inv[1] * wy + inv[2] * wz);
    const j = Math.round(inv[3] * wx + inv[4] * wy + inv[5] * wz);
    const l = Math.round(inv[6] * wx + inv[7] * wy + inv[8] * wz);
    if (i < 0 || j < 0 || l < 0 || i >= nx || j >= ny || l >= nz) return false;
    return mask.data[i + nx * (j + ny * l)] > 0;
  };
  return {
    kind: "mask",
    centre,
    half: [(hi[0] - lo[0]) / 2 || k, (hi[1] - lo[1]) / 2 || k, (hi[2] - lo[2]) / 2 || k],
    volume: count * voxel,
    contains: (x, y, z) => inside(x, y, z),
    inward: (p) => normalise([centre[0] - p[0], centre[1] - p[1], centre[2] - p[2]]),
    normal: () => null,
    project: (p) => p,
    snap(p) {
      if (inside(p[0], p[1], p[2])) return [...p];
      let best: Vec3 | null = null,
        bestD = Infinity;
      for (let l = 0, idx = 0; l < nz; l++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++, idx++) {
            if (!(mask.data[idx] > 0)) continue;
            const w = toWorld(i, j, l);
            const d = sq(w[0] - p[0]) + sq(w[1] - p[1]) + sq(w[2] - p[2]);
            if (d < bestD) {
              bestD = d;
              best = w;
            }
          }
      return best;
    },
  };
}

function sq(x: number): number {
  return x * x;
}

function det3(a: number[]): number {
  return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

function invert3(a: number[]): number[] {
  const d = det3(a);
  if (!(Math.abs(d) > 0)) throw new RangeError("mask: its affine is singular; give a mask whose affine maps voxels to a 3-D region");
  return [
    (a[4] * a[8] - a[5] * a[7]) / d,
    (a[2] * a[7] - a[1] * a[8]) / d,
    (a[1] * a[5] - a[2] * a[4]) / d,
    (a[5] * a[6] - a[3] * a[8]) / d,
    (a[0] * a[8] - a[2] * a[6]) / d,
    (a[2] * a[3] - a[0] * a[5]) / d,
    (a[3] * a[7] - a[4] * a[6]) / d,
    (a[1] * a[6] - a[0] * a[7]) / d,
    (a[0] * a[4] - a[1] * a[3]) / d,
  ];
}
