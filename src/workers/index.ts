export { EngineClient, callInOwnWorker, type CallOptions } from "./client.js";
export { CancelledError, transferables, type OpContext } from "./protocol.js";
export { serveOps, type Op } from "./serve.js";
export { InferenceClient } from "./inferClient.js";
export { readFilesInWorker } from "./readClient.js";
