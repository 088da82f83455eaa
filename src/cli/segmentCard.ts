/**
 * `vessel-lab segment`'s model card: found beside the model (or given with --card), the command line's overrides
 * applied, and described in one line.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { type ModelCard, type ModelSpacing, describeSpacing, parseModelCard, withOverlap } from "../infer/index.js";
import { UsageError } from "./errors.js";
import { displayPath, readInput } from "./files.js";
import { voxelBox } from "./options.js";

/** The packaged model, used when --model is not given (segment) and for fit's --mask-from model. */
export const DEFAULT_MODEL = fileURLToPath(new URL("../../models/segmenter.onnx", import.meta.url));

/** The flags that choose the card or override its fields (parsed by segment.ts's options, --tile here: its stride). */
export interface CardFlags {
  card?: string;
  spacing?: ModelSpacing;
  tile?: string;
  overlap?: number;
  threshold?: number;
}

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
  let out: ModelCard = structuredClone(card);
  if (flags.spacing !== undefined) out.spacing = flags.spacing;
  if (flags.tile !== undefined) {
    const t = voxelBox("--tile", flags.tile);
    if (t.some((x) => x % out.stride !== 0)) throw new UsageError(`--tile ${flags.tile}: each side must be a multiple of the model's stride ${out.stride}`);
    out.tile = t;
  }
  if (flags.overlap !== undefined) out = withOverlap(out, flags.overlap, "--overlap");
  if (flags.threshold !== undefined) out.threshold = flags.threshold;
  return out;
}

export function missingModel(path: string, given: boolean): string {
  const how =
    "the segmenter is trained and exported by models/train (see models/train/README.md) to models/segmenter.onnx with its card models/segmenter.json; " +
    "or pass --model FILE with any ONNX model taking float32 [1, 1, D, H, W] and giving a vessel probability or logit of the same shape";
  return `${given ? "--model " : "no model at "}${displayPath(path)}${given ? ": no such file" : ""}; ${how}`;
}

export function describeCard(card: ModelCard): string {
  return `${describeSpacing(card.spacing)}, tile ${card.tile.join("×")}, overlap ${card.overlap}, stride ${card.stride}, percentiles ${card.normalisation.percentiles.join("/")}, threshold ${card.threshold}`;
}
