export { SampleStore, StorageFullError, isQuotaError, DB_NAME, type StoredSample, type SampleSummary } from "./sampleStore.js";
export { loadModelBytes, clearModelCache, MODEL_DB_NAME, type CachedModel } from "./modelCache.js";
