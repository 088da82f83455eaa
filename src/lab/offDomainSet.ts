/**
 * The off-domain adaptation set: held-out synthetic scans of three presets pushed off the training domain by the
 * shifts of offDomain.ts. scripts/offdomain-set.ts writes it as NIfTI pairs (for models/train's probes and the CLI);
 * `npm run bench -- adapt` makes the same scans in memory, so both measure one set.
 */
import { type SampleOptions, makeSample, sampleSpec } from "../dataset/index.js";
import type { Volume } from "../volume/index.js";
import { type DomainShift, shiftDomain } from "./offDomain.js";

export const OFF_DOMAIN_PRESETS = ["brain-tof", "liver-cta", "microscopy"] as const;
export const OFF_DOMAIN_SHIFTS = ["strong bias field", "heavy noise", "gamma 2.5"] as const;

/** Scan `index` of `preset` (64³ wide voxels and visible labels unless `options` say otherwise), shifted (seeded by its index), and its label. */
export function offDomainCase(
  preset: (typeof OFF_DOMAIN_PRESETS)[number],
  index: number,
  shift: DomainShift,
  options: SampleOptions & { seed: number },
): { image: Volume<Float32Array>; label: Volume } {
  const sample = makeSample(sampleSpec(index, { size: 64, voxels: "wide", labelConvention: "visible", ...options, preset }));
  return { image: shiftDomain(sample.image, shift, index), label: sample.label };
}
