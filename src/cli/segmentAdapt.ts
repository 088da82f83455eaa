/**
 * `vessel-lab segment --adapt`: the reconstruction decoder opened beside the segmenter, test-time adaptation of
 * each scan (SPSA, src/infer), and the trust region that decides whether the adapted mask is written.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { type AdaptResult, type ModelCard, adaptToScan, checkAdaptedMask, describeMaskChange } from "../infer/index.js";
import type { OrtNodeModel } from "../infer/node.js";
import type { Volume } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { displayPath } from "./files.js";
import { type CardFlags, readCard, withOverrides } from "./segmentCard.js";

/** The flags --adapt reads, parsed (the card's overrides apply to the reconstructor too). */
export interface AdaptFlags extends CardFlags {
  threads: number;
  reconstructor?: string;
  adaptSteps: number;
  adaptSeed: number;
  adaptMaxChange: number;
}

/** The reconstruction decoder --adapt uses, with its card. */
export interface Adapter {
  model: OrtNodeModel;
  card: ModelCard;
  steps: number;
  seed: number;
  /** --adapt-max-change: the trust region (checkAdaptedMask) */
  maxChange: number;
}

/**
 * The reconstruction decoder for --adapt: --reconstructor, else reconstructor.onnx beside the segmenter, with its card
 * (its sidecar JSON, else the segmenter's).
 * Both models must take the same adaptation inputs (the shared encoder's), or adaptation could not carry over.
 */
export async function openAdapter(segmenter: OrtNodeModel, modelPath: string, flags: AdaptFlags): Promise<Adapter> {
  const { adaptSteps: steps, adaptSeed: seed, adaptMaxChange: maxChange } = flags;
  const path = flags.reconstructor ? resolve(flags.reconstructor) : join(modelPath, "..", "reconstructor.onnx");
  if (!existsSync(path)) {
    throw new UsageError(
      `--adapt: no reconstruction decoder at ${displayPath(path)}; give --reconstructor FILE (models/train/export.py writes models/reconstructor.onnx), or segment without --adapt`,
    );
  }
  // its sidecar card, else the segmenter's (the same normalisation and adaptation inputs)
  const sidecar = path.replace(/\.onnx$/i, "") + ".json";
  // --spacing (and the other overrides) apply to it too: adaptation must see the grid segmentation will see
  const card = withOverrides(existsSync(sidecar) ? readCard(path, { ...flags, card: undefined }) : readCard(modelPath, flags), flags);
  const { OrtNodeModel } = await import("../infer/node.js");
  const model = await OrtNodeModel.load(path, { card, threads: flags.threads }).catch((error: Error) => {
    throw new UsageError(`--reconstructor ${displayPath(path)}: ${error.message}`);
  });
  const mine = JSON.stringify(segmenter.adaptationShapes);
  if (Object.keys(segmenter.adaptationShapes).length === 0 || mine !== JSON.stringify(model.adaptationShapes)) {
    await model.dispose();
    const list = (m: OrtNodeModel) =>
      Object.entries(m.adaptationShapes)
        .map(([n, s]) => `${n} [${s.join(", ")}]`)
        .join(", ") || "none";
    throw new UsageError(
      `--adapt: the segmenter's adaptation inputs (${list(segmenter)}) and the reconstructor's (${list(model)}) must be the same, non-empty set; export both from one checkpoint (models/train/export.py)`,
    );
  }
  return {
    model,
    card: { ...card, output: { name: model.reconstructionOutput, kind: "probability" } },
    steps,
    seed,
    maxChange,
  };
}

/** "5 %" for 0.05, "any" for Infinity. */
function trusted(maxChange: number): string {
  return Number.isFinite(maxChange) ? `${+(100 * maxChange).toPrecision(6)} %` : "any";
}

/** Test-time adaptation of the shared encoder's inputs to one scan, reported on stderr. */
export async function adapt(volume: Volume, adapter: Adapter, label: string): Promise<AdaptResult> {
  const { model, card, steps, seed } = adapter;
  const t0 = performance.now();
  const result = await adaptToScan(volume, {
    card,
    inputs: model.adaptationInputs,
    steps,
    seed,
    cropSize: Math.min(64, card.tile[0]),
    reconstruct: (input, dims, adaptation) => model.tileRunner(model.reconstructionOutput, adaptation)(input, dims),
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `adapt: ${label} reconstruction loss ${result.before.toPrecision(4)} → ${result.after.toPrecision(4)} after ${steps} SPSA steps (${result.passes} passes, ${seconds.toFixed(1)} s): ` +
      `${result.accepted ? "adapted inputs lower the loss" : "no improvement, the model is used as trained"}\n`,
  );
  return result;
}

/**
 * The trust region: the adapted mask is kept only if it moved at most --adapt-max-change of the unadapted one.
 * Says on stderr which mask is written; true when it is the adapted one.
 */
export function keepAdapted(unadapted: Parameters<typeof checkAdaptedMask>[0], adapted: Parameters<typeof checkAdaptedMask>[1], maxChange: number): boolean {
  const check = checkAdaptedMask(unadapted, adapted, maxChange);
  process.stderr.write(
    check.kept
      ? `adapt: the adapted mask differs from the unadapted one in ${describeMaskChange(check)}, within --adapt-max-change (${trusted(check.maxChange)}): adapted mask written\n`
      : `adapt: the adapted mask differs from the unadapted one in ${describeMaskChange(check)}, more than --adapt-max-change (${trusted(check.maxChange)}) allows: the unadapted mask is written\n`,
  );
  return check.kept;
}
