/**
 * `--spacing auto`: the voxel size a scan is resampled to so that its vessels fall in the radius range the model
 * learnt. The radius of the scan's thinner quarter of vessels (vesselRadius's p25 along the centrelines, in voxels of
 * its finest side) over the model's `radiusVoxels` (its card) is the factor each axis's spacing is multiplied by:
 * anisotropy is kept (the training data holds anisotropic voxels). The factor is clamped to [1, MAX_SPACING_FACTOR]:
 * a scan is never upsampled (its thin vessels stay as they are, and the work does not grow: refining until p25 reached
 * the model's radius lowered the mean Dice of 24 scanner-voxel synthetic samples from 0.562 to 0.423,
 * scripts/scale-refine-probe.ts), and no vessel is found → the native grid.
 *
 * Why the quarter and not the median: coarsening destroys what is thinner than the new voxels, and cannot be undone,
 * while a wide vessel left at the native grid is still in the range the model learnt (0.7–24 voxels). Where the
 * centrelines split into thin vessels and wide responses (wide vessels, or a scan's bias field, border and blobs,
 * which the filter also answers at its largest scales), the median falls on whichever mode is larger and can coarsen
 * a scan of thin vessels until they vanish: the Synthesise page's default brain image (vessels of 1–1.5 voxels, 112
 * centreline voxels, median 10.1, p25 2.5) was segmented at ×2.52, Dice 0.001 against 0.295 at its own grid. On the
 * quality bench's synthetic samples (seed 99; 160 at scanner voxels, 96 wide; a rule on synthetic data alone) the
 * model's mean Dice was 0.562 → 0.588 and 0.729 → 0.767 with p25 instead of the median; p10 was not tried, and leaving
 * out centreline voxels nearer the edge than their radius helped the wide set (0.736) but not the scanner one (0.550).
 *
 * The committed card's radiusVoxels is 24 since stop 50 (4 before): the five-level model learnt vessels of 0.7–24
 * voxels at their own grid, and coarsening to 4 cost it Dice on synthetic development scans (seed 3; 96 of 64³:
 * 0.739 against 0.798 at their own grid, 36 of the 39 coarsened scans lower; 32 of 128³: 0.741 against 0.770).
 * Candidates 4, 6, 8, 12 and never coarsening, by a rule fixed before (docs/results/scale/auto-radius-rule.md):
 * never coarsening scored highest, 12 the same within 0.0001; 24, the widest the model learnt, is the scan's own
 * grid for every one of those scans and for every real development volume. The radii read here stop at 16 voxels
 * (32 on the 2-voxel blocks of a scan over 256³), so it coarsens only a large scan whose thinner quarter of vessels
 * is wider than anything the model saw.
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
  /** The model's radius the scan's thinner quarter of vessels (p25) was brought to. */
  target: number;
  /** One line for a report: what was measured and chosen. */
  summary: string;
}

/** The factor that brings a radius of `radius` voxels to `target`, clamped to [1, MAX_SPACING_FACTOR] (1 for no measurement). */
export function spacingFactor(radius: number, target: number): number {
  if (!(target > 0) || !Number.isFinite(target))
    throw new RangeError(`chooseSpacing: the model's radiusVoxels = ${target}; give a positive radius in voxels (the model card's radiusVoxels)`);
  if (!(radius > 0) || !Number.isFinite(radius)) return 1;
  return Math.min(MAX_SPACING_FACTOR, Math.max(1, radius / target));
}

export function chooseSpacing(volume: Volume, target: number, options: VesselRadiusOptions = {}): ChosenSpacing {
  spacingFactor(1, target); // validates target before the measurement's seconds
  const radius = vesselRadius(volume, options);
  const factor = spacingFactor(radius.p25, target);
  const spacing = volume.spacing.map((s) => s * factor) as Vec3;
  const measured = Number.isFinite(radius.p25)
    ? `vessel radius ${radius.p25.toFixed(2)} voxels for the thinner quarter (p25; median ${radius.median.toFixed(2)}, p10–p90 ${radius.p10.toFixed(2)}–${radius.p90.toFixed(2)}${radius.block > 1 ? ", measured on 2-voxel blocks" : ""})`
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
