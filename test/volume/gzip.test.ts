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

test("gunzip(bytes) says 'gzip stream is cut short' on a stream cut inside its data, and 'corrupt' on damaged data", () => {
  const gz = gzip(new Uint8Array(5000).map((_, n) => n % 251));
  assert.throws(
    () => gunzip(gz.subarray(0, gz.length - 20)),
    /^Error: gzip stream is cut short \(its data end at byte \d+ mid-stream\): the file was not downloaded or exported completely; download or export it again$/,
  );
  assert.throws(() => gunzip(gz.subarray(0, 6)), /gzip stream is cut short in its header/);
  const damaged = gz.slice();
  damaged[10] = 0xff; // block type 3 does not exist
  assert.throws(() => gunzip(damaged), /gzip stream is corrupt \(deflate data: .+\); the file is damaged/);
  const method = gz.slice();
  method[2] = 7;
  assert.throws(() => gunzip(method), /gzip compression method is 7, not 8 \(deflate\)/);
});

test("gunzip reads every member of a multi-member file and skips zero padding, as zlib does; it refuses other trailing bytes", async () => {
  const { gunzipSync } = await import("node:zlib");
  const a = new Uint8Array(70000).map((_, n) => (n * 31) % 256);
  const b = new Uint8Array(3000).map((_, n) => (n * 7) % 13);
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
    return out;
  };
  const two = cat(gzip(a, 1), gzip(b, 9));
  assert.deepEqual(gunzip(two), new Uint8Array(gunzipSync(two)));
  assert.equal(gunzip(two).length, a.length + b.length);
  const padded = cat(gzip(a), new Uint8Array(1000), gzip(b), new Uint8Array(7));
  assert.deepEqual(gunzip(padded), cat(a, b));
  assert.throws(() => gunzip(cat(gzip(a), new Uint8Array([0, 0, 9, 9, 9]))), /bytes \d+… are neither another gzip member nor zero padding/);
});

test("gunzip stops at stopAt without reading further, and refuses to inflate past maxBytes", () => {
  const zeros = gzip(new Uint8Array(16 * 2 ** 20), 9); // 16 MiB of zeros in ~16 KB
  const head = gunzip(zeros, { stopAt: 540 });
  assert.equal(head.length, 540);
  assert.equal(head.buffer.byteLength, 540, "no larger buffer is held for 540 bytes");
  // cut the stream after its first 8 KB: the first bytes are still there, and nothing past them is needed
  assert.equal(gunzip(zeros.subarray(0, 8192), { stopAt: 1000 }).length, 1000);
  assert.throws(() => gunzip(zeros, { maxBytes: 2 ** 20 }), /^Error: gzip stream inflates to more than 1\.0 MiB, the most this reader takes \(maxBytes\)/);
  assert.throws(() => gunzip(zeros, { stopAt: -1 }), /gunzip: stopAt is -1/);
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

test("gunzip checks each member's CRC-32 and size trailer when it reads the member to its end", () => {
  const bytes = new Uint8Array(5000).map((_, n) => (n * 13) % 256);
  const gz = gzip(bytes);
  const badCrc = gz.slice();
  badCrc[gz.length - 8] ^= 1;
  assert.throws(() => gunzip(badCrc), /^Error: gzip stream is corrupt: the CRC-32 or size in the trailer disagrees with the data/);
  const badSize = gz.slice();
  badSize[gz.length - 4] ^= 1;
  assert.throws(() => gunzip(badSize), /trailer disagrees/);
  assert.equal(gunzip(badCrc, { stopAt: 100 }).length, 100, "a member not read to its end is not checked (as Python)");
  assert.throws(() => gunzip(gz.subarray(0, gz.length - 3)), /^Error: gzip stream is cut short in the trailer/);
});
