/**
 * The quality measurement that `npm run bench -- quality` prints and the report page "Does simulation alone segment
 * real vessels?" shows: the model beside the classical baselines on
 *   synthetic   held-out samples of the model card's synthetic test set (seed 99, 64³, scanner voxels), per preset
 *   synthwide   the same seed with wide voxels (vessels 0.7–24 voxels in radius, thick slices, thin stacks)
 *   synthdark   the synthwide samples drawn with dark vessels (generate --dark-vessels 1: the same trees, labels and
 *               draws), the first N per preset whose vessels are darker than the tissue around them (vesselContrast < 0;
 *               a dark vessel at the body's edge can be brighter than the air beside it), the model alone as made;
 *               synthdark_mirrored the model and the baselines on them mirrored (segment --dark); only when asked
 *   real sets   the real volumes the caller read (src/quality/node.ts `realVolumes`): realgeom_* (real masks rendered
 *               as images; realgeomvis_* the same masks scored against the rendering's visible extent), lightsheet
 *               (also at the native grid, model only), aorta (recall only)
 * One pass, one list of rows; the bench turns each row into a figure `quality_<set>_<metric>_<method>`.
 * Browser-safe: files and models are the caller's.
 */
import { type LabelConvention, makeSample, SAMPLE_PRESET_NAMES, type SamplePresetName, sampleSpec } from "../dataset/index.js";
import { type ModelCard, type ModelSpacing, type RunTile, mirrorIntensities, segmentVolume } from "../infer/index.js";
import { resolveAutoSpacing } from "../scale/index.js";
import type { Volume } from "../volume/index.js";
import { type MethodScore, methodMasks, QUALITY_METHODS, type QualityMethod, scoreMasks } from "./scoreMethods.js";
import { vesselContrast } from "./vesselContrast.js";

/** A real volume with its label (src/quality/node.ts reads them). */
export interface RealVolume {
  /** realgeom_tof, lightsheet, aorta…: the figures' middle part. */
  name: string;
  image: Volume;
  label: Volume;
  /** The label covers part of the vessels only: recall is the one meaningful score. */
  recallOnly: boolean;
  /**
   * A rendered real mask's visible extent in its image (realgeom only: what a reader would trace on the rendering,
   * src/imaging visibleLabel): the same mask of each method scored against it too, as realgeomvis_<source>.
   */
  visibleLabel?: Volume;
  /** How it was made, for the log and the report. */
  detail: string;
  /** The files it was read from (a report cites them with their SHA-256). */
  files?: string[];
}

export interface QualityPlan {
  /** Samples per preset of the synthetic set (scanner voxels). */
  perPreset: number;
  /** Samples per preset of the synthwide set. */
  perPresetWide: number;
  /**
   * Samples per preset of the synthdark sets (synthwide samples drawn with dark vessels, those darker than the tissue
   * around them: the first that are, of at most 5 times as many drawn); 0 or left out: none.
   */
  perPresetDark?: number;
  /** Data set seed of both synthetic sets (the card's test set: 99). */
  seed?: number;
  /** Side of the synthetic samples (64). */
  size?: number;
  presets?: readonly SamplePresetName[];
  /** The label convention the model learnt: synthetic labels are drawn in it. */
  labelConvention: LabelConvention;
}

export type QualityMetric = "dice" | "cldice" | "recall";

/** One figure: the mean of `metric` over `n` volumes of `set` for one method. */
export interface QualityRow {
  set: string;
  metric: QualityMetric;
  method: QualityMethod;
  value: number;
  n: number;
}

/** One scored volume, with the model's mask, for pictures of successes and failures. */
export interface QualityCase {
  /** synthetic, synthwide, or the real volume's name. */
  set: string;
  /** The preset (synthetic sets) or the real volume's detail. */
  source: string;
  index: number;
  scores: MethodScore[];
  image: Volume;
  label: Volume;
  modelMask: Volume<Uint8Array>;
}

export interface MeasureOptions {
  /** The model's mask of a volume at a voxel scale ("auto", "native", …; undefined: the card's default). */
  segment: (volume: Volume, spacing?: ModelSpacing) => Promise<Volume<Uint8Array>>;
  plan: QualityPlan;
  real?: readonly RealVolume[];
  log?: (line: string) => void;
  /** Each scored volume as it is scored (keep what you need: the volumes are large). */
  onCase?: (c: QualityCase) => void;
  /** Appended to a real volume's log line: how the scale was chosen, say. */
  scaleNote?: () => string;
}

export const SYNTHETIC_SEED = 99;
export const SYNTHETIC_SIZE = 64;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** "model 0.866, otsu 0.512, …": each method's mean Dice over scored volumes, for a log line. */
const meanDiceLine = (scores: MethodScore[][], methods: readonly QualityMethod[] = QUALITY_METHODS) =>
  methods.map((m) => `${m} ${mean(scores.map((s) => s.find((x) => x.method === m)!.dice)).toFixed(3)}`).join(", ");

function rowsOf(set: string, scores: MethodScore[][], { clDice = true, recallOnly = false } = {}): QualityRow[] {
  const rows: QualityRow[] = [];
  for (const method of QUALITY_METHODS) {
    const mine = scores.map((s) => s.find((x) => x.method === method)).filter((s): s is MethodScore => !!s);
    if (mine.length === 0) continue;
    const row = (metric: QualityMetric, values: number[]) => rows.push({ set, metric, method, value: mean(values), n: values.length });
    if (recallOnly)
      row(
        "recall",
        mine.map((s) => s.recall),
      );
    else {
      row(
        "dice",
        mine.map((s) => s.dice),
      );
      if (clDice)
        row(
          "cldice",
          mine.map((s) => s.clDice),
        );
    }
  }
  return rows;
}

/** "model 0.866/0.910 (5.6 s), otsu …" for a log line; without the seconds for masks scored a second time. */
const describe = (scores: MethodScore[], withSeconds = true) =>
  scores
    .map(
      (s) => `${s.method} ${s.dice.toFixed(3)}${Number.isNaN(s.clDice) ? "" : `/${s.clDice.toFixed(3)}`}${withSeconds ? ` (${s.seconds.toFixed(1)} s)` : ""}`,
    )
    .join(", ");

/** The whole measurement, in the bench's order: synthetic and synthwide per preset and overall, then the real sets. */
export async function measureQuality({ segment, plan, real = [], log = () => {}, onCase, scaleNote = () => "" }: MeasureOptions): Promise<QualityRow[]> {
  const { perPreset, perPresetWide, perPresetDark = 0, seed = SYNTHETIC_SEED, size = SYNTHETIC_SIZE, presets = SAMPLE_PRESET_NAMES, labelConvention } = plan;
  for (const [name, v] of [
    ["perPreset", perPreset],
    ["perPresetWide", perPresetWide],
    ["perPresetDark", perPresetDark],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`measureQuality: plan.${name} = ${v}; give a whole number of samples per preset (0 skips the set)`);
  }
  const rows: QualityRow[] = [];
  /** Each method's mask of `image` (the model's at `spacing`) scored against `label`, reported to onCase; the masks too. */
  const score = async (
    set: string,
    source: string,
    index: number,
    image: Volume,
    label: Volume,
    options: { methods?: readonly QualityMethod[]; withClDice?: boolean; spacing?: ModelSpacing } = {},
  ) => {
    const masks = await methodMasks(image, { segment: (v) => segment(v, options.spacing), methods: options.methods });
    const scores = scoreMasks(masks, label, options.withClDice);
    const modelMask = masks.find((m) => m.method === "model")?.mask;
    if (onCase && modelMask) onCase({ set, source, index, scores, image, label, modelMask });
    return { scores, masks };
  };

  for (const [set, voxels, count] of [
    ["synthetic", "scanner", perPreset],
    ["synthwide", "wide", perPresetWide],
  ] as const) {
    if (count === 0) continue;
    const all: MethodScore[][] = [];
    for (const preset of presets) {
      const scores: MethodScore[][] = [];
      for (let i = 0; i < count; i++) {
        const sample = makeSample(sampleSpec(i, { seed, preset, size, voxels, labelConvention }));
        scores.push((await score(set, preset, i, sample.image, sample.label)).scores);
      }
      rows.push(...rowsOf(`${set}_${preset.replace(/-/g, "")}`, scores));
      log(`${set} ${preset}: ${meanDiceLine(scores)}`);
      all.push(...scores);
    }
    rows.push(...rowsOf(set, all));
  }

  if (perPresetDark > 0) {
    const asMade: MethodScore[][] = [];
    const mirrored: MethodScore[][] = [];
    let drawn = 0;
    for (const preset of presets)
      for (let i = 0, kept = 0; kept < perPresetDark && i < 5 * perPresetDark; i++) {
        const sample = makeSample(sampleSpec(i, { seed, preset, size, voxels: "wide", labelConvention, darkVessels: 1 }));
        drawn++;
        if (!(vesselContrast(sample.image, sample.label) < 0)) continue;
        kept++;
        asMade.push((await score("synthdark", preset, i, sample.image, sample.label, { methods: ["model"] })).scores);
        mirrored.push((await score("synthdark_mirrored", preset, i, mirrorIntensities(sample.image), sample.label)).scores);
      }
    if (asMade.length === 0) log(`synthdark: none of ${drawn} samples drawn with dark vessels has them darker than the tissue around them`);
    rows.push(...rowsOf("synthdark", asMade), ...rowsOf("synthdark_mirrored", mirrored));
    log(
      `synthdark (${asMade.length} of ${drawn} samples drawn with dark vessels, those darker than the tissue around them): ${meanDiceLine(asMade, ["model"])} as made; mirrored (segment --dark): ${meanDiceLine(mirrored)}`,
    );
  }

  const realgeom: MethodScore[][] = [];
  const realgeomVisible: MethodScore[][] = [];
  for (const r of real.filter((r) => r.name.startsWith("realgeom_"))) {
    const { scores, masks } = await score(r.name, r.detail, 0, r.image, r.label);
    rows.push(...rowsOf(r.name, [scores]));
    log(`realgeom ${r.detail}: ${describe(scores)}${scaleNote()}`);
    realgeom.push(scores);
    if (r.visibleLabel) {
      const visible = scoreMasks(masks, r.visibleLabel); // the same masks against the second label: none made twice
      rows.push(...rowsOf(r.name.replace(/^realgeom_/, "realgeomvis_"), [visible]));
      log(`realgeom ${r.detail}, against its visible extent: ${describe(visible, false)}`);
      realgeomVisible.push(visible);
    }
  }
  if (realgeom.length) rows.push(...rowsOf("realgeom", realgeom));
  if (realgeomVisible.length) rows.push(...rowsOf("realgeomvis", realgeomVisible));

  const lightsheet = real.find((r) => r.name === "lightsheet");
  if (lightsheet) {
    const { scores: byDefault } = await score("lightsheet", lightsheet.detail, 0, lightsheet.image, lightsheet.label);
    rows.push(...rowsOf("lightsheet", [byDefault]));
    log(`lightsheet at the default scale: ${describe(byDefault)}${scaleNote()}`);
    const { scores: native } = await score("lightsheet_native", lightsheet.detail, 0, lightsheet.image, lightsheet.label, {
      methods: ["model"],
      spacing: "native",
    });
    rows.push(...rowsOf("lightsheet_native", [native]));
  }

  const aorta = real.find((r) => r.name === "aorta");
  if (aorta) {
    const { scores } = await score("aorta", aorta.detail, 0, aorta.image, aorta.label, { withClDice: false });
    rows.push(...rowsOf("aorta", [scores], { recallOnly: true }));
    log(
      `aorta recall: ${scores.map((s) => `${s.method} ${s.recall.toFixed(3)} (${(100 * s.marked).toFixed(2)} % marked, ${s.seconds.toFixed(1)} s)`).join(", ")}${scaleNote()}`,
    );
  }
  return rows;
}

/**
 * The model's mask of a volume at a voxel scale (the card's by default), "auto" chosen per scan (src/scale) as the CLI
 * and the pages do: the `segment` measureQuality takes. `onChosen` hears what "auto" chose (null for a fixed scale);
 * `runTile` may be given per call (an adapted model's tiles).
 */
export function cardSegmenter(card: ModelCard, runTile: RunTile, onChosen?: (summary: string | null) => void) {
  return async (volume: Volume, spacing: ModelSpacing = card.spacing, tiles: RunTile = runTile): Promise<Volume<Uint8Array>> => {
    const { card: resolved, chosen } = resolveAutoSpacing({ ...card, spacing }, volume);
    onChosen?.(chosen ? chosen.summary : null);
    return (await segmentVolume(volume, { card: resolved, runTile: tiles })).mask;
  };
}

/** The bench's figure name of a row: quality_<set>_<metric>_<method>. */
export function qualityFigure(row: QualityRow): string {
  return `quality_${row.set}_${row.metric}_${row.method}`;
}
