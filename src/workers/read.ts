/**
 * The read worker's entry (bundled into notebooks/workers/read.js by scripts/build-workers.mjs): the user's own scan
 * files read, inflated and decoded off the page's thread (readOps.ts).
 */
import { READ_OPS } from "./readOps.js";
import { serveOps } from "./serve.js";

serveOps(READ_OPS, self as unknown as Parameters<typeof serveOps>[1]);
