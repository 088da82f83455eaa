import { Option, type Command } from "commander";
import { quantile } from "d3-array";
import {
  DEFAULT_PRESET,
  PARAM_SPECS,
  PRESETS,
  growTree,
  treeStats,
  treeToCSV,
  treeToJSON,
  type Distribution,
  type GrowParams,
  type ParamSpec,
  type TreeStats,
} from "../geometry/index.js";
import { UsageError } from "./errors.js";
import { displayPath, readVolumeInput, writeOutput } from "./files.js";
import { decimal, flagOption, nonNegativeInteger } from "./options.js";

/** camelCase parameter key → its kebab-case flag name. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function valueName(spec: ParamSpec): string {
  if (spec.type === "enum") return spec.options!.join("|");
  if (spec.type === "boolean") return "true|false";
  return spec.unit === "length" ? "len" : spec.type === "integer" ? "n" : "x";
}

function help(spec: ParamSpec): string {
  const unit = spec.unit === "length" ? " (preset's unit)" : spec.unit ? ` ${spec.unit}` : "";
  const range = spec.type === "number" || spec.type === "integer" ? ` [${spec.min}–${spec.max}${unit}]` : "";
  return `${spec.group}: ${spec.description}${range}`;
}

/** A flag's text as the parameter's value; text that is no number stays text, so the range check names it. */
function parseValue(spec: ParamSpec, text: string): unknown {
  if (spec.type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (spec.type === "enum") return text;
  const x = decimal(text);
  return Number.isFinite(x) ? x : text;
}

/** The statistics for a terminal: each distribution's values replaced by their count, angle lists summarised. */
export function statsSummary(stats: TreeStats): Record<string, unknown> {
  const brief = (d: Distribution) => ({
    count: d.values.length,
    p10: d.percentiles[0],
    p50: d.percentiles[1],
    p90: d.percentiles[2],
    mean: d.mean,
    min: d.min,
    max: d.max,
  });
  const angles = (xs: number[]) => {
    const q = (p: number) => quantile(xs, p) ?? 0; // as the distributions' percentiles: linear between ranks, 0 when empty
    return { count: xs.length, p10: q(0.1), p50: q(0.5), p90: q(0.9) };
  };
  return {
    ...stats,
    radius: brief(stats.radius),
    branchLength: brief(stats.branchLength),
    bifurcationAngles: angles(stats.bifurcationAngles),
    branchingAngles: angles(stats.branchingAngles),
    murrayResidual: brief(stats.murrayResidual),
    tortuosity: { distanceMetric: brief(stats.tortuosity.distanceMetric), sumOfAngles: brief(stats.tortuosity.sumOfAngles) },
  };
}

interface GrowFlags {
  preset: string;
  seed: number;
  out?: string;
  csv?: string;
  stats?: boolean;
  mask?: string;
  [key: string]: unknown;
}

/** `vessel-lab grow`: preset + seed + parameters → a vessel tree (JSON), its tables (CSV) or statistics. */
export function registerGrow(program: Command): void {
  const command = program
    .command("grow")
    .description("grow a vessel tree from a preset, a seed and any parameter (one flag each); write it as JSON")
    .option("--preset <name>", `anatomy to start from: ${Object.keys(PRESETS).join(", ")}`, DEFAULT_PRESET)
    .addOption(flagOption("--seed <n>", "random seed (a non-negative integer): the same seed and parameters give the same tree", nonNegativeInteger, 1))
    .option("--out <file>", "write the tree as JSON (schema/tree.schema.json); without --out, --csv or --stats the JSON goes to stdout")
    .option("--csv <prefix>", "write the node and edge tables as <prefix>-nodes.csv and <prefix>-edges.csv")
    .option("--stats", "print the tree's statistics as JSON to stdout (each distribution as count, p10/p50/p90, mean, min, max)")
    .option("--mask <file>", "grow inside a binary mask (NIfTI, voxels > 0 inside) instead of the preset's domain");
  for (const spec of PARAM_SPECS) command.addOption(new Option(`--${flagName(spec.key)} <${valueName(spec)}>`, help(spec)));
  command.addHelpText("after", "\nLengths are in the preset's unit: mm, or µm for microvascular. Parameters not given keep the preset's values.");
  command.action((flags: GrowFlags) => {
    const seed = flags.seed;
    const params: Record<string, unknown> = {};
    for (const spec of PARAM_SPECS) {
      const text = flags[spec.key];
      if (typeof text === "string") params[spec.key] = parseValue(spec, text);
    }
    const mask = flags.mask ? readVolumeInput(flags.mask, "--mask", { command: "grow --mask" }) : undefined;
    const t0 = performance.now();
    let tree;
    try {
      tree = growTree({ preset: flags.preset, seed, params: params as Partial<GrowParams>, mask });
    } catch (error) {
      throw withFlag(error, flags.mask);
    }
    const ms = performance.now() - t0;
    const stats = treeStats(tree);
    if (flags.out) writeOutput(flags.out, treeToJSON(tree));
    if (flags.csv) {
      const { nodes, edges } = treeToCSV(tree);
      writeOutput(`${flags.csv}-nodes.csv`, nodes);
      writeOutput(`${flags.csv}-edges.csv`, edges);
    }
    if (flags.stats) process.stdout.write(`${JSON.stringify(statsSummary(stats), null, 2)}\n`);
    else if (!flags.out && !flags.csv) process.stdout.write(`${treeToJSON(tree)}\n`);
    const unit = tree.unit === "um" ? "µm" : "mm";
    process.stderr.write(
      `grow: ${flags.preset} seed ${seed}: ${stats.segments.toLocaleString("en-US")} segments, ${stats.terminals} terminals, ${stats.totalLength.toFixed(1)} ${unit} of vessel, ${tree.pathologies.length} pathologies in ${ms.toFixed(0)} ms${flags.out ? ` → ${flags.out}` : ""}\n`,
    );
  });
}

/** A parameter's (or the preset's) RangeError with its flag in front ("--min-radius: minRadius = -1; valid range …"). */
function withFlag(error: unknown, maskPath?: string): unknown {
  if (!(error instanceof RangeError)) return error;
  if (maskPath !== undefined && error.message.startsWith("mask: ")) return new UsageError(`--mask ${displayPath(maskPath)}: ${error.message.slice(6)}`);
  const key = ["preset", ...PARAM_SPECS.map((s) => s.key)].find((k) => error.message.startsWith(`${k} = `));
  return key ? new RangeError(`--${flagName(key)}: ${error.message}`) : error;
}
