/**
 * The options of the multi-scale vesselness filter, validated and defaulted in one place: the CPU filter, its WGSL
 * twin, the baselines and the CLI all read the resolved form.
 */
import { type Volume, percentilesOf } from "../volume/index.js";

export type VesselnessMethod = "frangi" | "sato";
export const VESSELNESS_METHODS: readonly VesselnessMethod[] = ["frangi", "sato"];

export interface VesselnessOptions {
  /** "frangi" (default) or "sato". */
  method?: VesselnessMethod;
  /** Vessel radii in mm to look for, one scale each (σ = r/√2, where a bright cylinder of radius r answers most). Default: `defaultRadii(spacing)`. */
  radii?: number[];
  /** true (default): bright vessels on a dark background (angiograms, microscopy); false: dark vessels. */
  bright?: boolean;
  /** Frangi's plate-vs-line weight α; default 0.5. */
  alpha?: number;
  /** Frangi's blob-vs-line weight β; default 0.5. */
  beta?: number;
  /** Frangi's structure weight c in image units; default `FRANGI_C_FRACTION` × the image's contrast (see frangiContrast). */
  c?: number;
  /** Voxels to take the contrast from (a field-of-view mask); default all. */
  within?: Uint8Array;
  /** true (default): scales of 2 or more voxels run on coarser grids (pyramid.ts), several times faster; false: every scale at full resolution. */
  pyramid?: boolean;
}

export interface ResolvedVesselnessOptions {
  method: VesselnessMethod;
  radii: number[];
  /** σ of each scale in mm: radius / √2. */
  sigmas: number[];
  bright: boolean;
  alpha: number;
  beta: number;
  c: number;
  pyramid: boolean;
}

/** Frangi's c as a fraction of the contrast p99.5 − p50 (bright) or p50 − p0.5 (dark). */
export const FRANGI_C_FRACTION = 0.25;

/** The default radii: four, spaced evenly in log from 1 to 6 times the finest voxel side. */
export function defaultRadii(spacing: readonly number[], count = 4, fromVoxels = 1, toVoxels = 6): number[] {
  const h = Math.min(...spacing);
  return Array.from({ length: count }, (_, i) => h * fromVoxels * (toVoxels / fromVoxels) ** (count === 1 ? 0 : i / (count - 1)));
}

/**
 * The image's vessel contrast, on which Frangi's c is set: p99.5 − p50 of the finite voxels (p50 − p0.5 for dark
 * vessels), inside `within` when given. Frangi et al. set c to half the largest Hessian norm; a scale-normalised
 * Hessian of a bright tube of contrast ΔI peaks at about 0.5 ΔI, so 0.25 ΔI is that rule without a second pass over
 * every scale, and one c for all scales keeps the best scale the one where the tube answers most.
 */
export function frangiContrast(volume: Volume, within?: Uint8Array, bright = true): number {
  let values: ArrayLike<number> = volume.data;
  if (within) {
    if (within.length !== volume.data.length)
      throw new RangeError(`vesselness: the field-of-view mask has ${within.length} voxels, the volume ${volume.data.length}`);
    let n = 0;
    for (let i = 0; i < within.length; i++) if (within[i]) n++;
    const picked = new Float64Array(n);
    for (let i = 0, j = 0; i < within.length; i++) if (within[i]) picked[j++] = volume.data[i];
    values = picked;
  }
  const [lo, mid, hi] = percentilesOf(values, [0.5, 50, 99.5]);
  const contrast = bright ? hi - mid : mid - lo;
  return Number.isFinite(contrast) && contrast > 0 ? contrast : 0;
}

function positive(name: string, value: number, hint: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`vesselness: ${name} = ${value}; ${hint}`);
  return value;
}

/** Checks `options` against `volume` and fills in every default. Throws a RangeError naming the option and the fix. */
export function resolveVesselnessOptions(volume: Volume, options: VesselnessOptions = {}): ResolvedVesselnessOptions {
  const { method = "frangi", bright = true, alpha = 0.5, beta = 0.5, pyramid = true } = options;
  if (typeof pyramid !== "boolean")
    throw new RangeError(`vesselness: pyramid = ${pyramid}; give true (large scales on coarser grids) or false (every scale at full resolution)`);
  if (!VESSELNESS_METHODS.includes(method))
    throw new RangeError(`vesselness: method = ${JSON.stringify(method)}; give one of ${VESSELNESS_METHODS.join(", ")}`);
  if (typeof bright !== "boolean") throw new RangeError(`vesselness: bright = ${bright}; give true for bright vessels, false for dark ones`);
  positive("alpha", alpha, "give a positive weight (Frangi's default 0.5)");
  positive("beta", beta, "give a positive weight (Frangi's default 0.5)");
  const radii = options.radii ?? defaultRadii(volume.spacing);
  if (!Array.isArray(radii) || radii.length === 0) throw new RangeError("vesselness: radii is empty; give at least one vessel radius in mm");
  for (const r of radii) positive("a radius", r, "give vessel radii as positive numbers of mm");
  const sorted = [...radii].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i] === sorted[i - 1]) throw new RangeError(`vesselness: radius ${sorted[i]} mm is given twice; give each scale once`);
  let c = options.c;
  if (c === undefined) {
    const contrast = frangiContrast(volume, options.within, bright);
    c = contrast > 0 ? FRANGI_C_FRACTION * contrast : 1;
  } else positive("c", c, "give Frangi's structure weight in image units, or leave it out to set it from the image's contrast");
  return { method, radii: sorted, sigmas: sorted.map((r) => r / Math.SQRT2), bright, alpha, beta, c, pyramid };
}
