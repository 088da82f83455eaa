/**
 * The page side of the engine worker: `call(op, args)` returns a promise, with progress
 * callbacks and cancellation through an AbortSignal. The page stays responsive while the
 * worker grows, voxelises or synthesises.
 */
import { CancelledError, transferables, type FromWorker, type ToWorker } from "./protocol.js";

export interface CallOptions {
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
  /** Transfer argument buffers to the worker instead of copying them (the caller loses them). */
  transfer?: boolean;
}

export class EngineClient {
  readonly #worker: Worker;
  #next = 1;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; onProgress?: CallOptions["onProgress"] }>();
  #disposed = false;
  readonly #name: string;

  constructor(url: string | URL, { name = "vessel-lab engine" }: { name?: string } = {}) {
    this.#worker = new Worker(url, { type: "module", name });
    this.#name = name;
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const msg = event.data;
      const p = this.#pending.get(msg.id);
      if (!p) return;
      if (msg.type === "progress") p.onProgress?.(msg.done, msg.total, msg.note);
      else {
        this.#pending.delete(msg.id);
        if (msg.type === "result") p.resolve(msg.value);
        else p.reject(Object.assign(msg.name === "CancelledError" ? new CancelledError(msg.message) : new Error(msg.message), { name: msg.name }));
      }
    };
    this.#worker.onerror = (event) => {
      const error = new Error(`the ${this.#name.replace(/^vessel-lab /, "")} worker failed: ${event.message || "could not load it"}`);
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    };
  }

  call<T>(op: string, args: unknown[] = [], { onProgress, signal, transfer = false }: CallOptions = {}): Promise<T> {
    if (this.#disposed) return Promise.reject(new Error("EngineClient: used after dispose()"));
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      signal?.addEventListener("abort", () => this.#worker.postMessage({ type: "cancel", id } satisfies ToWorker), { once: true });
      this.#worker.postMessage({ type: "call", id, op, args } satisfies ToWorker, transfer ? transferables(args) : []);
    });
  }

  /** Terminates the worker; pending calls reject. Safe to call more than once. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#worker.terminate();
    for (const p of this.#pending.values()) p.reject(new CancelledError("the engine worker was stopped"));
    this.#pending.clear();
  }
}
