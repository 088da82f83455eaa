/**
 * How much of a voxel one round cone covers: the CPU twin of `coverage()` in
 * shaders/voxelise.wgsl. Keep the two in step.
 *
 * The fraction depends on the distance ρ from the voxel centre to the cone's axis and on the
 * radius r there, smoothed over the voxel size h. Both regimes integrate, over a cross-section,
 * to exactly πr², so a straight tube's voxel sum equals its volume at any resolution:
 * - r ≥ h/√3: a linear ramp of width h across the surface, centred on the effective radius
 *   rₑ = √(r² − h²/12) (the ramp adds πh²/12 outside rₑ for what it takes inside);
 * - r < h/√3 (about a voxel across or thinner): the profile of a vessel of radius h/√3,
 *   1 − ρ/h out to ρ = h, scaled by 3r²/h². Every voxel whose centre lies within one voxel of
 *   the axis gets a share, so a sub-voxel vessel leaves a connected trace instead of slipping
 *   between voxel centres. The two regimes meet continuously at r = h/√3.
 */
export function coverage(rho: number, r: number, h: number): number {
  const r2 = r * r;
  if (3 * r2 >= h * h) return clamp01(0.5 - (rho - Math.sqrt(r2 - (h * h) / 12)) / h);
  return ((3 * r2) / (h * h)) * clamp01(1 - rho / h);
}

/** Beyond this distance from its axis a cone of radius r covers nothing. */
export function supportRadius(r: number, h: number): number {
  return 3 * r * r >= h * h ? Math.sqrt(r * r - (h * h) / 12) + 0.5 * h : h;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
