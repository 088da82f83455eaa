/**
 * The page side of the inference worker: starts it with a provider, loads the models, and runs segment, reconstruct
 * and adapt calls. When the GPU device is lost mid-run, the worker cannot recover, so this client stops it, starts a
 * new one on WASM, loads the same models (from the IndexedDB cache) and runs the call again; the result's `notice`
 * says so.
 */
import type { ProviderChoice, ProviderPreference } from "../infer/web.js";
import { type CallOptions, EngineClient } from "./client.js";

interface ModelSpec {
  role: "segmenter" | "reconstructor";
  url: string;
  card: unknown;
}

export class InferenceClient {
  readonly #workerUrl: string | URL;
  readonly #wasmUrl: string;
  #client: EngineClient | null = null;
  #models: ModelSpec[] = [];
  #choice: ProviderChoice | null = null;

  constructor(workerUrl: string | URL, wasmUrl: string) {
    this.#workerUrl = workerUrl;
    this.#wasmUrl = wasmUrl;
  }

  get choice(): ProviderChoice | null {
    return this.#choice;
  }

  /** Starts (or restarts) the worker with `provider`; models loaded before are loaded again. */
  async start(provider: ProviderPreference): Promise<ProviderChoice> {
    this.#client?.dispose();
    this.#client = new EngineClient(this.#workerUrl, { name: "vessel-lab inference" });
    this.#choice = await this.#client.call<ProviderChoice>("setup", [{ wasmUrl: this.#wasmUrl, provider }]);
    for (const m of this.#models) await this.#client.call("load", [m.role, m.url, m.card]);
    return this.#choice;
  }

  /** Loads a model into the worker (kept for restarts). */
  async load<T>(role: ModelSpec["role"], url: string, card: unknown): Promise<T> {
    if (!this.#client) throw new Error("InferenceClient: start() first");
    const result = await this.#client.call<T & { choice: ProviderChoice }>("load", [role, url, card]);
    this.#models = [...this.#models.filter((m) => m.role !== role), { role, url, card }];
    this.#choice = result.choice;
    return result;
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
