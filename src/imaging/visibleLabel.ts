/**
 * The label a human reader traces on the image, instead of the simulated lumen: the voxels where
 * the imaged vessel signal is at least half its local peak (the blurred vessel's half-maximum
 * extent), together with the lumen itself.
 *
 * - Signal: the vessels alone, as composeVessels draws them (partial volume, contrast, inversion,
 *   class gains, fading along the flow) over a flat background, minus that background, made
 *   positive (dark vessels too); then the image's own acquisition operators (acquisitionSteps:
 *   motion blur, PSF, resolution and slice thickness). Motion ghosts are left out (a reader does
 *   not trace a vessel's ghost), as are the background, distractors, the multiplicative signal
 *   effects (bias, attenuation, drop-outs scale a vessel's peak and its edge alike) and noise.
 * - Local peak: the maximum of the signal within a box of peakRadius(dims, params) voxels. Along
 *   each axis the radius is ⌈2w + 1⌉, w the standard deviation of the acquisition's impulse
 *   response there. A vessel narrower than the blur has its half-maximum edge about 1.2 w (at most
 *   1.7 w for radii up to 2w) from its centre line; a wider one reaches its plateau within 2w inside
 *   its edge; so from any voxel at the edge the window reaches the vessel's peak, whatever its
 *   radius, and no radius map is needed. A window no larger keeps a faint vessel beside a bright one
 *   compared with its own peak, and a box is separable (three 1D maxima).
 * - A voxel is visible where its signal is above 10⁻⁶ of the volume's largest (float dust) and at
 *   least VISIBLE_LEVEL of its local peak, or inside the lumen (fraction ≥ 0.5): the half-maximum
 *   edge of a wide vessel lies a little inside its lumen where the surface curves, and a stenosis
 *   drawn with less contrast dips below its neighbours' peak; a reader does not trace inside the
 *   lumen. A vessel with no contrast at all has no signal and so no visible label.
 *
 * Pure and deterministic: no random numbers (the image's noise seed does not enter), so a sample
 * gives the same label every time.
 */
import { createVolume, type Vec3, type Volume } from "../volume/index.js";
import { composeVessels, vesselLevels } from "./effects/composeVessels.js";
import { applyAxisOperator, applySteps } from "./internal/applyAxis.js";
import { checkImage } from "./internal/grid.js";
import { maxFilter } from "./internal/maxFilter.js";
import type { ImagingLabels } from "./labels.js";
import type { ImagingParams } from "./params.js";
import { acquisitionSteps } from "./synthesiseImage.js";
import { validateImagingParams } from "./validateImagingParams.js";

/** The fraction of its local peak a voxel's signal must reach: the half maximum. */
export const VISIBLE_LEVEL = 0.5;

/** The acquisition a reader sees the vessels through: the image's, without motion ghosts. */
function readerAcquisition(params: ImagingParams): ImagingParams {
  return params.motion.kind === "ghost" ? { ...params, motion: { ...params.motion, kind: "none" } } : params;
}

/**
 * The vessels alone, imaged: |vessel contrast| × partial volume (with class gains and flow fading),
 * through the image's motion blur, PSF and resolution loss; 0 where no vessel reaches.
 */
export function vesselSignal(labels: ImagingLabels, params: ImagingParams, fn = "vesselSignal"): Volume<Float32Array> {
  validateImagingParams(params, fn);
  if (!labels || !labels.fraction) throw new TypeError(`${fn}: labels must hold a fraction volume (LabelMaps from voxeliseCpu)`);
  checkImage(labels.fraction, `${fn} (labels.fraction)`);
  const { dims, spacing, affine } = labels.fraction;
  const B = params.background.level;
  const { tissue } = vesselLevels(params.vessels.level, B, params.vessels.invert);
  const signal = createVolume(Float32Array, dims, spacing, affine);
  signal.data.fill(tissue);
  composeVessels(signal, labels, { ...params.vessels, backgroundLevel: B, floor: params.floor }, signal);
  const flat = Math.fround(tissue),
    d = signal.data;
  for (let v = 0; v < d.length; v++) d[v] = Math.abs(d[v] - flat);
  const steps = acquisitionSteps(dims, readerAcquisition(params));
  if (steps.length > 0) applySteps(d, dims, steps, d);
  return signal;
}

/**
 * The half-widths (voxels, per axis) of the box the local peak is taken over: ⌈2w + 1⌉, w the
 * standard deviation of the acquisition's response to a point at the middle of that axis.
 */
export function peakRadius(dims: Vec3, params: ImagingParams): Vec3 {
  const steps = acquisitionSteps(dims, readerAcquisition(params));
  return [0, 1, 2].map((axis) => {
    const n = dims[axis];
    let cur = new Float32Array(n);
    cur[n >> 1] = 1;
    for (const s of steps) {
      if (s.axis !== axis) continue;
      const next = new Float32Array(s.op.nOut);
      applyAxisOperator(cur, [cur.length, 1, 1], 0, s.op, next);
      cur = next;
    }
    let m0 = 0,
      m1 = 0,
      m2 = 0;
    for (let i = 0; i < cur.length; i++) {
      m0 += cur[i];
      m1 += cur[i] * i;
      m2 += cur[i] * i * i;
    }
    const mean = m1 / m0;
    const w = Math.sqrt(Math.max(0, m2 / m0 - mean * mean));
    return Math.ceil(2 * w + 1);
  }) as Vec3;
}

/** The visible label (uint8, 1 = vessel) on the labels' grid. */
export function visibleLabel(labels: ImagingLabels, params: ImagingParams): Volume<Uint8Array> {
  const signal = vesselSignal(labels, params, "visibleLabel");
  const { dims, spacing, affine } = signal;
  const s = signal.data;
  const out = createVolume(Uint8Array, dims, spacing, affine);
  let top = 0;
  for (let v = 0; v < s.length; v++) if (s[v] > top) top = s[v];
  if (!(top > 0)) return out;
  const dust = 1e-6 * top;
  const peak = maxFilter(s, dims, peakRadius(dims, params));
  const frac = labels.fraction.data,
    bin = labels.binary?.data;
  const o = out.data;
  for (let v = 0; v < s.length; v++) {
    if (!(s[v] > dust)) continue;
    if (s[v] >= VISIBLE_LEVEL * peak[v] || (bin ? bin[v] > 0 : frac[v] >= 0.5)) o[v] = 1;
  }
  return out;
}
