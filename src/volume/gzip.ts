import { Inflate, gzipSync } from "fflate";
import { formatSize } from "./sizes.js";

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What gunzip inflates at most when the caller states no limit: 2 GiB, about the largest typed array browsers allow. */
export const GUNZIP_MAX_BYTES = 2 ** 31;

export interface GunzipOptions {
  /** Stop once this many bytes are out and return them: the caller needs no more (what follows is not read). */
  stopAt?: number;
  /** Refuse a stream that inflates past this many bytes (a "gzip bomb"); default GUNZIP_MAX_BYTES. */
  maxBytes?: number;
}

/** Input bytes handed to the inflater at a time, from FIRST_STEP doubling to STEP: deflate expands at most ~1032×, so
 * one step adds at most ~16 MiB, and reading a header inflates well under 1 MiB. */
const FIRST_STEP = 256;
const STEP = 16 * 1024;

/**
 * Feeds `data` from byte `from` to a streaming inflater (`push`), in the steps above, until it is all fed or `enough()`:
 * a small stream takes a few pushes, and a crafted one inflates at most about 16 MiB past what was asked for. The last
 * push is marked final. (The gzip reader below steps the same way, watching fflate's state between pushes.)
 */
export function feedInSteps(push: (chunk: Uint8Array, final: boolean) => void, data: Uint8Array, from: number, enough: () => boolean): void {
  for (let at = from, step = FIRST_STEP; at < data.length && !enough(); step = Math.min(STEP, step * 2)) {
    const end = Math.min(data.length, at + step);
    push(data.subarray(at, end), end >= data.length);
    at = end;
  }
}
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** fflate's streaming inflater and the two fields of its state gunzip reads to find where a member's deflate data ends. */
interface InflateState {
  s: { f?: number; l?: unknown; p?: number };
  p: Uint8Array;
}

/**
 * The decompressed bytes of a gzip file, as gzip(1) and Python read it: every member of a multi-member file (`cat
 * a.gz b.gz`, bgzip) in turn, zero padding between or after members skipped. Inflates step by step, so it stops at
 * `stopAt` (returning what is out) and refuses to go past `maxBytes`, never holding more than the bytes it returns.
 * Throws an Error that says what is wrong and what to do: a damaged stream, one cut short, one over `maxBytes`, a
 * member whose CRC-32 or length trailer disagrees with its data (checked for every member inflated whole; one cut at
 * `stopAt` is not, as Python does not check data it has not reached).
 */
export function gunzip(bytes: Uint8Array, { stopAt = Infinity, maxBytes = GUNZIP_MAX_BYTES }: GunzipOptions = {}): Uint8Array {
  if (!(stopAt >= 0)) throw new RangeError(`gunzip: stopAt is ${stopAt}; give a byte count ≥ 0`);
  if (!(maxBytes >= 0)) throw new RangeError(`gunzip: maxBytes is ${maxBytes}; give a byte count ≥ 0`);
  const want = Math.min(stopAt, maxBytes);
  let out = new Uint8Array(Number.isFinite(want) ? Math.min(want, Math.max(1 << 16, bytes.length * 4)) : Math.max(1 << 16, bytes.length * 4));
  let length = 0;
  let crc = 0;
  let memberLength = 0;
  let trimmed = false;
  const append = (chunk: Uint8Array): void => {
    crc = crc32(chunk, crc);
    memberLength += chunk.length;
    const room = stopAt - length;
    const take = chunk.length <= room ? chunk : chunk.subarray(0, room);
    trimmed ||= take.length < chunk.length;
    if (length + take.length > maxBytes) {
      throw new Error(
        `gzip stream inflates to more than ${formatSize(maxBytes)}, the most this reader takes (maxBytes): it is not the file it claims to be (a "gzip bomb") or far larger than expected; check where it came from`,
      );
    }
    if (length + take.length > out.length) {
      const grown = new Uint8Array(Math.min(Math.max(out.length * 2, length + take.length), want));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(take, length);
    length += take.length;
  };
  let pos = 0;
  let members = 0;
  while (length < stopAt) {
    if (members > 0) {
      while (pos < bytes.length && bytes[pos] === 0) pos++; // padding, as Python's gzip skips it
      if (pos >= bytes.length) break;
    }
    pos = memberStart(bytes, pos, members);
    crc = 0;
    memberLength = 0;
    const end = inflateMember(bytes, pos, members, append, () => length >= stopAt);
    if (end.done && !trimmed) checkTrailer(bytes, end.next - 8, crc, memberLength, members);
    if (end.done) checkFollowing(bytes, end.next);
    pos = end.next;
    members++;
  }
  return out.subarray(0, length);
}

/** What follows a member must be zero padding or another member (Python refuses anything else, even past what it needs). */
function checkFollowing(bytes: Uint8Array, pos: number): void {
  while (pos < bytes.length && bytes[pos] === 0) pos++;
  if (pos < bytes.length && (bytes[pos] !== 0x1f || (pos + 1 < bytes.length && bytes[pos + 1] !== 0x8b))) {
    throw new Error(`gzip stream is corrupt: bytes ${pos}… are neither another gzip member nor zero padding; the file is damaged: download or export it again`);
  }
}

/** Where member `index`'s deflate data starts, after its header at `pos`. */
function memberStart(bytes: Uint8Array, pos: number, index: number): number {
  const where = index === 0 ? "" : ` (member ${index + 1}, at byte ${pos})`;
  const cut = (): never => {
    throw new Error(`gzip stream is cut short in its header${where}: the file was not downloaded or exported completely; download or export it again`);
  };
  if (bytes[pos] !== 0x1f || (pos + 1 < bytes.length && bytes[pos + 1] !== 0x8b)) {
    throw new Error(`gzip stream is corrupt: bytes ${pos}… are neither another gzip member nor zero padding; the file is damaged: download or export it again`);
  }
  if (pos + 10 > bytes.length) cut();
  if (bytes[pos + 2] !== 8)
    throw new Error(`gzip compression method is ${bytes[pos + 2]}${where}, not 8 (deflate): the file is damaged or not gzip; download or export it again`);
  const flags = bytes[pos + 3];
  let p = pos + 10;
  if (flags & FEXTRA) {
    if (p + 2 > bytes.length) cut();
    p += 2 + (bytes[p] | (bytes[p + 1] << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (p < bytes.length && bytes[p] !== 0) p++;
    p++;
  }
  if (flags & FHCRC) p += 2;
  if (p > bytes.length) cut();
  return p;
}

/** The CRC-32 and length (mod 2³²) trailer at `at` against the member's data; an Error when the data were damaged. */
function checkTrailer(bytes: Uint8Array, at: number, crc: number, length: number, index: number): void {
  const member = index === 0 ? "" : ` of member ${index + 1}`;
  if (at + 8 > bytes.length) {
    throw new Error(
      `gzip stream is cut short in the trailer${member} (CRC and size, at byte ${at}): the file was not downloaded or exported completely; download or export it again`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
  if (view.getUint32(0, true) !== crc >>> 0 || view.getUint32(4, true) !== length % 2 ** 32) {
    throw new Error(
      `gzip stream is corrupt: the CRC-32 or size in the trailer${member} disagrees with the data, so they were damaged; download or export the file again`,
    );
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (gzip's) of `data`, continuing from `crc`. */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let n = 0; n < data.length; n++) c = CRC_TABLE[(c ^ data[n]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Inflates one member's deflate data from `pos` through `append` until it ends (done) or `enough()`; returns where the next member may start. */
function inflateMember(
  bytes: Uint8Array,
  pos: number,
  index: number,
  append: (chunk: Uint8Array) => void,
  enough: () => boolean,
): { next: number; done: boolean } {
  const inflater = new Inflate((chunk) => {
    if (chunk.length > 0) append(chunk);
  });
  const state = inflater as unknown as InflateState;
  let fed = pos;
  let step = FIRST_STEP;
  for (;;) {
    const end = Math.min(bytes.length, fed + step);
    step = Math.min(STEP, step * 2);
    try {
      inflater.push(bytes.subarray(fed, end)); // never "final": fflate would then throw on a member that is cut after all we need
    } catch (error) {
      if (!(error instanceof Error) || error.message.startsWith("gzip stream inflates")) throw error;
      const member = index === 0 ? "" : ` in member ${index + 1}`;
      if (/unexpected EOF/i.test(error.message)) {
        throw new Error(
          `gzip stream is cut short${member} (its data end at byte ${bytes.length} mid-stream): the file was not downloaded or exported completely; download or export it again`,
        );
      }
      throw new Error(`gzip stream is corrupt${member} (deflate data: ${error.message}); the file is damaged: download or export it again`);
    }
    fed = end;
    if (state.s.f && !state.s.l) {
      // the member's last deflate block is done: what is left of the input starts at bit s.p of inflater.p; 8 trailer bytes (CRC, size) follow
      const rest = state.p.length - Math.ceil((state.s.p ?? 0) / 8);
      return { next: fed - rest + 8, done: true };
    }
    if (enough()) return { next: fed, done: false };
    if (fed >= bytes.length) {
      throw new Error(
        `gzip stream is cut short${index === 0 ? "" : ` in member ${index + 1}`} (its data end at byte ${bytes.length} mid-stream): the file was not downloaded or exported completely; download or export it again`,
      );
    }
  }
}

/**
 * Gzip-compresses `bytes` (level 6, as gzip's default); the result works wherever .gz is read. The header's time
 * stamp is 0 ("none", as `gzip -n` writes), so the same bytes always give the same file: fflate would write the
 * current second, and two runs a second apart would differ.
 */
export function gzip(bytes: Uint8Array, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 6): Uint8Array {
  const out = gzipSync(bytes, { level });
  out[4] = out[5] = out[6] = out[7] = 0; // MTIME
  return out;
}
