/**
 * The TIFF compressions microscopy stacks are saved with: LZW (TIFF 6.0 §13, ImageJ's and Pillow's), PackBits (§9),
 * Deflate (zlib streams, through fflate) and the horizontal-differencing predictor (§14). Each returns exactly the
 * bytes a strip or tile holds, or an Error naming what is wrong.
 */
import { Unzlib } from "fflate";
import { feedInSteps } from "./gzip.js";

export const TIFF_COMPRESSION_NAMES: Record<number, string> = {
  1: "none",
  5: "LZW",
  7: "JPEG",
  8: "Deflate",
  32773: "PackBits",
  32946: "Deflate",
  34887: "LERC",
  34925: "LZMA",
  50000: "Zstandard",
  50001: "WebP",
  50013: "Zstandard",
};

/** The compressions vessel-lab decodes. */
export const TIFF_COMPRESSIONS_READ = new Set([1, 5, 8, 32773, 32946]);

/** What to say of a compression vessel-lab does not decode, and what to do. */
export function unreadCompression(compression: number): string {
  return `${TIFF_COMPRESSION_NAMES[compression] ?? `code ${compression}`} compression; vessel-lab reads uncompressed, LZW, Deflate and PackBits TIFF: save the stack with one of them (Fiji saves uncompressed)`;
}

/** A strip's or tile's bytes, decompressed to exactly `expected` bytes; fewer is an Error (the file is damaged). */
export function decompress(compression: number, data: Uint8Array, expected: number): Uint8Array {
  const exact = (out: Uint8Array, got: number): Uint8Array => {
    if (got < expected) throw new Error(`decodes to ${got} of its ${expected} bytes; the file is cut short or damaged: save it again`);
    return out.subarray(0, expected);
  };
  switch (compression) {
    case 1:
      return exact(data, data.length);
    case 5: {
      const out = lzw(data, expected);
      return exact(out.bytes, out.length);
    }
    case 8:
    case 32946: {
      let out: { bytes: Uint8Array; length: number };
      try {
        out = inflateUpTo(data, expected);
      } catch (error) {
        throw new Error(`does not inflate (${(error as Error).message}); the file is damaged: save it again`);
      }
      return exact(out.bytes, out.length);
    }
    case 32773: {
      const out = packBits(data, expected);
      return exact(out.bytes, out.length);
    }
    default:
      throw new Error(unreadCompression(compression));
  }
}

/**
 * A zlib stream inflated only as far as `expected` bytes: fed in steps (feedInSteps), stopped once they are there, so a
 * stream that would inflate to gigabytes (a crafted strip) costs little more than the strip. A longer stream is cut
 * there, as libtiff reads one.
 */
function inflateUpTo(data: Uint8Array, expected: number): { bytes: Uint8Array; length: number } {
  const out = new Uint8Array(expected);
  let got = 0;
  const stream = new Unzlib((chunk) => {
    const take = Math.min(chunk.length, expected - got);
    out.set(chunk.subarray(0, take), got);
    got += take;
  });
  feedInSteps(
    (chunk, final) => stream.push(chunk, final),
    data,
    0,
    () => got >= expected,
  );
  return { bytes: out, length: got };
}

/** TIFF's LZW: codes MSB first, 9 to 12 bits, Clear 256, end 257, each width one code early (TIFF 6.0 §13). */
export function lzw(input: Uint8Array, expected: number): { bytes: Uint8Array; length: number } {
  const out = new Uint8Array(expected);
  const prefix = new Int32Array(4096);
  const last = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let c = 0; c < 256; c++) {
    prefix[c] = -1;
    last[c] = c;
    first[c] = c;
    length[c] = 1;
  }
  let op = 0;
  let buffer = 0;
  let bits = 0;
  let ip = 0;
  let width = 9;
  let next = 258;
  let old = -1;
  const write = (code: number): void => {
    const n = length[code];
    let at = op + n - 1;
    for (let c = code; c >= 0; c = prefix[c], at--) if (at < expected) out[at] = last[c];
    op += n;
  };
  while (op < expected) {
    while (bits < width && ip < input.length) {
      buffer = ((buffer & 0xffff) << 8) | input[ip++];
      bits += 8;
    }
    if (bits < width) break; // the data ended without the end code
    bits -= width;
    const code = (buffer >>> bits) & ((1 << width) - 1);
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      old = -1;
      continue;
    }
    if (old === -1) {
      if (code > 255) throw new Error(`LZW: code ${code} right after a clear; the strip is damaged`);
      write(code);
      old = code;
      continue;
    }
    if (code > next || next >= 4096) throw new Error(`LZW: code ${code} before its table entry (${next}); the strip is damaged`);
    // a new entry: the previous string and the first byte of this one (of the previous one when this code is that entry)
    prefix[next] = old;
    first[next] = first[old];
    last[next] = code === next ? first[old] : first[code];
    length[next] = length[old] + 1;
    write(code);
    next++;
    if (next === 511 || next === 1023 || next === 2047) width++;
    old = code;
  }
  return { bytes: out, length: Math.min(op, expected) };
}

/** PackBits: a count byte n, then n + 1 bytes as they are (n ≥ 0) or one byte 1 − n times (n < 0; −128 is skipped). */
export function packBits(input: Uint8Array, expected: number): { bytes: Uint8Array; length: number } {
  const out = new Uint8Array(expected);
  let ip = 0;
  let op = 0;
  while (op < expected && ip < input.length) {
    const n = (input[ip++] << 24) >> 24;
    if (n >= 0) {
      const end = Math.min(ip + n + 1, input.length);
      const take = Math.min(end - ip, expected - op);
      out.set(input.subarray(ip, ip + take), op);
      op += take;
      ip = end;
    } else if (n !== -128) {
      const v = input[ip++];
      const end = Math.min(op + 1 - n, expected);
      out.fill(v, op, end);
      op = end;
    }
  }
  return { bytes: out, length: op };
}

/** Undoes the horizontal-differencing predictor (TIFF 6.0 §14, predictor 2) in place: each row of `width` values a running sum. */
export function undoHorizontalDifferencing(values: { length: number; [n: number]: number }, width: number): void {
  for (let row = 0; row < values.length; row += width) for (let i = row + 1; i < row + width && i < values.length; i++) values[i] += values[i - 1];
}
