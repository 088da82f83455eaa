/**
 * Node's side of writing samples: fast gzip through Node's zlib, SHA-256 through node:crypto,
 * and the sample's files written atomically under a data set's folder.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { constants, gzipSync } from "node:zlib";
import { encodeSample, type EncodeOptions, type ManifestEntry, type ManifestFile, type Sample, type SampleFileKind } from "../dataset/index.js";
import type { Volume } from "../volume/index.js";
import { writeOutput } from "./files.js";

/**
 * .nii → .nii.gz through Node's zlib (several times faster than fflate). Noisy images (float32,
 * or int16 quantised from a float volume) hardly compress, so they get Huffman coding only (no
 * match search: an int16 128³ image, 3.5–4 MB either way, takes 30 ms instead of 85 ms at level 1);
 * images where a quarter or more of the voxels repeat their neighbour (CT's air at −1024 HU, a
 * fraction map's zeros) get LZ77 at level 1, which is then faster and smaller. Label maps (integer
 * arrays) get run-length matches only (Z_RLE: a 128³ label in 2.4 ms and 9.5 kB, against 9.7 ms
 * and 9.2 kB at level 6). The choice depends on `volume`'s voxels alone (repeats counted on every
 * 8th voxel), so the same volume always gives the same bytes.
 */
/** Writes uncompressed NIfTI bytes of `volume` to `path`: as they are for a .nii name, else gzipped (fastGzip), as `generate` does. */
export function writeNiftiFile(path: string, nifti: Uint8Array, volume: Volume): void {
  writeOutput(path, /\.nii$/i.test(path) ? nifti : fastGzip(nifti, volume));
}

export function fastGzip(nifti: Uint8Array, volume: Volume): Uint8Array {
  const data = volume.data;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return gzipSync(nifti, { level: 6, strategy: constants.Z_RLE });
  let repeats = 0,
    pairs = 0;
  for (let i = 1; i < data.length; i += 8, pairs++) if (data[i] === data[i - 1]) repeats++;
  if (repeats > 0.25 * pairs) return gzipSync(nifti, { level: 1 });
  return gzipSync(nifti, { level: 6, strategy: constants.Z_HUFFMAN_ONLY });
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Encodes a sample and writes its files under `dir` (each atomically: temporary name, then
 * rename), returning the manifest line to append once they are all in place.
 */
export function writeSample(dir: string, sample: Sample, options: EncodeOptions): ManifestEntry {
  const files: Partial<Record<SampleFileKind, ManifestFile>> = {};
  for (const file of encodeSample(sample, { compress: fastGzip, ...options })) {
    writeOutput(join(dir, file.path), file.bytes);
    files[file.kind] = { path: file.path, bytes: file.bytes.length, sha256: sha256(file.bytes), dtype: file.dtype };
  }
  return { kind: "sample", ...sample.record, files };
}

/** Whether every file a manifest line lists is under `dir` with its recorded size and SHA-256. */
export function sampleIntact(dir: string, entry: ManifestEntry, kinds: readonly SampleFileKind[]): boolean {
  for (const kind of kinds) {
    const file = entry.files?.[kind];
    if (!file || typeof file.path !== "string") return false;
    const path = join(dir, file.path);
    try {
      if (statSync(path).size !== file.bytes) return false;
      if (sha256(readFileSync(path)) !== file.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}
