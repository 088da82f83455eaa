/**
 * The few 3-vector operations the simulator needs, on plain [x, y, z] tuples, plus the
 * closest-distance queries between segments and points used by the collision checks.
 */
import type { Vec3 } from "../volume/index.js";
import { acos } from "../math/index.js";

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function scale(a: Vec3, k: number): Vec3 {
  return [a[0] * k, a[1] * k, a[2] * k];
}

/** a + k·b */
export function addScaled(a: Vec3, b: Vec3, k: number): Vec3 {
  return [a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function length(a: Vec3): number {
  return Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
}

export function distance(a: Vec3, b: Vec3): number {
  const x = a[0] - b[0],
    y = a[1] - b[1],
    z = a[2] - b[2];
  return Math.sqrt(x * x + y * y + z * z);
}

/** a / |a|, or `fallback` when a is (nearly) zero. */
export function normalise(a: Vec3, fallback: Vec3 = [0, 0, 1]): Vec3 {
  const l = length(a);
  return l > 1e-12 ? [a[0] / l, a[1] / l, a[2] / l] : [...fallback];
}

/** A unit vector perpendicular to the unit vector d. */
export function perpendicular(d: Vec3): Vec3 {
  const ax = Math.abs(d[0]),
    ay = Math.abs(d[1]),
    az = Math.abs(d[2]);
  const other: Vec3 = ax <= ay && ax <= az ? [1, 0, 0] : ay <= az ? [0, 1, 0] : [0, 0, 1];
  return normalise(cross(d, other));
}

/** The part of u perpendicular to the unit vector n, normalised (falls back to any perpendicular of n). */
export function orthogonalise(u: Vec3, n: Vec3): Vec3 {
  const k = dot(u, n);
  const v: Vec3 = [u[0] - k * n[0], u[1] - k * n[1], u[2] - k * n[2]];
  return length(v) > 1e-9 ? normalise(v) : perpendicular(n);
}

/** Angle in radians between two vectors (0 when either is zero). */
export function angleBetween(a: Vec3, b: Vec3): number {
  const la = length(a),
    lb = length(b);
  if (la === 0 || lb === 0) return 0;
  return acos(Math.min(1, Math.max(-1, dot(a, b) / (la * lb))));
}

/**
 * Squared distance between segments p1–q1 and p2–q2 (Ericson, Real-Time Collision
 * Detection, 5.1.9), on scalars so that the hot loop allocates nothing.
 */
export function segmentDistanceSq(
  p1x: number,
  p1y: number,
  p1z: number,
  q1x: number,
  q1y: number,
  q1z: number,
  p2x: number,
  p2y: number,
  p2z: number,
  q2x: number,
  q2y: number,
  q2z: number,
): number {
  const d1x = q1x - p1x,
    d1y = q1y - p1y,
    d1z = q1z - p1z;
  const d2x = q2x - p2x,
    d2y = q2y - p2y,
    d2z = q2z - p2z;
  const rx = p1x - p2x,
    ry = p1y - p2y,
    rz = p1z - p2z;
  const a = d1x * d1x + d1y * d1y + d1z * d1z;
  const e = d2x * d2x + d2y * d2y + d2z * d2z;
  const f = d2x * rx + d2y * ry + d2z * rz;
  const eps = 1e-18;
  let s: number, t: number;
  if (a <= eps && e <= eps) {
    s = 0;
    t = 0;
  } else if (a <= eps) {
    s = 0;
    t = clamp01(f / e);
  } else {
    const c = d1x * rx + d1y * ry + d1z * rz;
    if (e <= eps) {
      t = 0;
      s = clamp01(-c / a);
    } else {
      const b = d1x * d2x + d1y * d2y + d1z * d2z;
      const denom = a * e - b * b;
      s = denom > eps * a * e ? clamp01((b * f - c * e) / denom) : 0;
      t = (b * s + f) / e;
      if (t < 0) {
        t = 0;
        s = clamp01(-c / a);
      } else if (t > 1) {
        t = 1;
        s = clamp01((b - c) / a);
      }
    }
  }
  const dx = rx + d1x * s - d2x * t,
    dy = ry + d1y * s - d2y * t,
    dz = rz + d1z * s - d2z * t;
  return dx * dx + dy * dy + dz * dz;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
