/**
 * `--spacing auto`: the voxel size a scan is resampled to so that its vessels fall in the radius range the model
 * learnt. The scan's median vessel radius (vesselRadius, in voxels of its finest side) over the model's
 * `radiusVoxels` (its card) is the factor each axis's spacing is multiplied by: anisotropy is kept (the training data
 * holds anisotropic voxels). The factor is clamped to [1, MAX_SPACING_FACTOR]: a scan is never upsampled (its thin
 * vessels stay as they are, and the work does not grow), and no vessel is found → the native grid.
 */
import { MAX_SPACING_FACTOR, type ModelSpacing } from "../infer/index.js";
import type { Vec3, Volume } from "../volume/index.js";
import { type VesselRadius, type VesselRadiusOptions, vesselRadius } from "./vesselRadius.js";

export interface ChosenSpacing {
  /** The voxel size (mm) to resample to; the scan's own when factor is 1. */
  spacing: Vec3;
  /** spacing / the scan's spacing, per axis alike. */
  factor: number;
  /** What was measured. */
  radius: VesselRadius;
  /** The model's radius the scan's median was brought to. */
  target: number;
  /** One line for a report: what was measured and chosen. */
  summary: string;
}

/** The factor that brings `median` voxels to `target`, clamped to [1, MAX_SPACING_FACTOR] (1 for no measurement). */
export function spacingFactor(median: number, target: number): number {
  if (!(target > 0) || !Number.isFinite(target))
    throw new RangeError(`chooseSpacing: the model's radiusVoxels = ${target}; give a positive radius in voxels (the model card's radiusVoxels)`);
  if (!(median > 0) || !Number.isFinite(median)) return 1;
  return Math.min(MAX_SPACING_FACTOR, Math.max(1, median / target));
}

export function chooseSpacing(volume: Volume, target: number, options: VesselRadiusOptions = {}): ChosenSpacing {
  spacingFactor(1, target); // validates target before the measurement's seconds
  const radius = vesselRadius(volume, options);
  const factor = spacingFactor(radius.median, target);
  const spacing = volume.spacing.map((s) => s * factor) as Vec3;
  const measured = Number.isFinite(radius.median)
    ? `median vessel radius ${radius.median.toFixed(2)} voxels (p10–p90 ${radius.p10.toFixed(1)}–${radius.p90.toFixed(1)}${radius.block > 1 ? ", measured on 2-voxel blocks" : ""})`
    : "no vessel found by the vesselness filter";
  const chosen = factor === 1 ? "the scan's own grid" : `voxels ×${+factor.toFixed(2)} (${spacing.map((s) => +s.toPrecision(3)).join("×")})`;
  return { spacing, factor, radius, target, summary: `auto scale: ${measured}; model ${target} voxels → ${chosen}` };
}

/**
 * `card` with a spacing of "auto" replaced by the one chosen for `volume` (and what was chosen), or `card` itself and
 * null for any other spacing: the one step the CLI, the pages' worker and the benches take before segmentVolume,
 * reconstructVolume or adaptToScan, which need a spacing that does not depend on the scan.
 */
export function resolveAutoSpacing<C extends { spacing: ModelSpacing; radiusVoxels: number }>(
  card: C,
  volume: Volume,
  options: VesselRadiusOptions = {},
): { card: C; chosen: ChosenSpacing | null } {
  if (card.spacing !== "auto") return { card, chosen: null };
  const chosen = chooseSpacing(volume, card.radiusVoxels, options);
  return { card: { ...card, spacing: chosen.spacing }, chosen };
}
