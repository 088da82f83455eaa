/**
 * Where a fit goes from the Fit page: the Grow page's tree (the fitted preset's tree, its growth parameters times the
 * fit's factors), the Synthesise page's image (that tree, the fit's modality, a scan-like patch at the fitted voxel
 * size, the fit's label convention, its dark vessels), the fit file `vessel-lab fit` writes, and the `vessel-lab generate --like` command
 * that makes a data set from it. Each page takes what its URL can hold; what it cannot is listed, in words, for the
 * page's prose.
 */
import { LIKE_GROWTH, SAMPLE_PRESETS, likeGrowth, likeModality, type LikeParams } from "../dataset/index.js";
import type { FitResult } from "../fit/index.js";
import { PRESETS, resolveParams, type GrowParams } from "../geometry/index.js";
import { PAGE_SIZES } from "./carryState.js";
import { patchVoxelRange } from "./synthesis.js";
import { withDarkVesselsOverride } from "./imagingTunables.js";
import { DEFAULT_SEED, writeTreeState, type TreeState } from "./treeState.js";
import type { VolumeSource } from "./volumeSources.js";

/** Significant digits of the growth parameters in a link (a slider shows no more). */
const DIGITS = 4;
const round = (x: number) => Number(x.toPrecision(DIGITS));

/**
 * The tree of a fit: the sample preset's tree preset, with the parameters the fit moves (terminals, length/radius,
 * curvature, tortuosity) set to the preset's value times the fit's factor (likeGrowth: clamped to each parameter's
 * range, terminals whole) and rounded to 4 significant digits; only those that differ from the preset are overrides.
 * A data set like the scan draws each sample's parameters around these (the preset's randomisation times the factors).
 */
export function fitGrowState(like: LikeParams, seed = DEFAULT_SEED): TreeState {
  const preset = SAMPLE_PRESETS[like.preset]?.tree;
  if (!preset) throw new RangeError(`fitGrowState: like.preset = ${JSON.stringify(like.preset)}; give a sample preset`);
  const params = likeGrowth(preset, resolveParams(preset), like);
  const overrides: Partial<GrowParams> = {};
  for (const key of LIKE_GROWTH) {
    const value = round(params[key] as number);
    if (value !== PRESETS[preset].params[key]) (overrides as Record<string, number>)[key] = value;
  }
  return { preset, seed, overrides };
}

export interface SynthesiseLink {
  /** The Synthesise page's URL parameters. */
  search: URLSearchParams;
  /** What the link cannot carry, one phrase each (empty when it carries everything). */
  notCarried: string[];
}

/** The Synthesise page's sizes (carryState's PAGE_SIZES: 48 to 160 voxels per side, in steps of 16). */
const SYNTH_SIZE = PAGE_SIZES.synthesise;

/** The Synthesise page showing the fit: its tree, modality, patch voxel size, label convention and dark vessels; the rest listed in `notCarried`. */
export function fitSynthesiseLink(fit: Pick<FitResult, "like" | "search">, seed = DEFAULT_SEED): SynthesiseLink {
  const { like, search } = fit;
  const tree = fitGrowState(like, seed);
  const recipe = SAMPLE_PRESETS[likeModality(like)];
  const voxel = patchVoxelRange(tree.preset);
  const stepped = Number((Math.round(like.voxelSize / voxel.step) * voxel.step).toFixed(2));
  const voxelSize = Math.min(voxel.range[1], Math.max(voxel.range[0], stepped));
  const size = Math.min(SYNTH_SIZE.max, Math.max(SYNTH_SIZE.min, SYNTH_SIZE.step * Math.round(search.size / SYNTH_SIZE.step)));
  const p = writeTreeState(tree);
  p.set("modality", recipe.modality);
  p.set("size", String(size));
  p.set("voxel", String(voxelSize));
  if (search.labelConvention === "visible") p.set("label", "visible");
  // a fit of dark vessels: the page's image with its vessels dark (its "Dark vessels" toggle)
  if (like.dark) p.set("imaging", JSON.stringify(withDarkVesselsOverride({}, true)));
  const f = (x: number) => `×${x.toFixed(2)}`;
  const notCarried: string[] = [];
  const fitted = `${+like.voxelSize.toPrecision(3)} ${voxel.unit}`;
  if (voxelSize !== stepped)
    notCarried.push(
      `the voxel size: the fit's ${fitted} lies outside the page's ${voxel.range[0]}–${voxel.range[1]} ${voxel.unit}, so the link carries ${voxelSize} ${voxel.unit}`,
    );
  else if (voxelSize !== like.voxelSize)
    notCarried.push(`the voxel size exactly: the fit's ${fitted} is rounded to the page's step, ${voxelSize} ${voxel.unit}`);
  if (size !== search.size) notCarried.push(`the samples' side: the fit measured ${search.size}-voxel samples, the page's smallest is ${SYNTH_SIZE.min}`);
  if (like.anisotropy > 1.005 || like.depth < 0.995)
    notCarried.push(
      `the scan's shape: slices ${like.anisotropy.toFixed(2)} times the in-plane voxel and ${like.depth.toFixed(2)} times as many slices as voxels per side (the page's patches are cubes of cubic voxels)`,
    );
  notCarried.push(
    `the imaging factors (contrast ${f(like.imaging.contrast)}, noise ${f(like.imaging.noise)}, blur ${f(like.imaging.blur)}): the page draws its imaging from its imaging seed, and its sliders start there`,
  );
  notCarried.push(
    "each sample's own draw: a data set varies the growth parameters, the voxel size (±15 %) and the patch's place from sample to sample, where the page shows one tree, the preset's parameters times the factors",
  );
  return { search: p, notCarried };
}

/** Where the mask a fit measured came from, as `vessel-lab fit` records it (plus "label": a sample's own label). */
export interface FitSource {
  scan: string | null;
  mask: string | null;
  maskFrom: "file" | "label" | "vesselness" | "otsu" | "model";
  seconds: number;
}

/**
 * The source a fit file records for the page's volume: the scan's name, and the mask's file when the user gave one
 * (maskFrom "file", as the CLI's --mask), "label" for a synthetic volume's own label, or "vesselness".
 */
export function fitSourceOf({
  name,
  mask,
  source,
  labelFile = null,
  seconds,
}: {
  name: string;
  mask: "label" | "vesselness";
  source: VolumeSource;
  labelFile?: string | null;
  seconds: number;
}): FitSource {
  if (mask === "vesselness") return { scan: name, mask: null, maskFrom: "vesselness", seconds };
  return source === "your file" && labelFile
    ? { scan: name, mask: labelFile, maskFrom: "file", seconds }
    : { scan: name, mask: null, maskFrom: "label", seconds };
}

/** The fit file, as `vessel-lab fit --out` writes it (the fit and its source, JSON indented by one, a final newline): what `generate --like` reads. */
export function fitFileText(fit: FitResult, source: FitSource): string {
  return `${JSON.stringify({ ...fit, source: { ...source, seconds: +source.seconds.toFixed(1) } }, null, 1)}\n`;
}

/**
 * The command that makes a data set like the scan from the fit file; for a fit of dark vessels it says
 * `--dark-vessels 1`, which `generate --like` also takes from the like record (`like.dark`) on its own.
 */
export function generateLikeCommand(fit: Pick<FitResult, "like" | "search">, { file = "fit.json", count = 1000, size = 64, out = "data/like" } = {}): string {
  const dark = fit.like.dark ? " --dark-vessels 1" : "";
  return `npx vessel-lab generate --like ${file} --count ${count} --size ${size} --label-convention ${fit.search.labelConvention}${dark} --out ${out}`;
}
