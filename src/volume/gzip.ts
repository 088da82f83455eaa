import { gunzipSync, gzipSync } from "fflate";

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The decompressed bytes of a gzip stream. Throws "gzip stream is corrupt (…)" on a damaged or truncated stream. */
export function gunzip(bytes: Uint8Array): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new Error(`gzip stream is corrupt (${(error as Error).message}); the file is damaged or was cut short: download or export it again`);
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
