/**
 * Vessels over the background, mixed by partial volume: out = (1 − f)·background + f·V, where
 * f is the vessel fraction of the voxel (or the binary mask when partialVolume is false) and
 * V = B + (vessel − B)·gain(class)·fade(flow), B the background level. The vessel-to-background
 * contrast (vessel − B) is scaled by the class gain in stenosis and aneurysm voxels and fades
 * exponentially along the flow distance, to `flowFade` at the farthest point from the root.
 * With `invert` the vessels are dark with the same contrast, downward (vesselLevels): the tissue
 * is lifted by it, so it sits at the level the vessels would have had and the vessels at the
 * drawn background level, as a flow void in bright tissue (black-blood MR) looks. `background`
 * must already be at that tissue level (synthesiseImage lifts the texture, the body's shell and
 * the distractors by `lift`), and B in V above is then the tissue level.
 *
 * `additive` chooses how the vessel meets the background's texture: 0 paints the vessel over
 * it (the mix above: inside a vessel the texture is gone), 1 adds the vessel's contrast to it
 * (out = background + f·(V − B): the texture shows through the vessel, as in vesselFM's
 * add/subtract merging), values between blend the two:
 * out = background + f·(V − B + (1 − additive)·(B − background)), clipped at the floor (a dark
 * vessel added to dark tissue).
 */
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { ImagingLabels } from "../labels.js";
import type { VesselParams } from "../params.js";
import { exp, log } from "../../math/index.js";

export interface ComposeOptions extends VesselParams {
  /** The drawn background level B the contrast is measured from (before any lift: vesselLevels). */
  backgroundLevel: number;
  floor: number;
}

export function checkVesselParams(p: VesselParams, fn: string): void {
  checkFinite(fn, "vessels.level", p.level);
  if (typeof p.invert !== "boolean") throw new TypeError(`${fn}: vessels.invert must be true or false`);
  if (typeof p.partialVolume !== "boolean") throw new TypeError(`${fn}: vessels.partialVolume must be true or false`);
  checkRange(fn, "vessels.classGain.stenosis", p.classGain.stenosis, 0, 10);
  checkRange(fn, "vessels.classGain.aneurysm", p.classGain.aneurysm, 0, 10);
  checkRange(fn, "vessels.flowFade", p.flowFade, 1e-6, 1, "contrast left at the end of the tree");
  checkRange(fn, "vessels.additive", p.additive, 0, 1, "0: vessels painted over the background, 1: added to it");
}

/**
 * The levels a sample draws its tissue and its vessels at, from the drawn vessel `level` and
 * background level B. Bright vessels: the tissue at B, the vessels at `level`. Dark ones
 * (`invert`): the contrast reflected, level − B becoming B − level; where that is downward the
 * tissue is lifted by it (`lift` = level − B), so the tissue sits at `level` and the vessels at B:
 * the same contrast against the same texture and noise as the bright draw, and never below the
 * floor (B is above it). Inverting vessels drawn darker than B makes them bright (2B − level), with
 * no lift.
 */
export function vesselLevels(level: number, backgroundLevel: number, invert: boolean): { tissue: number; vessel: number; lift: number } {
  if (!invert) return { tissue: backgroundLevel, vessel: level, lift: 0 };
  if (level > backgroundLevel) return { tissue: level, vessel: backgroundLevel, lift: level - backgroundLevel };
  return { tissue: backgroundLevel, vessel: 2 * backgroundLevel - level, lift: 0 };
}

export function composeVessels(
  background: Volume<Float32Array>,
  labels: ImagingLabels,
  params: ComposeOptions,
  out?: Volume<Float32Array>,
): Volume<Float32Array> {
  const fn = "composeVessels";
  checkVesselParams(params, fn);
  checkFinite(fn, "backgroundLevel", params.backgroundLevel);
  checkFinite(fn, "floor", params.floor);
  const n = background.data.length;
  for (const key of ["fraction", "binary", "classes", "flow"] as const) {
    const m = labels[key];
    if (m && m.data.length !== n)
      throw new RangeError(`${fn}: labels.${key} has ${m.data.length} voxels but the image has ${n}; give label maps on the image's grid`);
  }
  const o = outputFor(background, out, fn);
  const data = o.data;
  const frac = labels.fraction.data;
  const bin = params.partialVolume ? null : (labels.binary?.data ?? null);
  const cls = labels.classes?.data ?? null;
  const flow = labels.flow?.data ?? null;
  const { tissue: B, vessel } = vesselLevels(params.level, params.backgroundLevel, params.invert);
  const contrast = vessel - B;
  const gain = [1, 1, params.classGain.stenosis, params.classGain.aneurysm];
  // The voxels that hold any vessel (a few percent): found in one pass, then visited alone.
  let list = new Int32Array(1 << 16),
    count = 0;
  for (let v = 0; v < n; v++) {
    if (frac[v] > 0) {
      if (count === list.length) {
        const grown = new Int32Array(2 * count);
        grown.set(list);
        list = grown;
      }
      list[count++] = v;
    }
  }
  let maxFlow = 0;
  if (flow && params.flowFade < 1)
    for (let c = 0; c < count; c++) {
      const x = flow[list[c]];
      if (x > maxFlow) maxFlow = x;
    }
  const fadeRate = maxFlow > 0 ? log(params.flowFade) / maxFlow : 0;
  const pv = params.partialVolume;
  const keep = params.additive,
    floor = params.floor;
  for (let c = 0; c < count; c++) {
    const v = list[c];
    let f = frac[v];
    if (!pv) f = bin ? bin[v] : f >= 0.5 ? 1 : 0;
    if (!(f > 0)) continue;
    if (f > 1) f = 1;
    let con = contrast;
    if (cls !== null) {
      const k = cls[v];
      if (k > 1 && k < 4) con *= gain[k];
    }
    if (fadeRate !== 0) con *= exp(fadeRate * flow![v]);
    if (keep === 0) data[v] = (1 - f) * data[v] + f * (B + con);
    else {
      const x = data[v] + f * (con + (1 - keep) * (B - data[v]));
      data[v] = x > floor ? x : floor;
    }
  }
  return o;
}
