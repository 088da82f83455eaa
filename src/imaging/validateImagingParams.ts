/**
 * Checks a whole ImagingParams record (from a manifest, a URL, a page) before synthesis and
 * throws an error that names the offending parameter, its value and what to give instead.
 */
import { checkAttenuationParams } from "./effects/depthAttenuation.js";
import { checkBackgroundParams } from "./effects/backgroundTexture.js";
import { checkBiasParams } from "./effects/biasField.js";
import { checkBlurParams } from "./effects/gaussianBlur.js";
import { checkBodyParams } from "./effects/bodyRegion.js";
import { checkVesselParams } from "./effects/composeVessels.js";
import { checkDistractorParams } from "./effects/distractors.js";
import { checkDropouts } from "./effects/dropouts.js";
import { checkGibbsParams } from "./effects/gibbsRinging.js";
import { checkHistogramParams } from "./effects/histogramShift.js";
import { checkIntensityParams } from "./effects/intensityTransform.js";
import { checkSpikeParams } from "./effects/kspaceSpikes.js";
import { checkMotionParams } from "./effects/motion.js";
import { checkPerlinParams } from "./effects/perlinNoise.js";
import { checkResolutionParams } from "./effects/resolution.js";
import { checkVoronoiParams } from "./effects/voronoiCells.js";
import { checkFinite, checkRange } from "./internal/grid.js";
import { checkModality } from "./modalities.js";
import { IMAGING_FORMAT, IMAGING_VERSION, type ImagingParams } from "./params.js";

const SECTIONS = [
  "background",
  "perlin",
  "voronoi",
  "body",
  "vessels",
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

export function validateImagingParams(params: ImagingParams, fn = "validateImagingParams"): ImagingParams {
  if (typeof params !== "object" || params === null) throw new TypeError(`${fn}: params must be an object from sampleImagingParams`);
  if (params.format !== IMAGING_FORMAT) throw new RangeError(`${fn}: format = ${JSON.stringify(params.format)}; expected "${IMAGING_FORMAT}"`);
  if (params.version !== IMAGING_VERSION) throw new RangeError(`${fn}: version = ${params.version}; this code reads version ${IMAGING_VERSION}`);
  checkModality(params.modality, fn);
  checkFinite(fn, "floor", params.floor);
  for (const s of SECTIONS)
    if (typeof params[s] !== "object" || params[s] === null) throw new TypeError(`${fn}: ${s} is missing; give the full record from sampleImagingParams`);
  checkBackgroundParams(params.background, fn);
  checkPerlinParams(params.perlin, fn);
  checkVoronoiParams(params.voronoi, fn);
  checkBodyParams(params.body, fn);
  checkVesselParams(params.vessels, fn);
  checkDistractorParams(params.distractors, fn);
  checkBiasParams(params.bias, fn);
  checkAttenuationParams(params.attenuation, fn);
  checkDropouts(params.dropouts, fn);
  checkMotionParams(params.motion, fn);
  checkBlurParams(params.blur, fn);
  checkResolutionParams(params.resolution, fn);
  checkGibbsParams(params.gibbs, fn);
  checkSpikeParams(params.spikes, fn);
  checkRange(fn, "noise.poisson", params.noise.poisson, 0, 1e9, "photons per unit, 0 for none");
  checkRange(fn, "noise.gaussian", params.noise.gaussian, 0, 1e6);
  checkRange(fn, "noise.rician", params.noise.rician, 0, 1e6);
  checkIntensityParams(params.intensity, fn);
  checkHistogramParams(params.histogram, fn);
  return params;
}
