/**
 * Compressed DICOM pixel data: the transfer syntaxes a scanner or PACS export uses to store slices compressed, and the
 * decoders vessel-lab reads them with. Each decoder turns one frame's encoded bytes into its pixels as the uncompressed
 * syntaxes store them (little endian, BitsAllocated a pixel), so the series is put together as from uncompressed files.
 *
 * - RLE Lossless (DICOM's own, PS3.5 Annex G): a byte plane a segment, each PackBits-coded; decoded here with the TIFF
 *   reader's PackBits.
 * - Lossless JPEG (process 14, first-order prediction or any): jpeg-lossless-decoder-js (pure JavaScript, cornerstone's).
 * - JPEG-LS (lossless and near-lossless): CharLS, compiled to WebAssembly by cornerstone (@cornerstonejs/codec-charls).
 * - JPEG 2000 (lossless and lossy): OpenJPEG, likewise (@cornerstonejs/codec-openjpeg).
 *
 * RLE and lossless JPEG are always at hand. CharLS and OpenJPEG are loaded only when a series needs them: in Node,
 * synchronously on first use (installSyncCodecLoader, nodeCodecs.ts); in the pages' read worker (src/workers/read.ts),
 * by `await loadDicomCodecs(...)` before the series is read (their WebAssembly held inline in ES modules that
 * scripts/build-codecs.mjs bundles into dicomCodecs.generated/, so no .wasm file is fetched).
 * Refused with the fix: lossy baseline and extended JPEG (8- and 12-bit), HTJ2K, and syntaxes not listed.
 */
import { Decoder as JpegLosslessDecoder } from "jpeg-lossless-decoder-js";
import { readMetaHeader } from "./dicomMeta.js";
import { packBits } from "./tiffCodecs.js";

/** The decoders vessel-lab has for compressed DICOM pixel data. */
export type DicomCodec = "rle" | "jpeg-lossless" | "jpeg-ls" | "jpeg2000";

/** The compressed transfer syntaxes a user meets: their name, and the decoder that reads them (null: refused). */
export const COMPRESSED_SYNTAXES: Record<string, { name: string; codec: DicomCodec | null }> = {
  "1.2.840.10008.1.2.4.50": { name: "lossy baseline JPEG", codec: null },
  "1.2.840.10008.1.2.4.51": { name: "lossy 12-bit JPEG", codec: null },
  "1.2.840.10008.1.2.4.57": { name: "lossless JPEG", codec: "jpeg-lossless" },
  "1.2.840.10008.1.2.4.70": { name: "lossless JPEG", codec: "jpeg-lossless" },
  "1.2.840.10008.1.2.4.80": { name: "JPEG-LS", codec: "jpeg-ls" },
  "1.2.840.10008.1.2.4.81": { name: "near-lossless JPEG-LS", codec: "jpeg-ls" },
  "1.2.840.10008.1.2.4.90": { name: "lossless JPEG 2000", codec: "jpeg2000" },
  "1.2.840.10008.1.2.4.91": { name: "JPEG 2000", codec: "jpeg2000" },
  "1.2.840.10008.1.2.4.201": { name: "HTJ2K", codec: null },
  "1.2.840.10008.1.2.4.202": { name: "HTJ2K", codec: null },
  "1.2.840.10008.1.2.4.203": { name: "HTJ2K", codec: null },
  "1.2.840.10008.1.2.5": { name: "RLE", codec: "rle" },
};

/** What a decoder needs to know of a frame, from the data set. */
export interface FrameShape {
  rows: number;
  columns: number;
  /** 8, 16 or 32. */
  bitsAllocated: number;
}

/** One frame's encoded bytes to its pixels: rows × columns × bitsAllocated / 8 bytes, little endian. Throws saying what is wrong. */
export type FrameDecoder = (encoded: Uint8Array, shape: FrameShape) => Uint8Array;

/** CharLS's and OpenJPEG's decoder objects (Embind classes of their Emscripten modules). */
interface EmscriptenDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  delete(): void;
}
/** An Emscripten module of CharLS (JpegLSDecoder) or OpenJPEG (J2KDecoder). */
export type CodecModule = { JpegLSDecoder?: new () => EmscriptenDecoder; J2KDecoder?: new () => EmscriptenDecoder };

/** The codecs built from a WebAssembly module: JPEG-LS and JPEG 2000. */
export type WasmCodec = "jpeg-ls" | "jpeg2000";

const NAMES: Record<WasmCodec, string> = { "jpeg-ls": "JPEG-LS", jpeg2000: "JPEG 2000" };

const decoders = new Map<DicomCodec, FrameDecoder>([
  ["rle", decodeRle],
  ["jpeg-lossless", decodeJpegLossless],
]);
let syncLoader: ((codec: WasmCodec) => CodecModule) | null = null;

/** Where a codec that needs its module can get it synchronously (Node: nodeCodecs.ts), so reading stays synchronous. */
export function installSyncCodecLoader(loader: (codec: WasmCodec) => CodecModule): void {
  syncLoader = loader;
}

/** The decoder of a compressed transfer syntax's codec: at hand, or loaded synchronously where a loader is installed. */
export function frameDecoder(codec: DicomCodec): FrameDecoder {
  const known = decoders.get(codec);
  if (known) return known;
  if (!syncLoader) throw new Error(`the ${codec} decoder is not loaded: call loadDicomCodecs(["${codec}"]) before reading the series (a bug in the caller)`);
  const decoder = wasmDecoder(codec as WasmCodec, syncLoader(codec as WasmCodec));
  decoders.set(codec, decoder);
  return decoder;
}

/**
 * Loads the decoders `codecs` need that are not at hand (a page's way: their inline-WebAssembly modules, imported on
 * demand so a page that reads no compressed series loads none of them).
 */
export async function loadDicomCodecs(codecs: Iterable<DicomCodec>): Promise<void> {
  for (const codec of new Set(codecs)) {
    if (decoders.has(codec)) continue;
    const factory =
      codec === "jpeg-ls"
        ? (await import("./dicomCodecs.generated/charls.js")).default
        : codec === "jpeg2000"
          ? (await import("./dicomCodecs.generated/openjpeg.js")).default
          : null;
    if (!factory) continue;
    const module = (await factory({ print: () => {}, printErr: () => {} })) as CodecModule;
    if (!decoders.has(codec)) decoders.set(codec, wasmDecoder(codec as WasmCodec, module));
  }
}

/** The codecs the DICOM files among `files` need (their transfer syntaxes, read from each file's meta header). */
export function dicomCodecsOf(files: readonly Uint8Array[]): Set<DicomCodec> {
  const needed = new Set<DicomCodec>();
  for (const bytes of files) {
    const codec = COMPRESSED_SYNTAXES[transferSyntaxOf(bytes)]?.codec;
    if (codec) needed.add(codec);
  }
  return needed;
}

/** A Part 10 file's TransferSyntaxUID ("" where the meta header cannot be read: the full parse names the problem). */
export function transferSyntaxOf(bytes: Uint8Array): string {
  return readMetaHeader(bytes)?.syntax ?? "";
}

function wasmDecoder(codec: WasmCodec, module: CodecModule): FrameDecoder {
  const Make = codec === "jpeg-ls" ? module.JpegLSDecoder : module.J2KDecoder;
  if (!Make) throw new Error(`the ${codec} module has no decoder class (a wrong build of its package)`);
  return (encoded, shape) => {
    const decoder = new Make();
    try {
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      const damaged = new Error(`its ${NAMES[codec]} data cannot be decoded: a damaged file`);
      try {
        decoder.decode();
      } catch {
        throw damaged; // CharLS throws a C++ exception: a pointer, nothing to quote
      }
      const info = decoder.getFrameInfo();
      if (info.componentCount === 0 || info.width === 0) throw damaged; // OpenJPEG reports a failure and returns
      if (info.componentCount !== 1) throw new Error(`its ${NAMES[codec]} data hold ${info.componentCount} colour components, not one grey`);
      // OpenJPEG's wrapper clamps samples of 8 bits or fewer to 0–255, so a signed one would lose its negative values
      if (info.isSigned && info.bitsPerSample <= 8)
        throw new Error(
          `its ${NAMES[codec]} data are signed ${info.bitsPerSample}-bit samples, which the decoder vessel-lab uses cannot keep negative; decompress the series with gdcmconv --raw, or convert it with dcm2niix`,
        );
      if (info.width !== shape.columns || info.height !== shape.rows)
        throw new Error(`its ${NAMES[codec]} data are ${info.width}×${info.height} pixels, not the header's ${shape.columns}×${shape.rows}`);
      return toAllocated(decoder.getDecodedBuffer().slice(), info.bitsPerSample <= 8 ? 1 : 2, shape);
    } finally {
      decoder.delete();
    }
  };
}

function decodeJpegLossless(encoded: Uint8Array, shape: FrameShape): Uint8Array {
  const decoder = new JpegLosslessDecoder();
  let out: ArrayBuffer;
  try {
    const copy = new Uint8Array(encoded); // a copy: the decoder reads its ArrayBuffer from the start (a Node Buffer's slice() would share the file's)
    out = decoder.decompress(copy.buffer, 0, copy.length);
  } catch (error) {
    throw new Error(`its lossless JPEG data cannot be decoded (${(error as Error).message ?? error}): a damaged file`);
  }
  if (decoder.numComp !== 1) throw new Error(`its lossless JPEG data hold ${decoder.numComp} colour components, not one grey`);
  if (decoder.xDim !== shape.columns || decoder.yDim !== shape.rows)
    throw new Error(`its lossless JPEG data are ${decoder.xDim}×${decoder.yDim} pixels, not the header's ${shape.columns}×${shape.rows}`);
  return toAllocated(new Uint8Array(out), decoder.numBytes, shape);
}

/**
 * A decoder's pixels (`bytesPer` bytes each, little endian) as BitsAllocated stores them: the same bytes, or widened
 * where an 8-bit codestream was stored in 16 bits.
 */
function toAllocated(pixels: Uint8Array, bytesPer: number, shape: FrameShape): Uint8Array {
  const count = shape.rows * shape.columns;
  const want = shape.bitsAllocated / 8;
  if (pixels.length < count * bytesPer) throw new Error(`its compressed data decode to ${pixels.length} bytes, short of ${count} pixels`);
  if (bytesPer === want) return pixels.length === count * want ? pixels : pixels.subarray(0, count * want);
  if (bytesPer > want) throw new Error(`its compressed data hold ${8 * bytesPer}-bit pixels, more than BitsAllocated (${shape.bitsAllocated})`);
  const out = new Uint8Array(count * want);
  for (let n = 0; n < count; n++) for (let b = 0; b < bytesPer; b++) out[n * want + b] = pixels[n * bytesPer + b];
  return out;
}

/**
 * DICOM RLE (PS3.5 Annex G): a 64-byte header (the number of segments, then each segment's offset), then one
 * PackBits-coded segment a byte plane, the most significant plane first; a grey pixel of BitsAllocated b has b / 8 planes.
 */
function decodeRle(encoded: Uint8Array, shape: FrameShape): Uint8Array {
  const count = shape.rows * shape.columns;
  const planes = shape.bitsAllocated / 8;
  if (encoded.length < 64) throw new Error(`its RLE data are ${encoded.length} bytes, shorter than the 64-byte RLE header: a damaged file`);
  const header = new DataView(encoded.buffer, encoded.byteOffset, 64);
  const segments = header.getUint32(0, true);
  if (segments !== planes)
    throw new Error(
      `its RLE data hold ${segments} segments, not the ${planes} of one grey sample of ${shape.bitsAllocated} bits${segments === 3 * planes ? " (a colour image)" : ": a damaged file"}`,
    );
  const out = new Uint8Array(count * planes);
  for (let s = 0; s < segments; s++) {
    const start = header.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? header.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || end > encoded.length || end < start) throw new Error(`its RLE segment ${s + 1} lies outside the data (${start}–${end}): a damaged file`);
    const plane = packBits(encoded.subarray(start, end), count);
    if (plane.length < count) throw new Error(`its RLE segment ${s + 1} decodes to ${plane.length} bytes, short of ${count} pixels: a damaged file`);
    const byte = planes - 1 - s; // the first segment is the most significant byte; little endian puts it last
    for (let n = 0; n < count; n++) out[n * planes + byte] = plane.bytes[n];
  }
  return out;
}
