/**
 * `vessel-lab segment`'s model card: found beside the model (or given with --card), the command line's overrides
 * applied, and described in one line.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { type ModelCard, type ModelSpacing, describeSpacing, parseModelCard, parseSpacing } from "../infer/index.js";
import type { Vec3 } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { displayPath, readInput } from "./files.js";

/** The flags that choose the card or override its fields. */
export interface CardFlags {
  card?: string;
  spacing?: string;
  tile?: string;
  overlap?: string;
  threshold?: string;
}

/** The largest --overlap: tiles a tenth of their size apart (1000 passes per voxel); 0.999999 would never finish. */
const MAX_OVERLAP = 0.9;

/** The card: --card, else the model's sidecar (segmenter.onnx → segmenter.json), else the defaults. */
export function readCard(modelPath: string, flags: CardFlags): ModelCard {
  const path = flags.card ?? modelPath.replace(/\.onnx$/i, "") + ".json";
  if (!flags.card && !existsSync(path)) return parseModelCard({ name: basename(modelPath) });
  const text = readInput(path, "--card").toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`model card ${displayPath(path)}: not JSON (${(error as Error).message})`);
  }
  try {
    const card = parseModelCard(json, `model card ${displayPath(path)}`);
    if ((json as { name?: unknown }).name === undefined) card.name = basename(modelPath);
    return card;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function withOverrides(card: ModelCard, flags: CardFlags): ModelCard {
  const out: ModelCard = structuredClone(card);
  if (flags.spacing !== undefined) {
    let spacing: ModelSpacing | null;
    try {
      spacing = parseSpacing(flags.spacing);
    } catch (error) {
      throw new UsageError(`--spacing ${flags.spacing}: ${(error as Error).message}`);
    }
    if (!spacing) throw new UsageError(`--spacing ${flags.spacing}: give "auto", a voxel size in mm, X,Y,Z in mm, "native", or x2 (voxels twice the scan's finest side)`);
    out.spacing = spacing;
  }
  if (flags.tile !== undefined) {
    const t = triple(flags.tile);
    if (!t || t.some((x) => !Number.isInteger(x) || x < 1)) throw new UsageError(`--tile ${flags.tile}: give a positive integer or X,Y,Z of them (voxels)`);
    if (t.some((x) => x % out.stride !== 0)) throw new UsageError(`--tile ${flags.tile}: each side must be a multiple of the model's stride ${out.stride}`);
    out.tile = t;
  }
  if (flags.overlap !== undefined) {
    const f = Number(flags.overlap);
    if (flags.overlap.trim() === "" || !(f >= 0 && f <= MAX_OVERLAP)) throw new UsageError(`--overlap ${flags.overlap}: give a fraction 0 ≤ f ≤ ${MAX_OVERLAP} (at ${MAX_OVERLAP} every voxel already runs through the model about 1000 times)`);
    out.overlap = f;
  }
  if (flags.threshold !== undefined) {
    const t = Number(flags.threshold);
    if (flags.threshold.trim() === "" || !(t >= 0 && t <= 1)) throw new UsageError(`--threshold ${flags.threshold}: give a probability 0 ≤ t ≤ 1`);
    out.threshold = t;
  }
  return out;
}

function triple(text: string): Vec3 | null {
  const parts = text.split(",").map((p) => (p.trim() === "" ? NaN : Number(p)));
  if (parts.length === 1) return [parts[0], parts[0], parts[0]];
  return parts.length === 3 ? [parts[0], parts[1], parts[2]] : null;
}

export function missingModel(path: string, given: boolean): string {
  const how =
    "the segmenter is trained and exported by models/train (see models/train/README.md) to models/segmenter.onnx with its card models/segmenter.json; " +
    "or pass --model FILE with any ONNX model taking float32 [1, 1, D, H, W] and giving a vessel probability or logit of the same shape";
  return `${given ? "--model " : "no model at "}${displayPath(path)}${given ? ": no such file" : ""}; ${how}`;
}

export function describeCard(card: ModelCard): string {
  return `${describeSpacing(card.spacing)}, tile ${card.tile.join("×")}, overlap ${card.overlap}, stride ${card.stride}, percentiles ${card.normalization.percentiles.join("/")}, threshold ${card.threshold}`;
}
