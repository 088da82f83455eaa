/**
 * onnxruntime-node behind src/infer's RunTile: Node only (the CLI, tests, benchmarks). Not re-exported by index.ts, so
 * pages never pull in the native binding; import it as `src/infer/node.js`.
 */
import * as ort from "onnxruntime-node";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { type ModelIo, resolveModelIo } from "./resolveModelIo.js";
import type { RunTile, TileDims } from "./runTile.js";

export interface OrtNodeOptions {
  /** Threads for operators (intra-op); default 2. */
  threads?: number;
  /** Picks the input and outputs (resolveModelIo); default DEFAULT_MODEL_CARD. */
  card?: ModelCard;
}

/** A model in an onnxruntime-node session, with the input and outputs segmentation uses. dispose() releases it (idempotent). */
export class OrtNodeModel {
  readonly io: ModelIo;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  #session: ort.InferenceSession | null;

  private constructor(session: ort.InferenceSession, io: ModelIo) {
    this.#session = session;
    this.io = io;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
  }

  /**
   * Opens an ONNX model (a path or its bytes). Throws an Error saying what is wrong when the file is not an ONNX model,
   * the card names inputs or outputs it lacks, or its image input is not a 5D float32 tensor.
   */
  static async load(model: string | Uint8Array, options: OrtNodeOptions = {}): Promise<OrtNodeModel> {
    const { threads = 2, card = DEFAULT_MODEL_CARD as ModelCard } = options;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`OrtNodeModel.load: threads = ${threads}; give a positive integer`);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
    };
    let session: ort.InferenceSession;
    try {
      session = typeof model === "string" ? await ort.InferenceSession.create(model, sessionOptions) : await ort.InferenceSession.create(model, sessionOptions);
    } catch (error) {
      throw new Error(`cannot load the model${typeof model === "string" ? ` ${model}` : ""} with onnxruntime-node: ${firstLine(error)}`);
    }
    try {
      const io = resolveModelIo(card, session);
      const meta = session.inputMetadata.find((m) => m.name === io.input);
      if (meta?.isTensor && (meta.type !== "float32" || (meta.shape.length !== 0 && meta.shape.length !== 5))) {
        throw new Error(`the model's input "${io.input}" is ${meta.type} [${meta.shape.join(", ")}]; segmentation feeds float32 [1, 1, D, H, W]`);
      }
      return new OrtNodeModel(session, io);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** The segmentation output for one tile (see RunTile); extra inputs (adaptation parameters) can be fed by name. */
  readonly runTile: RunTile = async (input: Float32Array, dims: TileDims) => {
    const outputs = await this.run(input, dims, [this.io.output]);
    return outputs[this.io.output];
  };

  /** Runs the model on one tile and returns the named outputs' data (float32; dims as the input's). */
  async run(input: Float32Array, dims: TileDims, outputs: string[], extra: Record<string, ort.Tensor> = {}): Promise<Record<string, Float32Array>> {
    const session = this.#session;
    if (!session) throw new Error("OrtNodeModel: the model was disposed");
    const feeds = { ...extra, [this.io.input]: new ort.Tensor("float32", input, [...dims]) };
    const result = await session.run(feeds, outputs);
    const out: Record<string, Float32Array> = {};
    for (const name of outputs) {
      const t = result[name];
      if (t.type !== "float32") throw new Error(`the model's output "${name}" is ${t.type}; segmentation needs float32`);
      out[name] = t.data as Float32Array;
    }
    return out;
  }

  /** Releases the session; later calls of run and runTile throw. Safe to call twice. */
  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    if (session) await session.release();
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}
