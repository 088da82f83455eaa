/**
 * Vessels over the background, mixed by partial volume: out = (1 − f)·background + f·V, where
 * f is the vessel fraction of the voxel (or the binary mask when partialVolume is false) and
 * V = B + (vessel − B)·gain(class)·fade(flow), B the background level. The vessel-to-background
 * contrast (vessel − B) is scaled by the class gain in stenosis and aneurysm voxels and fades
 * exponentially along the flow distance, to `flowFade` at the farthest point from the root.
 * With `invert` the vessels are dark: the vessel level is reflected about B on a log scale
 * above the floor (floor + (B − floor)² / (vessel − floor)).
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
  /** The background level B the contrast is measured from. */
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

/** The vessel level after inversion. */
export function effectiveVesselLevel(level: number, backgroundLevel: number, floor: number, invert: boolean): number {
  if (!invert) return level;
  const v = level - floor,
    b = backgroundLevel - floor;
  if (!(v > 0) || !(b > 0)) return floor + Math.max(0, 2 * b - v);
  return floor + (b * b) / v;
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
  const B = params.backgroundLevel;
  const contrast = effectiveVesselLevel(params.level, B, params.floor, params.invert) - B;
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
