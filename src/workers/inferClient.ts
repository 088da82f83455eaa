/**
 * The page side of the inference worker: picks the provider (on the page's thread, src/infer/provider.ts), starts the
 * worker bundle made for it (onnxruntime-web's full build for WebGPU, its faster WASM-only build otherwise), loads
 * the models, and runs segment, reconstruct and adapt calls. When the GPU device is lost mid-run, the worker cannot recover, so this client stops it, starts a
 * new one on WASM, loads the same models (from the IndexedDB cache) and runs the call again; the result's `notice`
 * says so.
 */
import { type Provider, type ProviderChoice, type ProviderPreference, chooseProvider } from "../infer/provider.js";
import { type CallOptions, EngineClient } from "./client.js";

interface ModelSpec {
  role: "segmenter" | "reconstructor";
  url: string;
  card: unknown;
}

/** Per provider: the worker bundle (notebooks/workers/infer.js or infer-wasm.js) and the onnxruntime .wasm it loads. */
export type InferenceBundles = Record<Provider, { worker: string | URL; wasm: string }>;

export class InferenceClient {
  readonly #bundles: InferenceBundles;
  #client: EngineClient | null = null;
  #models: ModelSpec[] = [];
  #choice: ProviderChoice | null = null;

  constructor(bundles: InferenceBundles) {
    this.#bundles = bundles;
  }

  get choice(): ProviderChoice | null {
    return this.#choice;
  }

  /** Starts (or restarts) the worker with `provider`; models loaded before are loaded again. */
  async start(provider: ProviderPreference): Promise<ProviderChoice> {
    this.#client?.dispose();
    const choice = await chooseProvider(provider);
    const bundle = this.#bundles[choice.provider];
    this.#client = new EngineClient(bundle.worker, { name: "vessel-lab inference" });
    await this.#client.call<ProviderChoice>("setup", [{ wasmUrl: bundle.wasm, provider: choice.provider }]);
    this.#choice = choice;
    for (const m of this.#models) await this.#client.call("load", [m.role, m.url, m.card]);
    return choice;
  }

  /** Loads a model into the worker (kept for restarts). */
  async load<T>(role: ModelSpec["role"], url: string, card: unknown): Promise<T> {
    if (!this.#client) throw new Error("InferenceClient: start() first");
    const result = await this.#client.call<T & { choice: ProviderChoice }>("load", [role, url, card]);
    this.#models = [...this.#models.filter((m) => m.role !== role), { role, url, card }];
    // the worker may have moved to WASM when WebGPU could not open the model
    if (result.choice.provider !== this.#choice?.provider) this.#choice = result.choice;
    return { ...result, choice: this.#choice };
  }

  /** Runs a worker operation (segment, reconstruct, adapt); a lost GPU device restarts on WASM and runs it again. */
  async call<T>(op: string, args: unknown[], options: CallOptions = {}): Promise<T> {
    if (!this.#client) throw new Error("InferenceClient: start() first");
    try {
      return await this.#client.call<T>(op, args, { ...options, transfer: false });
    } catch (error) {
      if ((error as Error).name !== "DeviceLostError") throw error;
      await this.start("wasm");
      const result = await this.#client.call<T>(op, args, { ...options, transfer: false });
      return { ...result, notice: `WebGPU stopped during the run (${(error as Error).message}); restarted on WASM and ran it again.` };
    }
  }

  dispose(): void {
    this.#client?.dispose();
    this.#client = null;
  }
}
