/**
 * onnxruntime-node behind src/infer's OrtModel: Node only (the CLI, tests, benchmarks). Not re-exported by index.ts, so
 * pages never pull in the native binding; import it as `src/infer/node.js`.
 */
import * as ort from "onnxruntime-node";
import type { ModelCard } from "./modelCard.js";
import { OrtModel, type OrtModule } from "./ortModel.js";

export interface OrtNodeOptions {
  /** Threads for operators (intra-op); default 2. */
  threads?: number;
  /** Picks the input and outputs (resolveModelIo); default DEFAULT_MODEL_CARD. */
  card?: ModelCard;
}

/** A model in an onnxruntime-node session. */
export type OrtNodeModel = OrtModel;

export const OrtNodeModel = {
  /** Opens an ONNX model (a path or its bytes) on onnxruntime-node's CPU provider (see OrtModel.open). */
  async load(model: string | Uint8Array, options: OrtNodeOptions = {}): Promise<OrtModel> {
    const { threads = 2, card } = options;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`OrtNodeModel.load: threads = ${threads}; give a positive integer`);
    return OrtModel.open(ort as unknown as OrtModule, model, {
      card,
      runtime: "onnxruntime-node",
      session: { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all" },
    });
  },
};
