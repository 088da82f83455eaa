/**
 * ONNX models kept in IndexedDB after their first download, so the Segment and Reconstruct pages open them without the
 * network the next time. Entries are keyed by URL: the built site names files by content hash, so a new model is a new
 * key and a stale copy is never used. Storage failures are not fatal: the model still loads from the network.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

interface Schema extends DBSchema {
  models: { key: string; value: { url: string; bytes: Uint8Array; savedAt: number } };
}

export const MODEL_DB_NAME = "vessel-lab-models";

export interface CachedModel {
  bytes: Uint8Array;
  /** Where the bytes came from this time. */
  source: "cache" | "network";
  /** Why a download could not be kept (quota, no IndexedDB), or null. */
  notKept: string | null;
}

/** The bytes at `url`: from IndexedDB when kept, else fetched (and kept). Network errors throw with the URL and status. */
export async function loadModelBytes(
  url: string,
  { dbName = MODEL_DB_NAME, fetcher = fetch }: { dbName?: string; fetcher?: typeof fetch } = {},
): Promise<CachedModel> {
  let db: IDBPDatabase<Schema> | null = null;
  try {
    if (typeof indexedDB !== "undefined") db = await openDB<Schema>(dbName, 1, { upgrade: (d) => void d.createObjectStore("models", { keyPath: "url" }) });
  } catch {
    db = null;
  }
  try {
    const kept = await db?.get("models", url).catch(() => undefined);
    if (kept) return { bytes: kept.bytes, source: "cache", notKept: null };
    let response: Response;
    try {
      response = await fetcher(url);
    } catch (error) {
      throw new Error(`could not download the model ${url} (${(error as Error).message}); check the connection and reload`);
    }
    if (!response.ok) throw new Error(`could not download the model ${url}: the server answered ${response.status} ${response.statusText}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    let notKept: string | null = db ? null : "this browser has no IndexedDB";
    if (db) {
      try {
        await db.put("models", { url, bytes, savedAt: Date.now() });
      } catch (error) {
        notKept = `the browser refused to keep it (${(error as Error).name}: ${(error as Error).message})`;
      }
    }
    return { bytes, source: "network", notKept };
  } finally {
    db?.close();
  }
}

/** Forgets every kept model (a page's "clear cache" button, and tests). */
export async function clearModelCache(dbName = MODEL_DB_NAME): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  const db = await openDB<Schema>(dbName, 1, { upgrade: (d) => void d.createObjectStore("models", { keyPath: "url" }) });
  try {
    await db.clear("models");
  } finally {
    db.close();
  }
}
