import type { Command } from "commander";
import { basename } from "node:path";
import { type CaseMetrics, GridMismatchError, evaluateCase } from "../metrics/index.js";
import { type Volume, affinesClose, axisCodes, resampleToGrid } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { escapeName, readVolumeInput, scanFiles, SCAN_FILE_NAMES } from "./files.js";
import { finiteNumber, flagOption } from "./options.js";
import { createProgress } from "./progress.js";

interface EvaluateFlags {
  pred?: string;
  label?: string;
  predDir?: string;
  labelDir?: string;
  threshold: number;
  json?: boolean;
  ignoreAffine?: boolean;
  resample?: boolean;
}

interface CaseResult {
  name: string;
  pred: string;
  label: string;
  metrics: CaseMetrics;
}

const COLUMNS: Array<{ key: keyof CaseMetrics; title: string; digits: number }> = [
  { key: "dice", title: "dice", digits: 4 },
  { key: "clDice", title: "clDice", digits: 4 },
  { key: "precision", title: "precision", digits: 4 },
  { key: "recall", title: "recall", digits: 4 },
  { key: "hd95", title: "hd95 mm", digits: 3 },
  { key: "betti0Error", title: "|Δb0|", digits: 2 },
  { key: "betti1Error", title: "|Δb1|", digits: 2 },
];

/** `vessel-lab evaluate`: segmentation metrics of predicted masks against labels, one pair or two folders. */
export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description(
      "score predicted masks against labels (NIfTI, MetaImage, NRRD or TIFF): Dice, clDice, precision, recall, HD95, Betti errors; one pair or two folders",
    )
    .option("--pred <file>", `predicted mask (${SCAN_FILE_NAMES})`)
    .option("--label <file>", "label mask on the same grid")
    .option("--pred-dir <dir>", "folder of predicted masks, paired with --label-dir by file name (whatever the format: a.nii.gz pairs with a.nrrd)")
    .option("--label-dir <dir>", "folder of labels")
    .addOption(
      flagOption(
        "--threshold <t>",
        "foreground is value > t, in both prediction and label (e.g. 0.5 for probability maps)",
        finiteNumber(" (voxels above it are foreground)"),
        0,
      ),
    )
    .option("--json", "print JSON instead of a table")
    .option(
      "--resample",
      "put a prediction on another grid than its label's (another voxel size, field of view or orientation) onto the label's grid first, by nearest neighbour in world coordinates; said on stderr for each such case",
    )
    .option(
      "--ignore-affine",
      "compare masks of the same size voxel by voxel even when their affines differ (the same scan saved by tools that kept its orientation differently, e.g. one that dropped it); said on stderr for each such case",
    )
    .addHelpText(
      "after",
      [
        "",
        "Both masks are binarised at value > threshold (default 0: any positive label); at 0, a file of more than two",
        "values that is no label of a few classes (a scan, a probability map), or with no voxel at 0 or below, is scored all the same and said on stderr. Prediction and label must share",
        "dims and affine. Empty masks: Dice, clDice, precision and recall are 1 when both are empty and 0 when one is;",
        'hd95 is 0 when both are empty and infinite when one is ("inf" in the table, null in JSON, left out of the mean,',
        "which says how many cases it covers). Betti errors: |Δb0| components, |Δb1| loops (26-connected foreground).",
      ].join("\n"),
    )
    .action((flags: EvaluateFlags) => {
      const { threshold } = flags;
      if (flags.resample && flags.ignoreAffine)
        throw new UsageError("give --resample (place the prediction by world coordinates) or --ignore-affine (compare voxel by voxel), not both");
      const { pairs, unmatched } = casePairs(flags);
      const results: CaseResult[] = [];
      const progress = pairs.length > 1 ? createProgress({ label: "evaluate ", unit: "cases" }) : null;
      for (const [n, pair] of pairs.entries()) {
        let pred = readMask(pair.pred, flags.pred ? "--pred" : "--pred-dir");
        const label = readMask(pair.label, flags.label ? "--label" : "--label-dir");
        for (const [flag, volume] of [
          [flags.pred ? "--pred" : "--pred-dir", pred],
          [flags.label ? "--label" : "--label-dir", label],
        ] as const) {
          const note = notAMask(volume, threshold);
          if (note) process.stderr.write(`evaluate: ${escapeName(pair.name)}: ${flag} ${note}\n`);
        }
        const sameSize = pred.dims.every((d, a) => d === label.dims[a]);
        if (flags.resample && (!sameSize || !affinesClose(pred.affine, label.affine, 1e-3))) {
          process.stderr.write(
            `evaluate: ${escapeName(pair.name)}: the prediction's ${pred.dims.join("×")} grid put onto the label's ${label.dims.join("×")} grid (nearest neighbour, --resample)\n`,
          );
          pred = resampleToGrid(pred, label, { order: 0, fill: 0 });
        }
        const moved = !flags.resample && sameSize && !affinesClose(pred.affine, label.affine, 1e-3);
        if (moved && flags.ignoreAffine) process.stderr.write(`evaluate: ${ignoreNote(escapeName(pair.name), pred, label)}\n`);
        try {
          // with --ignore-affine the label takes the prediction's grid whole (affine and voxel size), so distances are in one unit
          const onGrid = moved && flags.ignoreAffine ? { ...label, affine: pred.affine, spacing: pred.spacing } : label;
          results.push({ ...pair, metrics: evaluateCase(pred, onGrid, { threshold }) });
        } catch (error) {
          const hint = moved
            ? "; if both are the same scan saved by tools that placed it differently (one dropping its orientation), add --ignore-affine to compare them voxel by voxel, or --resample to place the prediction on the label's grid by world coordinates"
            : error instanceof GridMismatchError
              ? "; add --resample to place the prediction on the label's grid first"
              : "";
          // the library's advice names its own call (resampleToGrid); the command's is its flag, in the hint
          const message = error instanceof GridMismatchError ? error.problem : (error as Error).message;
          throw new UsageError(`${pair.name}: ${message}${hint}`);
        }
        progress?.update(n + 1, pairs.length);
      }
      progress?.stop();
      const mean = meanMetrics(results.map((r) => r.metrics));
      if (flags.json) {
        const report = { threshold, cases: results, mean: mean.metrics, hd95Cases: mean.hd95Cases, unmatched };
        process.stdout.write(`${JSON.stringify(report, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`);
      } else {
        process.stdout.write(table(results, mean, unmatched));
      }
      if (flags.json && unmatched.pred.length + unmatched.label.length > 0) {
        process.stderr.write(`evaluate: not evaluated: ${describeUnmatched(unmatched)}\n`);
      }
    });
}

/** What --ignore-affine did to one case, and where it may mislead: voxel sizes or axis directions that differ. */
function ignoreNote(name: string, pred: Volume, label: Volume): string {
  const notes = [`${name}: the affines differ; compared voxel by voxel on the prediction's grid (--ignore-affine)`];
  if (pred.spacing.some((s, a) => Math.abs(s - label.spacing[a]) > 1e-3 * s)) {
    notes.push(
      `the label's voxels (${label.spacing.map((s) => +s.toPrecision(4)).join("×")} mm) taken as the prediction's (${pred.spacing.map((s) => +s.toPrecision(4)).join("×")} mm) for HD95`,
    );
  }
  const [a, b] = [axisCodes(pred.affine).join(""), axisCodes(label.affine).join("")];
  if (a !== b)
    notes.push(`their axes point differently (${a} and ${b}): if a tool reoriented the voxels rather than only their affine, this comparison is wrong`);
  return notes.join("; ");
}

function casePairs(flags: EvaluateFlags): { pairs: Array<{ name: string; pred: string; label: string }>; unmatched: { pred: string[]; label: string[] } } {
  const single = flags.pred !== undefined || flags.label !== undefined;
  const folders = flags.predDir !== undefined || flags.labelDir !== undefined;
  if (single && folders) throw new UsageError("give either --pred and --label, or --pred-dir and --label-dir, not both forms");
  if (!single && !folders) throw new UsageError("nothing to evaluate: give --pred FILE --label FILE, or --pred-dir DIR --label-dir DIR");
  if (single) {
    if (!flags.pred || !flags.label) throw new UsageError(`--pred and --label go together: ${flags.pred ? "--label" : "--pred"} is missing`);
    return { pairs: [{ name: basename(flags.pred), pred: flags.pred, label: flags.label }], unmatched: { pred: [], label: [] } };
  }
  if (!flags.predDir || !flags.labelDir)
    throw new UsageError(`--pred-dir and --label-dir go together: ${flags.predDir ? "--label-dir" : "--pred-dir"} is missing`);
  const preds = scanFiles(flags.predDir, "--pred-dir");
  const labels = scanFiles(flags.labelDir, "--label-dir");
  const pairs = [...preds.keys()]
    .filter((name) => labels.has(name))
    .sort()
    .map((name) => ({ name, pred: preds.get(name)!, label: labels.get(name)! }));
  const unmatched = {
    pred: [...preds.keys()]
      .filter((name) => !labels.has(name))
      .map((name) => basename(preds.get(name)!))
      .sort(),
    label: [...labels.keys()]
      .filter((name) => !preds.has(name))
      .map((name) => basename(labels.get(name)!))
      .sort(),
  };
  if (pairs.length === 0) {
    throw new UsageError(`no case is in both folders (pairs are made by file name, whatever the format): ${describeUnmatched(unmatched)}`);
  }
  return { pairs, unmatched };
}

/**
 * Why a volume read as a mask looks like none where --threshold is 0, or null: values that are not a few whole numbers
 * (more than MAX_CLASSES, or any fraction: a scan, a probability map), or no voxel at 0 or below (every voxel would
 * count as vessel). A 0/1 or 0/255 mask passes, and so does a label of a few classes (0, 1, 2, …), whose positive
 * classes count as vessel as the help says; NaN voxels are left out.
 */
export function notAMask(volume: Volume, threshold: number): string | null {
  if (threshold !== 0) return null;
  const data = volume.data;
  const seen = new Set<number>();
  let lo = Infinity,
    hi = -Infinity,
    fraction = false;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (Number.isNaN(x)) continue;
    if (seen.size <= MAX_CLASSES) seen.add(x);
    if (!Number.isInteger(x)) fraction = true;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (seen.size === 0) return null;
  const range = `${+lo.toPrecision(6)} to ${+hi.toPrecision(6)}`;
  const fix = "give a mask (segment or baseline writes one), or --threshold for a probability map";
  if (seen.size > 2 && (fraction || seen.size > MAX_CLASSES))
    return `holds more than two values (${range}), not a 0/1 mask: every voxel above --threshold 0 counts as vessel; ${fix}`;
  if (lo > 0) return `holds no voxel at 0 or below (${range}): every voxel counts as vessel at --threshold 0; ${fix}`;
  return null;
}

/** The most distinct whole values a label of classes may hold before it reads as a scan. */
const MAX_CLASSES = 16;

function readMask(path: string, flag: string): Volume {
  return readVolumeInput(path, flag, { command: "evaluate" });
}

function meanMetrics(all: CaseMetrics[]): { metrics: CaseMetrics; hd95Cases: number } {
  const mean = (values: number[]) => (values.length ? values.reduce((s, x) => s + x, 0) / values.length : NaN);
  const finiteHd = all.map((m) => m.hd95).filter(Number.isFinite);
  const metrics = Object.fromEntries(COLUMNS.map(({ key }) => [key, key === "hd95" ? mean(finiteHd) : mean(all.map((m) => m[key]))])) as unknown as CaseMetrics;
  return { metrics, hd95Cases: finiteHd.length };
}

function table(results: CaseResult[], mean: { metrics: CaseMetrics; hd95Cases: number }, unmatched: { pred: string[]; label: string[] }): string {
  const format = (x: number, digits: number) => (Number.isNaN(x) ? "-" : x === Infinity ? "inf" : x.toFixed(digits));
  const rows = results.map((r) => [r.name, ...COLUMNS.map((c) => format(r.metrics[c.key], c.key.startsWith("betti") ? 0 : c.digits))]);
  if (results.length > 1) rows.push([`mean (${results.length})`, ...COLUMNS.map((c) => format(mean.metrics[c.key], c.digits))]);
  const header = ["case", ...COLUMNS.map((c) => c.title)];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (results.length > 1 && mean.hd95Cases < results.length) {
    out.push(`hd95 mean over the ${mean.hd95Cases} of ${results.length} cases where it is finite (inf: exactly one of prediction and label is empty)`);
  }
  if (unmatched.pred.length + unmatched.label.length > 0) out.push(`not evaluated: ${describeUnmatched(unmatched)}`);
  return `${out.join("\n")}\n`;
}

function describeUnmatched(unmatched: { pred: string[]; label: string[] }): string {
  const parts: string[] = [];
  if (unmatched.pred.length) parts.push(`${unmatched.pred.length} prediction(s) without a label: ${unmatched.pred.join(", ")}`);
  if (unmatched.label.length) parts.push(`${unmatched.label.length} label(s) without a prediction: ${unmatched.label.join(", ")}`);
  return parts.join("; ");
}
