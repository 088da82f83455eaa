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

/**
 * One call in an engine worker of its own, ended when `signal` aborts (the call rejects with CancelledError at once)
 * and when the call settles. For an operation that runs one long synchronous loop (the `fit` op's search): its worker
 * reads no cancel message until the loop ends, so a shared worker would stop only then, and stay busy for every other
 * call meanwhile.
 */
export async function callInOwnWorker<T>(
  url: string | URL,
  op: string,
  args: unknown[] = [],
  { signal, onProgress, name = `vessel-lab ${op}` }: Omit<CallOptions, "transfer"> & { name?: string } = {},
): Promise<T> {
  if (signal?.aborted) throw new CancelledError();
  const client = new EngineClient(url, { name });
  const stop = () => client.dispose();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    return await client.call<T>(op, args, { signal, onProgress });
  } finally {
    signal?.removeEventListener("abort", stop);
    client.dispose();
  }
}
