/** What the browser offers to the lab's WASM inference. Pure, so it can be tested. */
import { wasmThreadCount } from "../infer/provider.js";

export interface ThreadReport {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  /** Threads onnxruntime-web's WASM backend will use (1 unless cross-origin isolated). */
  wasmThreads: number;
  reason: string;
}

export function threadReport(env: { crossOriginIsolated?: boolean; hardwareConcurrency?: number; hasSharedArrayBuffer?: boolean }): ThreadReport {
  const isolated = Boolean(env.crossOriginIsolated);
  const sab = Boolean(env.hasSharedArrayBuffer);
  const cores = Math.max(1, Math.floor(env.hardwareConcurrency ?? 1));
  // the count the inference worker gives onnxruntime-web (chooseProvider), so Home and Segment say the same
  const threads = wasmThreadCount(isolated && sab, cores);
  const reason = !isolated
    ? "The page is not cross-origin isolated (no COOP/COEP headers), so WASM runs on one thread. `npm run serve` sends the headers; `npm run dev` does not."
    : !sab
      ? "The page is isolated but SharedArrayBuffer is missing, so WASM runs on one thread."
      : `Cross-origin isolated: WASM can use ${threads} of ${cores} logical cores.`;
  return { crossOriginIsolated: isolated, sharedArrayBuffer: sab, hardwareConcurrency: cores, wasmThreads: threads, reason };
}

/** threadReport for the running browser or Node process. */
export function currentThreadReport(): ThreadReport {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return threadReport({
    crossOriginIsolated: g.crossOriginIsolated,
    hardwareConcurrency: g.navigator?.hardwareConcurrency,
    hasSharedArrayBuffer: typeof SharedArrayBuffer !== "undefined",
  });
}
