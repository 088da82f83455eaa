/**
 * Lets the thread's event loop run once: resolves in a new task, not a microtask. A loop of awaited runs whose promises
 * settle through microtasks alone (onnxruntime-web's WASM run blocks its worker and returns a settled promise) never
 * lets a worker read its messages, so the page's "cancel" would only arrive after the last tile. Awaiting this between
 * tiles or steps lets it arrive, and an AbortSignal checked next stops the loop within one tile.
 */
export function yieldToEvents(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === "function") return new Promise((resolve) => void g.setImmediate!(resolve));
  if (typeof g.MessageChannel === "function") {
    // a message task: not clamped to 4 ms as nested setTimeout(0) calls are
    return new Promise((resolve) => {
      const channel = new g.MessageChannel!();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
