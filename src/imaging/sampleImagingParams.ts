/**
 * Draws the exact parameters of one synthetic image for a modality, within IMAGING_RANGES.
 * Each effect draws from its own fork of `rng`, so overriding or re-ranging one effect never
 * changes what the others draw. Overrides are merged last (deep for objects, whole for
 * arrays) and the result is validated.
 */
import type { Rng } from "../random/index.js";
import type { Vec3 } from "../volume/index.js";
import { biasTerms } from "./effects/biasField.js";
import { histogramControlPoints } from "./effects/histogramShift.js";
import { checkModality, MODALITY_INFO, type Modality } from "./modalities.js";
import { IMAGING_FORMAT, IMAGING_VERSION, type Axis, type DistractorTube, type Dropout, type ImagingOverrides, type ImagingParams } from "./params.js";
import { IMAGING_RANGES, type Range } from "./ranges.js";
import { validateImagingParams } from "./validateImagingParams.js";

/** Sampled resolution factors below this are set to 1 (no resampling). */
export const MIN_RESAMPLING = 1.1;

const u = (rng: Rng, r: Range): number => (r[0] === r[1] ? r[0] : rng.uniform(r[0], r[1]));
const int = (rng: Rng, r: Range): number => rng.int(Math.ceil(r[0]), Math.floor(r[1]));
const point = (rng: Rng, lo = 0, hi = 1): Vec3 => [rng.uniform(lo, hi), rng.uniform(lo, hi), rng.uniform(lo, hi)];

export function sampleImagingParams(modality: Modality, rng: Rng, overrides?: ImagingOverrides): ImagingParams {
  checkModality(modality, "sampleImagingParams");
  if (!rng || typeof rng.fork !== "function") throw new TypeError("sampleImagingParams: rng must be an Rng from createRng(seed)");
  const R = IMAGING_RANGES[modality];
  const floor = MODALITY_INFO[modality].floor;

  let r = rng.fork("background");
  const level = u(r, R.background.level);
  const background: ImagingParams["background"] = {
    level,
    texture: {
      amplitude: level * u(r, R.background.textureAmplitude),
      scale: u(r, R.background.textureScale),
      octaves: int(r, R.background.octaves),
      persistence: u(r, R.background.persistence),
    },
    blobs: Array.from({ length: int(r, R.background.blobs) }, () => ({
      center: point(r),
      radius: u(r, R.background.blobRadius),
      amplitude: level * u(r, R.background.blobAmplitude),
    })),
    cells: r.chance(R.background.cellProbability)
      ? { density: u(r, R.background.cellDensity), radius: u(r, R.background.cellRadius), amplitude: level * u(r, R.background.cellAmplitude) }
      : { density: 0, radius: 1, amplitude: 0 },
  };

  r = rng.fork("body");
  const bodyOn = r.chance(R.body.probability);
  const body: ImagingParams["body"] = {
    enabled: bodyOn,
    center: point(r, 0.45, 0.55),
    radii: [u(r, R.body.radii), u(r, R.body.radii), u(r, R.body.radii)],
    outside: u(r, R.body.outside),
    shell: { thickness: u(r, R.body.shellThickness), level: u(r, R.body.shellLevel) },
  };

  r = rng.fork("vessels");
  const vessels: ImagingParams["vessels"] = {
    level: u(r, R.vessels.level),
    invert: r.chance(R.vessels.invertProbability),
    partialVolume: r.chance(R.vessels.partialVolumeProbability),
    classGain: { stenosis: u(r, R.vessels.stenosisGain), aneurysm: u(r, R.vessels.aneurysmGain) },
    flowFade: u(r, R.vessels.flowFade),
    // Its own fork, so the draws above are those of records made before this mode existed.
    additive: rng.fork("vessels.additive").chance(R.vessels.additiveProbability) ? 1 : 0,
  };

  r = rng.fork("distractors");
  const tubes: DistractorTube[] = Array.from({ length: int(r, R.distractors.tubes) }, () => {
    const a = point(r);
    const dir = normalise([r.normal(), r.normal(), r.normal()]);
    const len = r.uniform(0.3, 1);
    const bend = r.uniform(-0.15, 0.15);
    const side = normalise(cross(dir, normalise([r.normal(), r.normal(), r.normal()])));
    const mid: Vec3 = [0, 1, 2].map((k) => a[k] + (dir[k] * len) / 2 + side[k] * bend) as Vec3;
    const b: Vec3 = [0, 1, 2].map((k) => a[k] + dir[k] * len) as Vec3;
    return { points: [a, mid, b], radius: u(r, R.distractors.tubeRadius), level: u(r, R.distractors.tubeLevel) };
  });
  const dblobs = Array.from({ length: int(r, R.distractors.blobs) }, () => ({
    center: point(r, 0.1, 0.9),
    radius: u(r, R.distractors.blobRadius),
    level: u(r, R.distractors.blobLevel),
  }));

  r = rng.fork("bias");
  const order = int(r, R.bias.order);
  const bias = { strength: u(r, R.bias.strength), coefficients: biasTerms(order).map(() => r.uniform(-1, 1)) };

  r = rng.fork("attenuation");
  const attenuation = { axis: 2 as const, endRatio: u(r, R.attenuation.endRatio) };

  r = rng.fork("dropouts");
  const drops: Dropout[] = Array.from({ length: int(r, R.dropouts.count) }, () => {
    const size: Vec3 = [u(r, R.dropouts.size), u(r, R.dropouts.size), u(r, R.dropouts.size)];
    const center = point(r);
    if (r.chance(0.5)) {
      const axis = r.int(0, 2);
      for (let k = 0; k < 3; k++)
        if (k !== axis) {
          size[k] = 2;
          center[k] = 0.5;
        }
    }
    return { center, size, factor: u(r, R.dropouts.factor), softness: u(r, R.dropouts.softness) };
  });

  r = rng.fork("motion");
  const m = r.next();
  const kind = m < R.motion.ghostProbability ? "ghost" : m < R.motion.ghostProbability + R.motion.blurProbability ? "blur" : "none";
  const motion: ImagingParams["motion"] = {
    kind,
    axis: r.int(0, 1) as 0 | 1,
    ghosts:
      kind === "ghost"
        ? Array.from({ length: int(r, R.motion.ghosts) }, () => ({
            shift: (r.chance(0.5) ? 1 : -1) * u(r, R.motion.ghostShift),
            amplitude: u(r, R.motion.ghostAmplitude),
          }))
        : [],
    length: kind === "blur" ? u(r, R.motion.blurLength) : 1,
  };
  if (kind === "blur") motion.axis = r.int(0, 2) as 0 | 1 | 2;

  r = rng.fork("blur");
  const blur = { sigma: [u(r, R.blur.sigmaXY), u(r, R.blur.sigmaXY), u(r, R.blur.sigmaZ)] as Vec3 };
  r = rng.fork("resolution");
  // Factors below MIN_RESAMPLING change little and cost two passes: they become 1.
  const snap = (f: number): number => (f < MIN_RESAMPLING ? 1 : f);
  const fxy = snap(u(r, R.resolution.factorXY));
  const resolution = { factor: [fxy, fxy, snap(u(r, R.resolution.factorZ))] as Vec3 };

  r = rng.fork("noise");
  const noise = { poisson: 0, gaussian: 0, rician: 0 };
  const kinds = [
    ["poisson", R.noise.poissonProbability, R.noise.poisson],
    ["gaussian", R.noise.gaussianProbability, R.noise.gaussian],
    ["rician", R.noise.ricianProbability, R.noise.rician],
  ] as const;
  if (R.noise.exclusive) {
    const total = kinds.reduce((s, k) => s + k[1], 0);
    let x = r.uniform(0, total);
    const pick = kinds.find((k) => (x -= k[1]) < 0) ?? kinds[kinds.length - 1];
    noise[pick[0]] = u(r, pick[2]);
  } else {
    for (const [name, p, range] of kinds) if (r.chance(p)) noise[name] = u(r, range);
  }

  r = rng.fork("intensity");
  const intensity = {
    gamma: u(r, R.intensity.gamma),
    gain: u(r, R.intensity.gain),
    offset: u(r, R.intensity.offset),
    reference: vessels.level - floor,
    pivot: R.intensity.pivotAtTissue ? background.level : floor,
  };

  // The effects added later draw from forks of their own (the draws above are unchanged), and
  // draw their whole geometry even when off (amplitude 0, cutoff 1, strength 0), so that a
  // page can switch them on over the same seed.
  r = rng.fork("perlin");
  const perlinOn = r.chance(R.perlin.probability);
  const perlin = {
    amplitude: level * u(r, R.perlin.amplitude),
    scale: u(r, R.perlin.scale),
    octaves: int(r, R.perlin.octaves),
    persistence: u(r, R.perlin.persistence),
  };
  if (!perlinOn) perlin.amplitude = 0;

  r = rng.fork("voronoi");
  const voronoiOn = r.chance(R.voronoi.probability);
  const voronoi = { amplitude: voronoiOn ? level * u(r, R.voronoi.amplitude) : 0, scale: u(r, R.voronoi.scale) };

  r = rng.fork("gibbs");
  const gibbsOn = r.chance(R.gibbs.probability);
  const cutoff = u(r, R.gibbs.cutoff);
  const gibbs = { cutoff: gibbsOn ? cutoff : 1, axes: (r.chance(0.5) ? [0, 1] : [r.int(0, 2)]) as Axis[] };

  r = rng.fork("spikes");
  const spikesOn = r.chance(R.spikes.probability);
  const spikeAmplitude = level * u(r, R.spikes.amplitude);
  const spikes = {
    amplitude: spikesOn ? spikeAmplitude : 0,
    points: Array.from({ length: int(r, R.spikes.count) }, () => ({ frequency: point(r, -0.5, 0.5), phase: r.next(), weight: r.uniform(0.3, 1) })),
  };

  r = rng.fork("histogram");
  const histogramOn = r.chance(R.histogram.probability);
  const histogram = {
    strength: histogramOn ? 1 : 0,
    low: floor,
    high: floor + (vessels.level - floor) * u(r, R.histogram.high),
    points: histogramControlPoints(int(r, R.histogram.points), r),
  };

  const params: ImagingParams = {
    format: IMAGING_FORMAT,
    version: IMAGING_VERSION,
    modality,
    floor,
    background,
    perlin,
    voronoi,
    body,
    vessels,
    distractors: { tubes, blobs: dblobs },
    bias,
    attenuation,
    dropouts: drops,
    motion,
    blur,
    resolution,
    gibbs,
    spikes,
    noise,
    intensity,
    histogram,
  };
  const merged = overrides ? (mergeDeep(params, overrides) as ImagingParams) : params;
  validateImagingParams(merged);
  return merged;
}

function normalise(v: Vec3): Vec3 {
  const n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A copy of `base` with `patch` merged in: objects deeply, arrays and values replaced; undefined leaves a value. */
export function mergeDeep(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (!(k in base))
      throw new RangeError(`sampleImagingParams: overrides.${k} is not an imaging parameter; the parameters are ${Object.keys(base).join(", ")}`);
    out[k] = mergeDeep(base[k], v);
  }
  return out;
}
