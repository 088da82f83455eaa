/**
 * The page side of the inference worker: picks the provider (on the page's thread, src/infer/provider.ts), starts the
 * worker bundle made for it (onnxruntime-web's full build for WebGPU, its faster WASM-only build otherwise), loads
 * the models, and runs segment, reconstruct and adapt calls. When WebGPU fails in the worker (a lost device, a model it
 * cannot run), the worker cannot recover, so this client stops it, starts a WASM worker, loads the same models (from
 * the IndexedDB cache) and runs the call again; the result's `notice` says so.
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
    await this.#client.call("setup", [{ wasmUrl: bundle.wasm, choice }]);
    this.#choice = choice;
    for (const m of this.#models) await this.#client.call("load", [m.role, m.url, m.card]);
    return choice;
  }

  /** Loads a model into the worker (kept for restarts); the result carries the provider choice and any fallback notice. */
  async load<T>(role: ModelSpec["role"], url: string, card: unknown): Promise<T & { choice: ProviderChoice; notice: string | null }> {
    const { result, notice } = await this.#onWasmIfGpuFails(
      () => this.#worker().call<T>("load", [role, url, card]),
      (why) => `WebGPU could not open the ${role} (${why}); using WASM.`,
    );
    this.#models = [...this.#models.filter((m) => m.role !== role), { role, url, card }];
    return { ...result, choice: this.#choice!, notice };
  }

  /** Runs a worker operation (segment, reconstruct, adapt); the result carries a notice when it had to move to WASM. */
  async call<T>(op: string, args: unknown[], options: CallOptions = {}): Promise<T & { notice: string | null }> {
    const { result, notice } = await this.#onWasmIfGpuFails(
      () => this.#worker().call<T>(op, args, { ...options, transfer: false }),
      (why) => `WebGPU stopped during the run (${why}); restarted on WASM and ran it again.`,
    );
    return { ...result, notice };
  }

  #worker(): EngineClient {
    if (!this.#client) throw new Error("InferenceClient: start() first");
    return this.#client;
  }

  /** Runs `fn`; when WebGPU failed in the worker (WebGpuFailedError), restarts on WASM and runs it once more. */
  async #onWasmIfGpuFails<T>(fn: () => Promise<T>, say: (why: string) => string): Promise<{ result: T; notice: string | null }> {
    try {
      return { result: await fn(), notice: null };
    } catch (error) {
      if ((error as Error).name !== "WebGpuFailedError") throw error;
      await this.start("wasm");
      return { result: await fn(), notice: say((error as Error).message) };
    }
  }

  dispose(): void {
    this.#client?.dispose();
    this.#client = null;
  }
}
