/**
 * The Evaluate page's batch evaluation: the model and the classical baselines over many labelled volumes (the samples
 * kept in this browser, or a batch generated exactly as `vessel-lab generate` makes it), the mean Dice per preset, and
 * the worst cases, each kept with its volume and masks so that the page opens it with one click. The page gives the
 * functions that load a volume and run each method (its workers); this module owns the loop, the scoring and the
 * summary, so that they are tested without a browser.
 */
import type { BaselineMethod } from "../baselines/index.js";
import type { LabelConvention } from "../dataset/index.js";
import { confusionCounts, overlapScores } from "../metrics/index.js";
import type { SampleSummary } from "../storage/index.js";
import type { Volume } from "../volume/index.js";
import { keptSampleId } from "./keptSampleId.js";

export type BatchMethod = "model" | BaselineMethod;
export const BATCH_METHODS: readonly BatchMethod[] = ["model", "otsu", "frangi"];

/** A volume the batch scores: what it is called, the kind of scan, and how to load it (a request loadVolume takes). */
export interface BatchItem {
  id: string;
  preset: string;
  request: { source: "synthetic sample"; preset: string; seed: number; index: number; size: number } | { source: "kept sample"; id: string };
}

export interface GeneratedBatch {
  presets: readonly string[];
  /** Samples per preset. */
  perPreset: number;
  seed: number;
  size: number;
  /** The labels' convention (the model's: labelConventionOf its card); names the samples as the Synthesise page does. Default "lumen". */
  label?: LabelConvention;
}

/**
 * Samples 0 … perPreset − 1 of each preset's data set (`vessel-lab generate --preset P --seed S --size N`), named as
 * the Synthesise page names the samples it keeps (keptSampleId), so one sample has one name everywhere.
 */
export function generatedBatch({ presets, perPreset, seed, size, label = "lumen" }: GeneratedBatch): BatchItem[] {
  if (presets.length === 0) throw new RangeError("generatedBatch: presets is empty; choose at least one preset");
  if (!Number.isInteger(perPreset) || perPreset < 1) throw new RangeError(`generatedBatch: perPreset = ${perPreset}; give a whole number of samples ≥ 1`);
  const items: BatchItem[] = [];
  for (const preset of presets)
    for (let index = 0; index < perPreset; index++)
      items.push({
        id: keptSampleId({ preset, seed, size, label }, index),
        preset,
        request: { source: "synthetic sample", preset, seed, index, size },
      });
  return items;
}

/** The samples kept in this browser, oldest first, each under the preset its record names ("unknown" without one). */
export function keptBatch(summaries: readonly SampleSummary[]): BatchItem[] {
  return [...summaries]
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((s) => ({ id: s.id, preset: typeof s.record.preset === "string" ? s.record.preset : "unknown", request: { source: "kept sample", id: s.id } }));
}

/** One volume's result: each method's Dice against its label. */
export interface BatchCase {
  item: BatchItem;
  dice: Partial<Record<BatchMethod, number>>;
}

/** One of the worst cases, with what the page needs to show it: the volume, its label and every method's mask. */
export interface WorstCase extends BatchCase {
  image: Volume;
  label: Volume;
  masks: { method: BatchMethod; mask: Volume<Uint8Array> }[];
}

export interface BatchFailure {
  item: BatchItem;
  message: string;
}

export interface BatchResult {
  cases: BatchCase[];
  /** The `keepWorst` cases with the lowest Dice of the first method, lowest first. */
  worst: WorstCase[];
  /** Volumes that could not be loaded or segmented, with why; the batch goes on without them. */
  failed: BatchFailure[];
  /** True when the signal stopped the run: `cases` are those finished before it. */
  cancelled: boolean;
}

export interface BatchRunners {
  load: (item: BatchItem, signal?: AbortSignal) => Promise<{ volume: Volume; label: Volume | null }>;
  /** The model's mask of a volume (uint8 0/1 on its grid). */
  segment: (volume: Volume, signal?: AbortSignal) => Promise<Volume<Uint8Array>>;
  /** The baselines' masks, in the order asked. */
  baselines: (volume: Volume, methods: BaselineMethod[], signal?: AbortSignal) => Promise<{ method: BaselineMethod; mask: Volume<Uint8Array> }[]>;
}

export interface BatchOptions {
  /** The methods, the first ranking the worst cases; "model" first by default. */
  methods?: readonly BatchMethod[];
  keepWorst?: number;
  signal?: AbortSignal;
  /** After each volume: the case (or null when it failed), and volumes done of total. */
  onCase?: (result: BatchCase | null, done: number, total: number) => void;
}

const aborted = (signal: AbortSignal | undefined, error: unknown) => signal?.aborted || (error as Error | null)?.name === "CancelledError";

/**
 * Every item loaded, segmented by each method and scored by Dice against its label. A volume that fails (a kept sample
 * deleted meanwhile, a label missing) is listed in `failed` and the rest go on; a cancel stops between steps and
 * returns what finished.
 */
export async function evaluateBatch(items: readonly BatchItem[], runners: BatchRunners, options: BatchOptions = {}): Promise<BatchResult> {
  const { methods = BATCH_METHODS, keepWorst = 5, signal, onCase } = options;
  if (methods.length === 0) throw new RangeError("evaluateBatch: methods is empty; give some of model, otsu, frangi");
  for (const m of methods)
    if (!BATCH_METHODS.includes(m)) throw new RangeError(`evaluateBatch: method ${JSON.stringify(m)}; give some of ${BATCH_METHODS.join(", ")}`);
  if (!Number.isInteger(keepWorst) || keepWorst < 0) throw new RangeError(`evaluateBatch: keepWorst = ${keepWorst}; give a whole number ≥ 0`);
  const ranking = methods[0];
  const baselineMethods = methods.filter((m): m is BaselineMethod => m !== "model");
  const result: BatchResult = { cases: [], worst: [], failed: [], cancelled: false };
  for (const [i, item] of items.entries()) {
    if (signal?.aborted) return { ...result, cancelled: true };
    try {
      const { volume, label } = await runners.load(item, signal);
      if (!label) throw new Error("it has no label to score against");
      const masks: WorstCase["masks"] = [];
      if (methods.includes("model")) masks.push({ method: "model", mask: await runners.segment(volume, signal) });
      if (baselineMethods.length) masks.push(...(await runners.baselines(volume, baselineMethods, signal)));
      const dice: BatchCase["dice"] = {};
      for (const { method, mask } of masks) dice[method] = overlapScores(confusionCounts(mask, label)).dice;
      const done: BatchCase = { item, dice };
      result.cases.push(done);
      keepIfWorst(result.worst, { ...done, image: volume, label, masks }, ranking, keepWorst);
      onCase?.(done, i + 1, items.length);
    } catch (error) {
      if (aborted(signal, error)) return { ...result, cancelled: true };
      result.failed.push({ item, message: (error as Error).message ?? String(error) });
      onCase?.(null, i + 1, items.length);
    }
  }
  return result;
}

/** Inserts `c` into `worst` (lowest `by` Dice first) when it is among the `k` lowest; drops the one it displaces. */
function keepIfWorst(worst: WorstCase[], c: WorstCase, by: BatchMethod, k: number): void {
  const score = (x: BatchCase) => x.dice[by] ?? Infinity;
  const at = worst.findIndex((w) => score(c) < score(w));
  if (at === -1) {
    if (worst.length < k) worst.push(c);
    return;
  }
  worst.splice(at, 0, c);
  if (worst.length > k) worst.pop();
}

/** The mean Dice of each method over a group of cases. */
export interface GroupMean {
  /** A preset's name, or "all". */
  group: string;
  n: number;
  dice: Partial<Record<BatchMethod, number>>;
  /** The method with the highest mean Dice. */
  best: BatchMethod | null;
}

function meanOf(group: string, cases: readonly BatchCase[], methods: readonly BatchMethod[]): GroupMean {
  const dice: GroupMean["dice"] = {};
  let best: BatchMethod | null = null;
  for (const m of methods) {
    const values = cases.map((c) => c.dice[m]).filter((d): d is number => d !== undefined);
    if (values.length === 0) continue;
    dice[m] = values.reduce((a, b) => a + b, 0) / values.length;
    if (best === null || dice[m]! > dice[best]!) best = m;
  }
  return { group, n: cases.length, dice, best };
}

/** Mean Dice per preset (in the order the presets first appear) and over all cases. */
export function batchSummary(cases: readonly BatchCase[], methods: readonly BatchMethod[] = BATCH_METHODS): { presets: GroupMean[]; all: GroupMean } {
  const presets = [...new Set(cases.map((c) => c.item.preset))];
  return {
    presets: presets.map((p) =>
      meanOf(
        p,
        cases.filter((c) => c.item.preset === p),
        methods,
      ),
    ),
    all: meanOf("all", cases, methods),
  };
}

/** The summary as bars for a per-preset chart (src/rendering presetDiceChart). */
export function summaryBars(presets: readonly GroupMean[]): { preset: string; method: BatchMethod; dice: number }[] {
  return presets.flatMap((g) => (Object.entries(g.dice) as [BatchMethod, number][]).map(([method, dice]) => ({ preset: g.group, method, dice })));
}

/** The volume picker's choice that opens `item` on the Segment page (writeVolumeChoice writes it into a link). */
export function batchItemChoice(
  item: BatchItem,
): { source: "synthetic sample"; sample: { preset: string; index: number; size: number; seed: number } } | { source: "kept sample"; keptId: string } {
  const r = item.request;
  return r.source === "kept sample"
    ? { source: "kept sample", keptId: r.id }
    : { source: "synthetic sample", sample: { preset: r.preset, index: r.index, size: r.size, seed: r.seed } };
}
