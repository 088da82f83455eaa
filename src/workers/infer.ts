/**
 * The inference worker's entry (bundled into notebooks/workers/infer.js by scripts/build-workers.mjs): onnxruntime-web
 * off the page's main thread. onnxruntime-web's WASM threads start this same script as workers named "em-pthread";
 * those run the runtime's thread code (inside the bundled onnxruntime-web) and must not answer the page's calls.
 */
import { INFER_OPS } from "./inferOps.js";
import { serveOps } from "./serve.js";

const scope = self as unknown as Parameters<typeof serveOps>[1] & { name?: string };
if (!scope.name?.startsWith("em-pthread")) serveOps(INFER_OPS, scope);
