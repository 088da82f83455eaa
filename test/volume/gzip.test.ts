import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzip, gzip, isGzip } from "../../src/volume/index.js";

test("gzip(bytes) and gunzip(bytes) round-trip, and isGzip(bytes) sees the magic", () => {
  const bytes = new Uint8Array(1000).map((_, n) => (n * 7) % 13);
  const gz = gzip(bytes);
  assert.ok(isGzip(gz));
  assert.ok(!isGzip(bytes));
  assert.ok(!isGzip(new Uint8Array([0x1f])));
  assert.deepEqual(gunzip(gz), bytes);
});

test("gunzip(bytes) says 'gzip stream is corrupt' on a cut stream", () => {
  const gz = gzip(new Uint8Array(5000).map((_, n) => n % 251));
  assert.throws(() => gunzip(gz.subarray(0, gz.length - 8)), /gzip stream is corrupt \(unexpected EOF\); the file is damaged or was cut short/);
});

test("gzip(bytes) writes no time stamp: the same bytes a second later give the same file, which gunzip (and zlib) read", async () => {
  const { gunzipSync } = await import("node:zlib");
  const bytes = new Uint8Array(3000).map((_, n) => (n * 7) % 13);
  const a = gzip(bytes);
  await new Promise((r) => setTimeout(r, 1100));
  const b = gzip(bytes);
  assert.deepEqual([...a.subarray(4, 8)], [0, 0, 0, 0]);
  assert.deepEqual(a, b);
  assert.deepEqual(new Uint8Array(gunzipSync(a)), bytes);
});
