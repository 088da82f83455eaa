/**
 * Label maps → intensity image. The effects run in the order a scanner would impose them:
 *
 *   object:      background texture → Perlin noise → Voronoi cells → body outline → vessels (painted or added;
 *                partial volume, contrast, fading) → distractors; with dark vessels (`vessels.invert`) the
 *                tissue, the body's shell and the distractors are lifted by the vessels' contrast first
 *                (vesselLevels), the air outside the body is not
 *   signal:      bias field → depth attenuation → drop-outs
 *   acquisition: motion → PSF blur → resolution / slice thickness → Gibbs ringing   (composed per axis; see acquisitionSteps)
 *   detection:   k-space spikes → Poisson → Gaussian → Rician noise
 *   display:     gamma and contrast, clipped at the floor → histogram shift
 *
 * Each random effect draws from its own fork of createRng(seed), so the same labels, params and
 * seed give the same bytes, and changing one effect does not move another's noise. The
 * point-wise stages (signal; detection and display) run as kernels slice by slice, which gives
 * the same bytes as running the effect functions one after the other.
 */
import { createRng } from "../random/index.js";
import type { Volume } from "../volume/index.js";
import { backgroundTexture } from "./effects/backgroundTexture.js";
import { biasKernel } from "./effects/biasField.js";
import { bodyRegion } from "./effects/bodyRegion.js";
import { composeVessels, vesselLevels } from "./effects/composeVessels.js";
import { attenuationKernel } from "./effects/depthAttenuation.js";
import { detectionKernel } from "./effects/detection.js";
import { distractors } from "./effects/distractors.js";
import { dropoutKernel } from "./effects/dropouts.js";
import { gaussianOperator } from "./effects/gaussianBlur.js";
import { gibbsOperator } from "./effects/gibbsRinging.js";
import { histogramKernel } from "./effects/histogramShift.js";
import { spikeKernel } from "./effects/kspaceSpikes.js";
import { motionOperator } from "./effects/motion.js";
import { perlinTexture } from "./effects/perlinNoise.js";
import { acquiredSize, resolutionDownOperator, resolutionUpOperator } from "./effects/resolution.js";
import { voronoiTexture } from "./effects/voronoiCells.js";
import { applySteps, type AxisStep } from "./internal/applyAxis.js";
import { composeOperators, type AxisOperator } from "./internal/axisOperator.js";
import { checkImage } from "./internal/grid.js";
import { runKernels } from "./internal/kernel.js";
import type { ImagingLabels } from "./labels.js";
import type { GibbsParams, ImagingParams } from "./params.js";
import { validateImagingParams } from "./validateImagingParams.js";

/**
 * The acquisition as a sequence of axis operators: per axis, motion, then PSF blur, then the
 * box average onto the acquired grid, then Gibbs ringing on the acquired grid (where k-space is
 * truncated) when `gibbs` is given and truncates that axis (one composed operator where that
 * saves work), and after all axes the interpolations back onto the label grid. The reductions
 * run z first (usually the thickest slices, so the later passes are smaller), the
 * interpolations x first. Empty when all the effects are off. Gibbs ringing is a separate
 * argument so that a caller tracing vessels (visibleLabel) leaves it out unless it asks.
 */
export function acquisitionSteps(dims: Volume["dims"], params: Pick<ImagingParams, "motion" | "blur" | "resolution">, gibbs?: GibbsParams): AxisStep[] {
  const down: AxisStep[] = [],
    up: AxisStep[] = [];
  for (const axis of [2, 1, 0] as const) {
    const n = dims[axis];
    const f = params.resolution.factor[axis];
    const coarse = f > 1 && acquiredSize(n, f) < n;
    const chain = [
      params.motion.axis === axis ? motionOperator(n, params.motion) : null,
      params.blur.sigma[axis] > 0 ? gaussianOperator(n, params.blur.sigma[axis]) : null,
      coarse ? resolutionDownOperator(n, f) : null,
      gibbs && gibbs.cutoff < 1 && gibbs.axes.includes(axis) ? gibbsOperator(coarse ? acquiredSize(n, f) : n, gibbs.cutoff) : null,
    ];
    // Compose consecutive operators unless that costs more multiply-adds than two passes
    // (a ghost composed with a blur multiplies their taps).
    let op: AxisOperator | null = null;
    for (const next of chain) {
      if (!next) continue;
      if (!op) {
        op = next;
        continue;
      }
      const both = composeOperators(op, next);
      const separate = op.index.length + next.index.length + 2 * op.nOut;
      if (both.index.length <= separate) op = both;
      else {
        down.push({ axis, op });
        op = next;
      }
    }
    if (op) down.push({ axis, op });
    if (coarse) up.unshift({ axis, op: resolutionUpOperator(n, f) });
  }
  return [...down, ...up];
}

/** The body's shell and the distractors of a dark-vessel sample, lifted with its tissue by `lift`: the same contrast to it as drawn. */
function liftedObjects({ body, distractors }: ImagingParams, lift: number): Pick<ImagingParams, "body" | "distractors"> {
  if (lift === 0) return { body, distractors };
  const up = <T extends { level: number }>(x: T): T => ({ ...x, level: x.level + lift });
  return { body: { ...body, shell: up(body.shell) }, distractors: { tubes: distractors.tubes.map(up), blobs: distractors.blobs.map(up) } };
}

export function synthesiseImage(labels: ImagingLabels, params: ImagingParams, seed: number | string): Volume<Float32Array> {
  const fn = "synthesiseImage";
  validateImagingParams(params, fn);
  if (!labels || !labels.fraction) throw new TypeError(`${fn}: labels must hold a fraction volume (LabelMaps from voxeliseCpu)`);
  checkImage(labels.fraction, `${fn} (labels.fraction)`);
  const rng = createRng(seed);
  const floor = params.floor;

  const img = backgroundTexture(labels.fraction, { ...params.background, floor }, rng.fork("background"));
  perlinTexture(img, { ...params.perlin, floor }, rng.fork("perlin"), img);
  voronoiTexture(img, { ...params.voronoi, floor }, rng.fork("voronoi"), img);
  const { lift } = vesselLevels(params.vessels.level, params.background.level, params.vessels.invert);
  const objects = liftedObjects(params, lift);
  if (lift > 0) for (let v = 0; v < img.data.length; v++) img.data[v] += lift;
  bodyRegion(img, objects.body, img);
  composeVessels(img, labels, { ...params.vessels, backgroundLevel: params.background.level, floor }, img);
  distractors(img, objects.distractors, labels.fraction, img);

  // Point-wise effects run slice by slice, each chain in one pass over memory.
  const slice = img.dims[0] * img.dims[1];
  runKernels(
    img.data,
    [
      biasKernel(img.dims, { ...params.bias, floor }),
      attenuationKernel(img.dims, { ...params.attenuation, floor }),
      dropoutKernel(img.dims, { boxes: params.dropouts, floor }),
    ],
    slice,
  );

  const steps = acquisitionSteps(img.dims, params, params.gibbs);
  if (steps.length > 0) applySteps(img.data, img.dims, steps, img.data);

  // Detection and display: k-space spikes, then the noises and the intensity transform fused
  // into one pass, then the histogram shift, slice by slice.
  const streams = { poisson: rng.fork("noise.poisson"), gaussian: rng.fork("noise.gaussian"), rician: rng.fork("noise.rician") };
  runKernels(img.data, [spikeKernel(img.dims, params.spikes), detectionKernel(params, streams), histogramKernel(params.histogram)], slice);
  return img;
}
