/**
 * The Fit page's one computation, run by the engine worker's `fit` op: a scan's vessel mask (its label, or the Frangi
 * vesselness baseline's mask, as `vessel-lab fit --mask-from vesselness` makes it), the scan's statistics (as
 * src/fit's scanStats reads them), the simulator fitted to them (fitSimulator), and the raw values the page's
 * histograms need, which a FitResult does not keep (it holds spreads): the centreline radii and branch lengths, in
 * finest voxels, of the scan's mask and of the very samples the distances before (the default mix) and after (the fit)
 * were measured on.
 */
import { baselineMask } from "../baselines/index.js";
import { fitSimulator, measureScan, type FitOptions, type FitResult, type MaskMeasures } from "../fit/index.js";
import { mirrorIntensities, thresholdVolume, yieldToEvents } from "../infer/index.js";
import type { Volume } from "../volume/index.js";

/** Where the mask measured comes from: the volume's label, or Frangi's vesselness thresholded as the baseline does. */
export type FitMaskSource = "label" | "vesselness";

export interface FitScanOptions extends Omit<FitOptions, "onProgress" | "signal"> {
  /** The mask measured (default: the label when there is one, else the vesselness mask). */
  mask?: FitMaskSource;
  /** Fit the imaging (contrast, noise, blur) too, from the scan's intensities (default true); false: the geometry only. */
  image?: boolean;
  /**
   * The scan's vessels are darker than the tissue (black-blood MR): its intensities are mirrored (src/infer's
   * mirrorIntensities, a masked background kept) before the vesselness mask and the image statistics, which read bright
   * vessels, as `vessel-lab fit --dark` does (default false); the simulator's samples are drawn with dark vessels and
   * read mirrored too (fitSimulator's `dark`), and its data set is made with dark vessels.
   */
  dark?: boolean;
}

/** Values in finest voxels: each centreline voxel's radius, each branch's length. */
export interface FitValues {
  radius: Float64Array;
  length: Float64Array;
}

export interface FitScanResult {
  fit: FitResult;
  maskFrom: FitMaskSource;
  /** Whether the scan was read as having dark vessels (mirrored before it was measured). */
  dark: boolean;
  /** The mask measured, on the scan's grid (0/1). */
  mask: Volume<Uint8Array>;
  /** The scan's, and the pooled samples' before (the simulator's default mix) and after (the fit). */
  values: { scan: FitValues; default: FitValues; fit: FitValues };
  seconds: { mask: number; fit: number; total: number };
}

export interface FitScanCallbacks {
  /** After each step; `unit` names what is counted in this phase (scales, candidates, samples). */
  onProgress?: (done: number, total: number, unit: string) => void;
  /** Checked between steps (in the vesselness filter, between the search's samples): an abort stops the fit with its reason. */
  signal?: AbortSignal;
}

/** The radii and lengths of masks' measures in finest voxels (each mask's own finest side), pooled. */
export function valuesInVoxels(measures: readonly Pick<MaskMeasures, "spacing" | "radii" | "lengths">[]): FitValues {
  const join = (pick: (m: Pick<MaskMeasures, "radii" | "lengths">) => Float64Array) => {
    const out = new Float64Array(measures.reduce((n, m) => n + pick(m).length, 0));
    let o = 0;
    for (const m of measures) {
      const h = Math.min(...m.spacing);
      for (const x of pick(m)) out[o++] = x / h;
    }
    return out;
  };
  return { radius: join((m) => m.radii), length: join((m) => m.lengths) };
}

export async function fitScan(
  volume: Volume,
  label: Volume | null,
  options: FitScanOptions = {},
  { onProgress, signal }: FitScanCallbacks = {},
): Promise<FitScanResult> {
  const { mask: maskSource = label ? "label" : "vesselness", image = true, dark = false, ...fitOptions } = options;
  if (maskSource !== "label" && maskSource !== "vesselness")
    throw new RangeError(`fitScan: mask = ${JSON.stringify(maskSource)}; give "label" or "vesselness"`);
  if (maskSource === "label" && !label) throw new RangeError('fitScan: mask = "label" but the volume has no label; give a label, or mask: "vesselness"');
  if (label && label.dims.some((d, a) => d !== volume.dims[a]))
    throw new RangeError(`fitScan: the label is ${label.dims.join("×")} voxels, the volume ${volume.dims.join("×")}; give the label on the volume's grid`);
  if (typeof dark !== "boolean") throw new RangeError(`fitScan: dark = ${JSON.stringify(dark)}; give true (vessels darker than the tissue) or false`);
  const t0 = performance.now();
  signal?.throwIfAborted();
  // dark vessels: every measure below reads the mirrored scan, whose vessels are bright
  const scanVolume = dark && (maskSource === "vesselness" || image) ? mirrorIntensities(volume) : volume;
  let mask: Volume<Uint8Array>;
  if (maskSource === "label") {
    mask = thresholdVolume(label!, 0);
  } else {
    onProgress?.(0, 1, "scales of the vesselness filter");
    mask = baselineMask(scanVolume, {
      method: "frangi",
      signal,
      onProgress: (done, total) => onProgress?.(done, total, "scales of the vesselness filter"),
    }).mask;
  }
  const t1 = performance.now();
  await yieldToEvents();
  signal?.throwIfAborted();
  const { stats: scan, measures: scanMeasures } = measureScan(mask, image ? scanVolume : null, { size: fitOptions.size });
  if (!Number.isFinite(scan.mask.radiusVox[1]))
    throw new RangeError(
      `fitScan: the ${maskSource === "label" ? "label" : "vesselness mask"} has no vessel centreline; give a volume whose ${maskSource === "label" ? "label marks" : `vessels are ${dark ? "dark" : "bright"} (or say they are ${dark ? "bright" : "dark"}), or a label of`} its vessels`,
    );
  await yieldToEvents();
  // the samples the distances before and after were read from, kept for their values (the histograms)
  const measures: Record<"default" | "fit", MaskMeasures[]> = { default: [], fit: [] };
  const fit = fitSimulator(scan, {
    ...fitOptions,
    dark,
    signal,
    onProgress: (done, total) => onProgress?.(done, total, "search steps"), // the best candidates' checks and the final measurements counted too
    onFinalMeasures: (before, after) => ((measures.default = before), (measures.fit = after)),
  });
  const t2 = performance.now();
  return {
    fit,
    maskFrom: maskSource,
    dark,
    mask,
    // the scan's values, from the very measures its statistics were read from
    values: { scan: valuesInVoxels([scanMeasures]), default: valuesInVoxels(measures.default), fit: valuesInVoxels(measures.fit) },
    seconds: { mask: (t1 - t0) / 1000, fit: (t2 - t1) / 1000, total: (t2 - t0) / 1000 },
  };
}
