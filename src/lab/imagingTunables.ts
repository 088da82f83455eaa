/**
 * The imaging parameters the Synthesise page lets a person tune directly, as data: where each
 * lives in the parameter record, its range for a modality (the randomisation range, widened),
 * and how a chosen value becomes an override. Everything else is drawn from the seed.
 */
import { IMAGING_RANGES, mergeDeep, type ImagingOverrides, type ImagingParams, type Modality } from "../imaging/index.js";

export interface Tunable {
  key: string;
  label: string;
  get(params: ImagingParams): number;
  override(value: number, params: ImagingParams): ImagingOverrides;
  range(modality: Modality): [number, number];
}

const widen = ([lo, hi]: readonly [number, number], below = 0.5, above = 1.5): [number, number] => [
  Math.min(lo * below, lo),
  Math.max(hi * above, hi, lo + 1e-6),
];
const zeroTo = (hi: number): [number, number] => [0, hi > 0 ? hi : 1];

export const TUNABLES: readonly Tunable[] = [
  {
    key: "vesselLevel",
    label: "Vessel brightness",
    get: (p) => p.vessels.level,
    override: (v) => ({ vessels: { level: v } }),
    range: (m) => widen(IMAGING_RANGES[m].vessels.level),
  },
  {
    key: "gaussianNoise",
    label: "Gaussian noise σ",
    get: (p) => p.noise.gaussian,
    override: (v) => ({ noise: { gaussian: v } }),
    range: (m) => zeroTo(1.5 * Math.max(IMAGING_RANGES[m].noise.gaussian[1], IMAGING_RANGES[m].noise.rician[1])),
  },
  {
    key: "ricianNoise",
    label: "Rician noise σ",
    get: (p) => p.noise.rician,
    override: (v) => ({ noise: { rician: v } }),
    range: (m) => zeroTo(1.5 * Math.max(IMAGING_RANGES[m].noise.gaussian[1], IMAGING_RANGES[m].noise.rician[1])),
  },
  {
    key: "biasStrength",
    label: "Bias field strength",
    get: (p) => p.bias.strength,
    override: (v) => ({ bias: { strength: v } }),
    range: (m) => zeroTo(1.5 * IMAGING_RANGES[m].bias.strength[1]),
  },
  {
    key: "blurXY",
    label: "Blur σ in-plane (voxels)",
    get: (p) => p.blur.sigma[0],
    override: (v, p) => ({ blur: { sigma: [v, v, p.blur.sigma[2]] } }),
    range: (m) => zeroTo(Math.max(2, 1.5 * IMAGING_RANGES[m].blur.sigmaXY[1])),
  },
  {
    key: "blurZ",
    label: "Blur σ through-plane (voxels)",
    get: (p) => p.blur.sigma[2],
    override: (v, p) => ({ blur: { sigma: [p.blur.sigma[0], p.blur.sigma[1], v] } }),
    range: (m) => zeroTo(Math.max(3, 1.5 * IMAGING_RANGES[m].blur.sigmaZ[1])),
  },
  {
    key: "gamma",
    label: "Gamma",
    get: (p) => p.intensity.gamma,
    override: (v) => ({ intensity: { gamma: v } }),
    range: (m) => widen(IMAGING_RANGES[m].intensity.gamma, 0.6, 1.5),
  },
  // The effects below are off in most draws (value 0, or 1 for Gibbs); a slider moved turns one
  // on over the geometry drawn from the seed (spike positions, control points, Gibbs axes).
  {
    key: "perlin",
    label: "Perlin texture σ",
    get: (p) => p.perlin.amplitude,
    override: (v) => ({ perlin: { amplitude: v } }),
    range: (m) => zeroTo(1.5 * IMAGING_RANGES[m].background.level[1] * IMAGING_RANGES[m].perlin.amplitude[1]),
  },
  {
    key: "voronoi",
    label: "Voronoi cells σ",
    get: (p) => p.voronoi.amplitude,
    override: (v) => ({ voronoi: { amplitude: v } }),
    range: (m) => zeroTo(1.5 * IMAGING_RANGES[m].background.level[1] * IMAGING_RANGES[m].voronoi.amplitude[1]),
  },
  {
    key: "addedVessels",
    label: "Vessels added to texture (0 = painted)",
    get: (p) => p.vessels.additive,
    override: (v) => ({ vessels: { additive: v } }),
    range: () => [0, 1],
  },
  {
    key: "gibbs",
    label: "Gibbs: k-space kept (1 = none)",
    get: (p) => p.gibbs.cutoff,
    override: (v) => ({ gibbs: { cutoff: v } }),
    range: () => [0.3, 1],
  },
  {
    key: "spikes",
    label: "k-space spike amplitude",
    get: (p) => p.spikes.amplitude,
    override: (v) => ({ spikes: { amplitude: v } }),
    range: (m) => zeroTo(1.5 * IMAGING_RANGES[m].background.level[1] * IMAGING_RANGES[m].spikes.amplitude[1]),
  },
  {
    key: "histogram",
    label: "Histogram shift strength",
    get: (p) => p.histogram.strength,
    override: (v) => ({ histogram: { strength: v } }),
    range: () => [0, 1],
  },
];

/** The step of a tunable's slider for a modality: a 200th of its range. */
export function tunableStep(t: Tunable, modality: Modality): number {
  const [lo, hi] = t.range(modality);
  return (hi - lo) / 200;
}

/**
 * The overrides for the tuned values that differ from the drawn parameters (in `values`,
 * keyed by Tunable.key), merged in order: the blur sliders each keep the other's axis.
 * With `modality`, a value within half a slider step of the drawn one is the slider left
 * where it started (a slider shows the drawn value rounded to its step), so not an override:
 * an untouched page images the seed's exact draw, and its links carry only what was tuned.
 */
export function tunedOverrides(drawn: ImagingParams, values: Record<string, number>, modality?: Modality): ImagingOverrides {
  let out: Record<string, unknown> = {};
  let current = structuredClone(drawn);
  for (const t of TUNABLES) {
    const v = values[t.key];
    if (v === undefined || v === t.get(drawn)) continue;
    if (modality !== undefined && Math.abs(v - t.get(drawn)) <= tunableStep(t, modality) / 2 + 1e-12) continue;
    const o = t.override(v, current) as Record<string, unknown>;
    out = merge(out, o);
    current = merge(current as unknown as Record<string, unknown>, o) as unknown as ImagingParams;
  }
  return out as ImagingOverrides;
}

/**
 * The sliders' values for tuned `overrides` on top of the `drawn` parameters (the page's sliders start here when its
 * URL carries tuned settings): tunedOverrides(drawn, tunedValues(drawn, o)) gives o back for what the sliders tune.
 * Overrides that name no imaging parameter (a hand-edited link) are ignored: the drawn values.
 */
export function tunedValues(drawn: ImagingParams, overrides: ImagingOverrides): Record<string, number> {
  let params = drawn;
  try {
    params = mergeDeep(drawn, overrides) as ImagingParams;
  } catch {
    params = drawn;
  }
  return Object.fromEntries(TUNABLES.map((t) => [t.key, t.get(params)]));
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    out[k] =
      av && typeof av === "object" && !Array.isArray(av) && v && typeof v === "object" && !Array.isArray(v)
        ? merge(av as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Whether `overrides` make the vessels dark (`vessels.invert` true: the Synthesise page's "Dark vessels" toggle, or a fit of dark vessels' link). */
export function darkVesselsIn(overrides: ImagingOverrides): boolean {
  return overrides.vessels?.invert === true;
}

/**
 * `overrides` with the vessels made dark (`vessels.invert` true, whatever the imaging seed draws) when `dark`, or
 * without that override when not (the seed's own draw: 3–5 % of seeds draw dark vessels). The input is not changed.
 */
export function withDarkVesselsOverride(overrides: ImagingOverrides, dark: boolean): ImagingOverrides {
  const { invert: _, ...vessels } = overrides.vessels ?? {};
  const rest = { ...overrides };
  delete rest.vessels;
  const kept = dark ? { ...vessels, invert: true } : vessels;
  return Object.keys(kept).length ? { ...rest, vessels: kept } : rest;
}
