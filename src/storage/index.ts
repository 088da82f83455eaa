export { SampleStore, StorageFullError, isQuotaError, DB_NAME, type StoredSample, type SampleSummary } from "./sampleStore.js";
