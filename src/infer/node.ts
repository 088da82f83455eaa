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
  /** Adaptation inputs at their identity values, fed unless a caller gives others. */
  #identity: Record<string, ort.Tensor>;

  private constructor(session: ort.InferenceSession, io: ModelIo, identity: Record<string, ort.Tensor>) {
    this.#session = session;
    this.io = io;
    this.#identity = identity;
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
      const identity: Record<string, ort.Tensor> = {};
      for (const [name, value] of Object.entries(io.adaptationInputs)) {
        const m = session.inputMetadata.find((x) => x.name === name);
        const shape = m?.isTensor ? m.shape : [];
        if (!m?.isTensor || m.type !== "float32" || !shape.every((d) => typeof d === "number")) {
          throw new Error(`the model's adaptation input "${name}" is ${m?.isTensor ? `${m.type} [${shape.join(", ")}]` : "not a tensor"}; it must be float32 with a fixed shape`);
        }
        const dims = shape as number[];
        identity[name] = new ort.Tensor("float32", new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value), dims);
      }
      return new OrtNodeModel(session, io, identity);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** The segmentation output for one tile (see RunTile), adaptation inputs at their identity values. */
  readonly runTile: RunTile = async (input: Float32Array, dims: TileDims) => {
    const outputs = await this.run(input, dims, [this.io.output]);
    return outputs[this.io.output];
  };

  /**
   * Runs the model on one tile and returns the named outputs' data (float32; dims as the input's). Adaptation inputs
   * get their identity values unless `adaptation` gives others (name → values, in the input's shape).
   */
  async run(input: Float32Array, dims: TileDims, outputs: string[], adaptation: Record<string, Float32Array> = {}): Promise<Record<string, Float32Array>> {
    const session = this.#session;
    if (!session) throw new Error("OrtNodeModel: the model was disposed");
    const feeds: Record<string, ort.Tensor> = { ...this.#identity, [this.io.input]: new ort.Tensor("float32", input, [...dims]) };
    for (const [name, values] of Object.entries(adaptation)) {
      const identity = this.#identity[name];
      if (!identity) throw new Error(`OrtNodeModel.run: "${name}" is not one of the model's adaptation inputs (${Object.keys(this.#identity).join(", ") || "none"})`);
      if (values.length !== identity.size) throw new Error(`OrtNodeModel.run: "${name}" needs ${identity.size} values ([${identity.dims.join(", ")}]); got ${values.length}`);
      feeds[name] = new ort.Tensor("float32", values, identity.dims);
    }
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
