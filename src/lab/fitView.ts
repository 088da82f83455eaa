/**
 * What the Fit page shows of a fit, as plain rows: the fitted parameters in words, the table of each statistic for the
 * scan, the simulator's default mix and the fitted samples, with the distance term of each (FitResult.before.terms and
 * after.terms), and histograms
 * of values (radius, branch length) for several series on shared bins, as shares so that a scan of 40 branches and
 * samples of 400 compare.
 */
import { SAMPLE_PRESETS, samplePresetUnit, type LikeParams } from "../dataset/index.js";

export interface ShareBin {
  series: string;
  /** The bin's index, its edges and its centre. */
  bin: number;
  x1: number;
  x2: number;
  x: number;
  count: number;
  /** count over the series' values (0 when it has none). */
  share: number;
}

export interface ShareHistogram {
  edges: number[];
  /** Values above the last edge are counted in the last bin (it reads "x2 and more"). */
  rows: ShareBin[];
  /** Each series' number of values. */
  counts: Record<string, number>;
}

/**
 * Histograms of each series on shared bins of `binWidth` from 0: as many bins as reach the `upTo` quantile (default
 * 0.98) of all values pooled, at most `maxBins`; values past the last edge fall into the last bin, negative and
 * non-finite values are left out. Empty input gives one bin of zeros.
 */
export function shareHistogram(
  series: Record<string, ArrayLike<number>>,
  { binWidth, upTo = 0.98, maxBins = 40 }: { binWidth: number; upTo?: number; maxBins?: number },
): ShareHistogram {
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new RangeError(`shareHistogram: binWidth = ${binWidth}; give a positive width`);
  if (!(upTo > 0 && upTo <= 1)) throw new RangeError(`shareHistogram: upTo = ${upTo}; give a quantile in (0, 1]`);
  if (!(Number.isInteger(maxBins) && maxBins >= 1)) throw new RangeError(`shareHistogram: maxBins = ${maxBins}; give an integer ≥ 1`);
  const ok = (x: number) => Number.isFinite(x) && x >= 0;
  const pooled: number[] = [];
  for (const values of Object.values(series)) for (let i = 0; i < values.length; i++) if (ok(values[i])) pooled.push(values[i]);
  pooled.sort((a, b) => a - b);
  const top = pooled.length ? pooled[Math.min(pooled.length - 1, Math.ceil(upTo * pooled.length) - 1)] : 0;
  const bins = Math.min(maxBins, Math.max(1, Math.floor(top / binWidth) + 1));
  const edges = Array.from({ length: bins + 1 }, (_, i) => +(i * binWidth).toPrecision(12));
  const rows: ShareBin[] = [];
  const counts: Record<string, number> = {};
  for (const [name, values] of Object.entries(series)) {
    const c = new Array<number>(bins).fill(0);
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      if (!ok(values[i])) continue;
      c[Math.min(bins - 1, Math.floor(values[i] / binWidth))]++;
      n++;
    }
    counts[name] = n;
    c.forEach((count, bin) =>
      rows.push({ series: name, bin, x1: edges[bin], x2: edges[bin + 1], x: (edges[bin] + edges[bin + 1]) / 2, count, share: n ? count / n : 0 }),
    );
  }
  return { edges, rows, counts };
}

const factors = (values: Record<string, number>, names: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${names[k] ?? k} ×${v.toFixed(2)}`)
    .join(", ");

/** The fitted parameters as rows of a two-column table; `imaged` false: the imaging was not fitted (its factors are 1). */
export function likeSummary(like: LikeParams, { imaged = true }: { imaged?: boolean } = {}): [string, string][] {
  const recipe = SAMPLE_PRESETS[like.preset];
  const unit = samplePresetUnit(like.preset);
  return [
    ["Sample preset", like.modality ? `${like.preset}'s tree (${recipe.tree})` : `${like.preset}: ${recipe.description}`],
    ...(like.modality ? ([["Imaged as", `${like.modality}: its imaging on ${like.preset}'s tree`]] as [string, string][]) : []),
    ["Voxel size", `${+like.voxelSize.toPrecision(3)} ${unit} in-plane, slices ${like.anisotropy.toFixed(2)} times as thick`],
    ["Depth", `${like.depth.toFixed(2)} slices per in-plane voxel of side`],
    ["Growth factors", factors(like.growth, { lengthRatio: "length/radius" })],
    ["Imaging factors", imaged ? factors(like.imaging, {}) : "not fitted (the geometry only): ×1"],
    ...(like.dark ? ([["Vessels", "dark in every sample (a fit of dark vessels: the scan and the samples read mirrored)"]] as [string, string][]) : []),
  ];
}
