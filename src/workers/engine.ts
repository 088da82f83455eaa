/**
 * The engine worker's entry (bundled into notebooks/workers/engine.js by
 * scripts/build-workers.mjs): every long operation a page runs off the main thread.
 */
import { ENGINE_OPS } from "./ops.js";
import { serveOps } from "./serve.js";

serveOps(ENGINE_OPS, self as unknown as Parameters<typeof serveOps>[1]);
