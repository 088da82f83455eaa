/**
 * The voxel scale whose masked-reconstruction error is lowest: the other candidate for `--spacing auto`. A
 * model's reconstruction decoder fills in hidden cubes best where the scan looks most like its training data, so the
 * factor (each axis's spacing × f) with the lowest mean masked loss over a few mask seeds is the scan's "most
 * familiar" scale. Measured against the vesselness estimator in `npm run bench -- scale` (scale_recon_minus_best_mean);
 * not the default, because it measures worse (models/README.md).
 */
import type { Vec3, Volume } from "../volume/index.js";

export interface ReconstructionScale {
  /** The factor with the lowest mean loss. */
  factor: number;
  spacing: Vec3;
  /** Mean masked loss at each factor tried, in order. */
  losses: { factor: number; loss: number }[];
}

/**
 * `reconstruct(spacing, seed)` is the masked loss of the scan resampled to `spacing` with mask seed `seed`
 * (reconstructVolume's `loss`); each factor is tried with every seed, and the lowest mean wins (the first on a tie).
 */
export async function reconstructionScale(
  volume: Pick<Volume, "spacing">,
  reconstruct: (spacing: Vec3, seed: number) => Promise<number>,
  { factors = [1, 1.25, 1.6, 2, 2.5, 3.2, 4], seeds = [0, 1] }: { factors?: readonly number[]; seeds?: readonly number[] } = {},
): Promise<ReconstructionScale> {
  if (factors.length === 0 || factors.some((f) => !(f >= 1) || !Number.isFinite(f)))
    throw new RangeError(`reconstructionScale: factors = [${factors.join(", ")}]; give one or more finite factors ≥ 1`);
  if (seeds.length === 0) throw new RangeError("reconstructionScale: seeds = []; give at least one mask seed");
  const losses: { factor: number; loss: number }[] = [];
  for (const factor of factors) {
    const spacing = volume.spacing.map((s) => s * factor) as Vec3;
    let sum = 0;
    for (const seed of seeds) sum += await reconstruct(spacing, seed);
    losses.push({ factor, loss: sum / seeds.length });
  }
  const best = losses.reduce((a, b) => (b.loss < a.loss ? b : a));
  return { factor: best.factor, spacing: volume.spacing.map((s) => s * best.factor) as Vec3, losses };
}
