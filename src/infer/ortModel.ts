/**
 * A model in an onnxruntime session, with the input and outputs segmentation and reconstruction use. One class for
 * onnxruntime-node (src/infer/node.ts) and onnxruntime-web (src/infer/web.ts): both implement onnxruntime-common's
 * API, so only the module and the session options differ.
 */
import type { InferenceSession, Tensor, TypedTensor } from "onnxruntime-common";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { type ModelIo, resolveModelIo } from "./resolveModelIo.js";
import type { RunTile, TileDims } from "./runTile.js";

/** The part of an onnxruntime module (node or web) this class uses. */
export interface OrtModule {
  InferenceSession: { create(model: string | Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => TypedTensor<"float32">;
}

/** Runs a model on one tile with given adaptation inputs (name → values), returning the named outputs (see OrtModel.run). */
export type RunModel = (
  input: Float32Array,
  dims: TileDims,
  outputs: string[],
  adaptation?: Record<string, Float32Array>,
) => Promise<Record<string, Float32Array>>;

export class OrtModel {
  readonly io: ModelIo;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Adaptation inputs (name → fixed shape), in the order the card lists them. */
  readonly adaptationShapes: Readonly<Record<string, readonly number[]>>;
  #session: InferenceSession | null;
  #ort: OrtModule;
  /** Adaptation inputs at their identity values, fed unless a caller gives others. */
  #identity: Record<string, Tensor>;

  private constructor(ort: OrtModule, session: InferenceSession, io: ModelIo, identity: Record<string, Tensor>) {
    this.#ort = ort;
    this.#session = session;
    this.io = io;
    this.#identity = identity;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    this.adaptationShapes = Object.fromEntries(Object.entries(identity).map(([n, t]) => [n, [...t.dims]]));
  }

  /**
   * Opens an ONNX model (a path in Node, or its bytes) in a session of `ort`. Throws an Error saying what is wrong
   * when the file is not an ONNX model, the card names inputs or outputs it lacks, or its image input is not a 5D
   * float32 tensor. `runtime` names the runtime in messages ("onnxruntime-node", "onnxruntime-web (wasm)").
   */
  static async open(
    ort: OrtModule,
    model: string | Uint8Array,
    options: { card?: ModelCard; session?: InferenceSession.SessionOptions; runtime: string },
  ): Promise<OrtModel> {
    const { card = DEFAULT_MODEL_CARD as ModelCard, runtime } = options;
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, options.session);
    } catch (error) {
      throw new Error(`cannot load the model${typeof model === "string" ? ` ${model}` : ""} with ${runtime}: ${firstLine(error)}`);
    }
    try {
      const io = resolveModelIo(card, session);
      const meta = session.inputMetadata.find((m) => m.name === io.input);
      if (meta?.isTensor && (meta.type !== "float32" || (meta.shape.length !== 0 && meta.shape.length !== 5))) {
        throw new Error(`the model's input "${io.input}" is ${meta.type} [${meta.shape.join(", ")}]; segmentation feeds float32 [1, 1, D, H, W]`);
      }
      const identity: Record<string, Tensor> = {};
      for (const [name, value] of Object.entries(io.adaptationInputs)) {
        const m = session.inputMetadata.find((x) => x.name === name);
        const shape = m?.isTensor ? m.shape : [];
        if (!m?.isTensor || m.type !== "float32" || !shape.every((d) => typeof d === "number")) {
          throw new Error(
            `the model's adaptation input "${name}" is ${m?.isTensor ? `${m.type} [${shape.join(", ")}]` : "not a tensor"}; it must be float32 with a fixed shape`,
          );
        }
        const dims = shape as number[];
        identity[name] = new ort.Tensor("float32", new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value), dims);
      }
      return new OrtModel(ort, session, io, identity);
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** The output test-time adaptation reconstructs with: the card's reconstruction output, else the model's output. */
  get reconstructionOutput(): string {
    return this.io.reconstruction ?? this.io.output;
  }

  /** The adaptation inputs with their shapes and identity values, as adaptToScan takes them. */
  get adaptationInputs(): Record<string, { shape: readonly number[]; identity: number }> {
    return Object.fromEntries(Object.entries(this.adaptationShapes).map(([name, shape]) => [name, { shape, identity: this.io.adaptationInputs[name] }]));
  }

  /** A RunTile giving one named output, with the given adaptation inputs (identity where left out). */
  tileRunner(output: string, adaptation?: Record<string, Float32Array>): RunTile {
    return async (input, dims) => (await this.run(input, dims, [output], adaptation))[output];
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
  readonly run: RunModel = async (input, dims, outputs, adaptation = {}) => {
    const session = this.#session;
    if (!session) throw new Error("the model was disposed");
    const feeds: Record<string, Tensor> = { ...this.#identity, [this.io.input]: new this.#ort.Tensor("float32", input, [...dims]) };
    for (const [name, values] of Object.entries(adaptation)) {
      const identity = this.#identity[name];
      if (!identity) throw new Error(`"${name}" is not one of the model's adaptation inputs (${Object.keys(this.#identity).join(", ") || "none"})`);
      if (values.length !== identity.size) throw new Error(`"${name}" needs ${identity.size} values ([${identity.dims.join(", ")}]); got ${values.length}`);
      feeds[name] = new this.#ort.Tensor("float32", values, identity.dims);
    }
    const result = await session.run(feeds, outputs);
    const out: Record<string, Float32Array> = {};
    for (const name of outputs) {
      const t = result[name];
      if (t.type !== "float32") throw new Error(`the model's output "${name}" is ${t.type}; segmentation needs float32`);
      out[name] = t.data as Float32Array;
    }
    return out;
  };

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
