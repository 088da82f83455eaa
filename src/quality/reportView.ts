/**
 * What the report page "Does simulation alone segment real vessels?" shows, from its data (simToRealReport's JSON),
 * as plain data: the sets in reading order with each method's score, the verdict in words, the pictures decoded.
 * Browser-safe (no Node): the page and the tests call it.
 */
import { SAMPLE_PRESET_NAMES } from "../dataset/index.js";
import type { QualityRow } from "./measureQuality.js";
import { QUALITY_METHODS, type QualityMethod } from "./scoreMethods.js";

export interface SetRow {
  set: string;
  /** In words: "synthetic test set (scanner voxels)", "light-sheet stack", … */
  title: string;
  /** What the numbers are: "Dice" or "recall". */
  metric: "dice" | "recall";
  n: number;
  scores: Partial<Record<QualityMethod, { value: number; clDice?: number }>>;
  /** The method with the highest score. */
  best: QualityMethod | null;
  real: boolean;
}

const TITLES: Record<string, string> = {
  synthetic: "synthetic test set (scanner voxels)",
  synthwide: "synthetic, wide scales (0.7–24 voxels in radius)",
  realgeom: "real vessel geometries rendered as images (mean)",
  lightsheet: "light-sheet stack (real image, dense label)",
  lightsheet_native: "light-sheet stack at its own grid (model only)",
  aorta: "aorta CT (real image, partial label: recall)",
};

/** A preset's name from a set's id, which drops its hyphens ("braintof" → "brain-tof"); the id itself where none matches. */
function presetOfId(id: string): string {
  return SAMPLE_PRESET_NAMES.find((p) => p.replace(/-/g, "") === id) ?? id;
}

/** A set's name in words. */
export function setTitle(set: string): string {
  if (TITLES[set]) return TITLES[set];
  if (set.startsWith("realgeom_")) return `real geometry: ${set.slice("realgeom_".length)}`;
  const preset = /^(synthetic|synthwide)_(.+)$/.exec(set);
  if (preset) return `${preset[1] === "synthetic" ? "synthetic" : "wide"}: ${presetOfId(preset[2])}`;
  return set;
}

/** The main sets (no per-preset rows), in reading order: synthetic, synthwide, the real geometries, their mean, light-sheet, aorta. */
export function setRows(rows: readonly QualityRow[]): SetRow[] {
  const order = (s: string) =>
    s === "synthetic"
      ? 0
      : s === "synthwide"
        ? 1
        : s.startsWith("realgeom_")
          ? 2
          : s === "realgeom"
            ? 3
            : s === "lightsheet"
              ? 4
              : s === "lightsheet_native"
                ? 5
                : s === "aorta"
                  ? 6
                  : 9;
  const sets = [...new Set(rows.map((r) => r.set))].filter((s) => order(s) < 9).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return sets.map((set) => {
    const mine = rows.filter((r) => r.set === set);
    const metric = mine.some((r) => r.metric === "recall") ? "recall" : "dice";
    const scores: SetRow["scores"] = {};
    for (const method of QUALITY_METHODS) {
      const main = mine.find((r) => r.method === method && r.metric === metric);
      if (!main) continue;
      const cl = mine.find((r) => r.method === method && r.metric === "cldice");
      scores[method] = { value: main.value, ...(cl ? { clDice: cl.value } : {}) };
    }
    const ranked = (Object.entries(scores) as [QualityMethod, { value: number }][])
      .filter(([, s]) => Number.isFinite(s.value))
      .sort((a, b) => b[1].value - a[1].value);
    return { set, title: setTitle(set), metric, n: mine[0]?.n ?? 0, scores, best: ranked.length > 1 ? ranked[0][0] : null, real: order(set) >= 2 };
  });
}

/** The per-preset rows of one synthetic set, flat, for a grouped bar chart: {preset, method, dice}. */
export function presetBars(rows: readonly QualityRow[], set: "synthetic" | "synthwide"): { preset: string; method: QualityMethod; dice: number }[] {
  return rows
    .filter((r) => r.metric === "dice" && r.set.startsWith(`${set}_`))
    .map((r) => ({ preset: presetOfId(r.set.slice(set.length + 1)), method: r.method, dice: r.value }));
}

/** The answer to the report's question in one or two sentences, from the numbers only. */
export function verdict(rows: readonly QualityRow[]): string {
  const sets = setRows(rows);
  const compared = sets.filter(
    (r) => r.real && r.set !== "lightsheet_native" && r.scores.model && (r.scores.otsu || r.scores.frangi) && !r.set.startsWith("realgeom_"),
  );
  const synthetic = sets.find((r) => r.set === "synthetic");
  const syntheticPart = synthetic?.scores.model
    ? `On held-out synthetic scans the model's mean Dice is ${synthetic.scores.model.value.toFixed(2)}${synthetic.best === "model" ? ", above both classical baselines" : `; ${synthetic.best} does better`}.`
    : "";
  if (compared.length === 0)
    return `${syntheticPart} The real sets were not measured in this build, so the question is not answered here: build the report with VESSEL_LAB_DATA set.`.trim();
  const won = compared.filter((r) => r.best === "model");
  const lost = compared
    .filter((r) => r.best !== "model")
    .map((r) => `${r.title} (${r.best} ${r.scores[r.best!]!.value.toFixed(2)} against ${r.scores.model!.value.toFixed(2)})`);
  const realPart =
    won.length === compared.length
      ? `On every real set measured (${compared.length}) the model scores above both Otsu and Frangi.`
      : `On ${won.length} of ${compared.length} real sets the model scores above both Otsu and Frangi; it does not on ${lost.join("; ")}.`;
  return `${syntheticPart} ${realPart}`.trim();
}

/** A report picture's two images as the rendering helpers take them (width × height, row 0 at the top). */
export interface DecodedPicture {
  scan: { width: number; height: number; data: Float32Array; pixelSpacing: [number, number] };
  classes: { width: number; height: number; data: Float32Array; pixelSpacing: [number, number] };
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function decodePicture(p: { width: number; height: number; pixelSpacing: [number, number]; scan: string; classes: string }): DecodedPicture {
  const scan = fromBase64(p.scan);
  const classes = fromBase64(p.classes);
  const n = p.width * p.height;
  if (scan.length !== n || classes.length !== n)
    throw new RangeError(`decodePicture: ${p.width}×${p.height} needs ${n} pixels; the scan has ${scan.length} and the classes ${classes.length}`);
  const image = (data: Uint8Array) => ({ width: p.width, height: p.height, data: Float32Array.from(data), pixelSpacing: p.pixelSpacing });
  return { scan: image(scan), classes: image(classes) };
}
