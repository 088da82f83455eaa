// The IndexedDB sample store in headless Chromium: round trip, persistence, and a full quota
// (the browser's QuotaExceededError, raised on the fourth sample) reported clearly with nothing lost.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { openBrowserModule, type BrowserModule } from "../support/browserModule.js";

describe("SampleStore in headless Chromium", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/storage.entry.ts");
  });
  after(async () => m?.close());

  test("put, list, get and delete round-trip volumes exactly, and they survive reopening", async () => {
    const r = await m.call<{ listed: string[]; same: boolean; dims: number[]; after: string[]; persisted: string[] }>("roundTrip");
    assert.deepEqual(r.listed, ["b", "a"], "newest first");
    assert.ok(r.same, "volumes come back bit for bit, as Float32Array");
    assert.deepEqual(r.dims, [12, 12, 12]);
    assert.deepEqual(r.after, ["b"]);
    assert.deepEqual(r.persisted, ["b"]);
  });

  test("a full quota gives a StorageFullError that says what is used and what to do, and keeps what was stored", async () => {
    const r = await m.call<{ error: { name: string; message: string } | null; kept: number; listed: number }>("fillUntilFull", 3);
    assert.ok(r.error, `expected the quota to run out (kept ${r.kept})`);
    assert.equal(r.error.name, "StorageFullError");
    assert.match(
      r.error.message,
      /storage for this site is full \([\d.]+ (KiB|MiB|GiB) used of [\d.]+ (KiB|MiB|GiB)\).*Delete some stored samples or download them/,
    );
    assert.equal(r.kept, 3);
    assert.equal(r.listed, 3, "every sample stored before the error is still listed, and the failed one left no summary");
  });
});
