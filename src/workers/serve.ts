/**
 * The worker side of the engine protocol: runs named operations, reports progress, honours
 * cancel, and transfers typed arrays back instead of copying them.
 */
import { CancelledError, transferables, type FromWorker, type OpContext, type ToWorker } from "./protocol.js";

export type Op = (ctx: OpContext, ...args: never[]) => unknown;

export function serveOps(
  ops: Record<string, Op>,
  scope: { onmessage: ((e: MessageEvent<ToWorker>) => void) | null; postMessage(m: FromWorker, transfer?: Transferable[]): void },
): void {
  const cancelled = new Set<number>();
  const controllers = new Map<number, AbortController>();
  scope.onmessage = async (event) => {
    const msg = event.data;
    if (msg.type === "cancel") {
      cancelled.add(msg.id);
      controllers.get(msg.id)?.abort(new CancelledError());
      return;
    }
    const controller = new AbortController();
    controllers.set(msg.id, controller);
    const op = ops[msg.op];
    const ctx: OpContext = {
      progress: (done, total, note) => scope.postMessage({ type: "progress", id: msg.id, done, total, note }),
      get cancelled() {
        return cancelled.has(msg.id);
      },
      signal: controller.signal,
    };
    try {
      if (!op) throw new RangeError(`the worker has no operation "${msg.op}" (it has ${Object.keys(ops).join(", ")})`);
      const value = await (op as (ctx: OpContext, ...a: unknown[]) => unknown)(ctx, ...msg.args);
      if (ctx.cancelled) throw new CancelledError();
      scope.postMessage({ type: "result", id: msg.id, value }, transferables(value));
    } catch (error) {
      const e = error as Error;
      scope.postMessage({ type: "error", id: msg.id, name: e?.name ?? "Error", message: e?.message ?? String(error) });
    } finally {
      cancelled.delete(msg.id);
      controllers.delete(msg.id);
    }
  };
}
