/**
 * Generated samples kept in the browser's IndexedDB (through idb), so a batch made in the page
 * survives a reload. Volumes are stored as they are (typed arrays clone into IndexedDB); the
 * list reads only the small summaries. Every sample can also be downloaded as NIfTI, so this
 * store is never the only copy of anything worth keeping.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { type Volume, formatSize } from "../volume/index.js";

export interface StoredSample {
  id: string;
  createdAt: number;
  /** What made it (JSON-serialisable): enough to make it again. */
  record: Record<string, unknown>;
  image: Volume<Float32Array>;
  label: Volume<Uint8Array>;
}

export interface SampleSummary {
  id: string;
  createdAt: number;
  record: Record<string, unknown>;
  dims: [number, number, number];
  bytes: number;
}

interface Schema extends DBSchema {
  samples: { key: string; value: StoredSample };
  summaries: { key: string; value: SampleSummary; indexes: { createdAt: number } };
}

/** Thrown when the browser refuses to store more: says how much is used and what to do. */
export class StorageFullError extends Error {
  override name = "StorageFullError";
}

export const DB_NAME = "vessel-lab";
const DB_VERSION = 1;

function sizeOrUnknown(n: number | undefined): string {
  return n === undefined ? "?" : formatSize(n);
}

export class SampleStore {
  readonly #db: IDBPDatabase<Schema>;
  #closed = false;

  private constructor(db: IDBPDatabase<Schema>) {
    this.#db = db;
  }

  static async open(name = DB_NAME): Promise<SampleStore> {
    if (typeof indexedDB === "undefined")
      throw new Error("This browser has no IndexedDB (private mode?), so samples cannot be kept between visits; download them instead.");
    const db = await openDB<Schema>(name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore("samples", { keyPath: "id" });
        db.createObjectStore("summaries", { keyPath: "id" }).createIndex("createdAt", "createdAt");
      },
    });
    return new SampleStore(db);
  }

  /** Summaries, newest first. */
  async list(): Promise<SampleSummary[]> {
    return (await this.#db.getAllFromIndex("summaries", "createdAt")).reverse();
  }

  async get(id: string): Promise<StoredSample | undefined> {
    return this.#db.get("samples", id);
  }

  /** Stores a sample and its summary in one transaction; a full quota becomes a StorageFullError and stores nothing. */
  async put(sample: StoredSample): Promise<SampleSummary> {
    const summary: SampleSummary = {
      id: sample.id,
      createdAt: sample.createdAt,
      record: sample.record,
      dims: sample.image.dims,
      bytes: sample.image.data.byteLength + sample.label.data.byteLength,
    };
    try {
      const tx = this.#db.transaction(["samples", "summaries"], "readwrite");
      await Promise.all([tx.objectStore("samples").put(sample), tx.objectStore("summaries").put(summary), tx.done]);
    } catch (error) {
      if (isQuotaError(error)) {
        const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
        throw new StorageFullError(
          `The browser's storage for this site is full (${sizeOrUnknown(estimate?.usage)} used of ${sizeOrUnknown(estimate?.quota)}), so sample ${sample.id} was not kept. Delete some stored samples or download them as NIfTI first; nothing already stored was lost.`,
        );
      }
      throw error;
    }
    return summary;
  }

  async delete(id: string): Promise<void> {
    const tx = this.#db.transaction(["samples", "summaries"], "readwrite");
    await Promise.all([tx.objectStore("samples").delete(id), tx.objectStore("summaries").delete(id), tx.done]);
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction(["samples", "summaries"], "readwrite");
    await Promise.all([tx.objectStore("samples").clear(), tx.objectStore("summaries").clear(), tx.done]);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

export function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } } | null;
  return (
    e?.name === "QuotaExceededError" || e?.inner?.name === "QuotaExceededError" || (e?.name === "AbortError" && /quota/i.test(String((error as Error).message)))
  );
}
