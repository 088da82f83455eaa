/**
 * Switching effects off: the names a page's toggles and tests use, and a copy of a parameter
 * record with the named effects set to their neutral values (everything else unchanged).
 */
import type { ImagingParams } from "./params.js";

export const EFFECTS = [
  "texture",
  "blobs",
  "cells",
  "perlin",
  "voronoi",
  "body",
  "inversion",
  "classGain",
  "flowFade",
  "partialVolume",
  "addedVessels",
  "distractors",
  "bias",
  "attenuation",
  "dropouts",
  "motion",
  "blur",
  "resolution",
  "gibbs",
  "spikes",
  "noise",
  "intensity",
  "histogram",
] as const;
export type EffectName = (typeof EFFECTS)[number];

export function withoutEffects(params: ImagingParams, effects: readonly EffectName[]): ImagingParams {
  const p = structuredClone(params);
  for (const e of effects) {
    switch (e) {
      case "texture":
        p.background.texture.amplitude = 0;
        break;
      case "blobs":
        p.background.blobs = [];
        break;
      case "cells":
        p.background.cells.density = 0;
        break;
      case "perlin":
        p.perlin.amplitude = 0;
        break;
      case "voronoi":
        p.voronoi.amplitude = 0;
        break;
      case "body":
        p.body.enabled = false;
        break;
      case "inversion":
        p.vessels.invert = false;
        break;
      case "classGain":
        p.vessels.classGain = { stenosis: 1, aneurysm: 1 };
        break;
      case "flowFade":
        p.vessels.flowFade = 1;
        break;
      case "partialVolume":
        p.vessels.partialVolume = false;
        break;
      case "addedVessels":
        p.vessels.additive = 0;
        break;
      case "distractors":
        p.distractors = { tubes: [], blobs: [] };
        break;
      case "bias":
        p.bias.strength = 0;
        break;
      case "attenuation":
        p.attenuation.endRatio = 1;
        break;
      case "dropouts":
        p.dropouts = [];
        break;
      case "motion":
        p.motion = { ...p.motion, kind: "none", ghosts: [], length: 1 };
        break;
      case "blur":
        p.blur.sigma = [0, 0, 0];
        break;
      case "resolution":
        p.resolution.factor = [1, 1, 1];
        break;
      case "gibbs":
        p.gibbs.cutoff = 1;
        break;
      case "spikes":
        p.spikes.amplitude = 0;
        break;
      case "noise":
        p.noise = { poisson: 0, gaussian: 0, rician: 0 };
        break;
      case "intensity":
        p.intensity = { ...p.intensity, gamma: 1, gain: 1, offset: 0 };
        break;
      case "histogram":
        p.histogram.strength = 0;
        break;
      default:
        throw new RangeError(`withoutEffects: effect = ${JSON.stringify(e)}; give one of ${EFFECTS.join(", ")}`);
    }
  }
  return p;
}
