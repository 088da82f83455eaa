/**
 * Does the segment a + t·d, t ∈ [0, 1], meet the box centred at c with half-sizes e?
 * (Slab test; boxes are closed, so a segment along a shared face marks both voxels.)
 * CPU twin of `segmentHitsBox()` in shaders/voxelise.wgsl.
 */
export function segmentHitsBox(
  ax: number,
  ay: number,
  az: number,
  dx: number,
  dy: number,
  dz: number,
  cx: number,
  cy: number,
  cz: number,
  ex: number,
  ey: number,
  ez: number,
): boolean {
  let t0 = 0,
    t1 = 1;
  // x
  let a = ax - cx;
  if (dx === 0) {
    if (a < -ex || a > ex) return false;
  } else {
    const lo = (-ex - a) / dx,
      hi = (ex - a) / dx;
    t0 = Math.max(t0, Math.min(lo, hi));
    t1 = Math.min(t1, Math.max(lo, hi));
    if (t0 > t1) return false;
  }
  // y
  a = ay - cy;
  if (dy === 0) {
    if (a < -ey || a > ey) return false;
  } else {
    const lo = (-ey - a) / dy,
      hi = (ey - a) / dy;
    t0 = Math.max(t0, Math.min(lo, hi));
    t1 = Math.min(t1, Math.max(lo, hi));
    if (t0 > t1) return false;
  }
  // z
  a = az - cz;
  if (dz === 0) {
    if (a < -ez || a > ez) return false;
  } else {
    const lo = (-ez - a) / dz,
      hi = (ez - a) / dz;
    t0 = Math.max(t0, Math.min(lo, hi));
    t1 = Math.min(t1, Math.max(lo, hi));
    if (t0 > t1) return false;
  }
  return true;
}
