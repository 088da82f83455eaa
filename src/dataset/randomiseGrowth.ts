/**
 * Domain randomisation of geometry: each sample's growth parameters are its tree preset's,
 * with a few shape parameters moved within modest ranges, so that a data set does not
 * repeat one preset's look. Each parameter draws from its own fork of the rng (so changing one
 * range never moves another's draw), is clamped to its PARAM_SPECS range, and the result is
 * checked by resolveParams.
 */
import { PARAM_SPECS, resolveParams, type GrowParams } from "../geometry/index.js";
import type { Rng } from "../random/index.js";

export interface GrowthRange {
  /** The preset's value is multiplied by a factor uniform in [lo, hi) … */
  scale?: readonly [number, number];
  /** … or has an amount uniform in [lo, hi) added. */
  shift?: readonly [number, number];
}

/**
 * What varies from sample to sample. Radii, domain and collision parameters stay the preset's
 * (they carry its anatomy and its checked scale). Pathology probabilities are scaled from 0 to
 * 3 times the preset's, so some samples have none and some three times as many; a preset without
 * a pathology keeps none.
 */
export const GROWTH_RANDOMISATION: Readonly<Partial<Record<keyof GrowParams, GrowthRange>>> = {
  terminals: { scale: [0.6, 1.4] },
  murrayExponent: { shift: [-0.3, 0.2] },
  asymmetry: { shift: [-0.15, 0.15] },
  angleJitter: { scale: [0.5, 1.5] },
  lengthRatio: { scale: [0.8, 1.25] },
  curvature: { scale: [0.6, 1.6] },
  tortuosity: { scale: [0.5, 2] },
  waveRatio: { scale: [0.75, 1.33] },
  stenosisProbability: { scale: [0, 3] },
  aneurysmProbability: { scale: [0, 3] },
  occlusionProbability: { scale: [0, 3] },
  tortuosityProbability: { scale: [0, 3] },
};

/** The fully resolved growth parameters of one sample of tree preset `preset`. */
export function randomiseGrowth(preset: string, rng: Rng): GrowParams {
  const base = resolveParams(preset);
  const overrides: Partial<Record<keyof GrowParams, number>> = {};
  for (const [key, range] of Object.entries(GROWTH_RANDOMISATION) as [keyof GrowParams, GrowthRange][]) {
    const spec = PARAM_SPECS.find((s) => s.key === key)!;
    const r = rng.fork(key);
    let x = base[key] as number;
    if (range.scale) x *= r.uniform(range.scale[0], range.scale[1]);
    if (range.shift) x += r.uniform(range.shift[0], range.shift[1]);
    if (spec.type === "integer") x = Math.round(x);
    overrides[key] = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, x));
  }
  return resolveParams(preset, overrides as Partial<GrowParams>);
}
