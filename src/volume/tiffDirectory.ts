/**
 * A TIFF file's page directories (IFDs), as TIFF 6.0 and BigTIFF lay them out: the byte order, then a chain of
 * directories, each a list of tagged values. Only what a stack of grey pages needs is interpreted (tiff.ts); every
 * offset is checked against the file, so a cut or damaged file is an Error, never a read past its end.
 */

/** One page directory: its tags' values (numbers, a rational as its quotient; text as one string). */
export type TiffDirectory = Map<number, number[] | string>;

export interface TiffFile {
  littleEndian: boolean;
  bigTiff: boolean;
  directories: TiffDirectory[];
}

export const TIFF_TAG = {
  newSubfileType: 254,
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  description: 270,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  xResolution: 282,
  yResolution: 283,
  planarConfiguration: 284,
  resolutionUnit: 296,
  software: 305,
  predictor: 317,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  sampleFormat: 339,
} as const;

type Read = (view: DataView, at: number, le: boolean) => number;

/** Each TIFF field type (1 BYTE … 18 IFD8): its bytes and how one value is read (a rational as its quotient). */
const FIELD_TYPES: Record<number, { bytes: number; read: Read }> = {
  1: { bytes: 1, read: (v, p) => v.getUint8(p) },
  2: { bytes: 1, read: (v, p) => v.getUint8(p) }, // ASCII, read as text
  3: { bytes: 2, read: (v, p, le) => v.getUint16(p, le) },
  4: { bytes: 4, read: (v, p, le) => v.getUint32(p, le) },
  5: { bytes: 8, read: (v, p, le) => v.getUint32(p, le) / v.getUint32(p + 4, le) },
  6: { bytes: 1, read: (v, p) => v.getInt8(p) },
  7: { bytes: 1, read: (v, p) => v.getUint8(p) },
  8: { bytes: 2, read: (v, p, le) => v.getInt16(p, le) },
  9: { bytes: 4, read: (v, p, le) => v.getInt32(p, le) },
  10: { bytes: 8, read: (v, p, le) => v.getInt32(p, le) / v.getInt32(p + 4, le) },
  11: { bytes: 4, read: (v, p, le) => v.getFloat32(p, le) },
  12: { bytes: 8, read: (v, p, le) => v.getFloat64(p, le) },
  13: { bytes: 4, read: (v, p, le) => v.getUint32(p, le) },
  16: { bytes: 8, read: (v, p, le) => Number(v.getBigUint64(p, le)) },
  17: { bytes: 8, read: (v, p, le) => Number(v.getBigInt64(p, le)) },
  18: { bytes: 8, read: (v, p, le) => Number(v.getBigUint64(p, le)) },
};

/** More pages than any stack vessel-lab could hold: a directory chain this long is taken for a loop or damage. */
const MAX_PAGES = 1 << 20;

function damaged(what: string): Error {
  return new Error(`TIFF: ${what}; the file is cut short or damaged: save or download it again`);
}

/** The byte order, the kind (classic or BigTIFF) and every directory of a TIFF file, in chain order. */
export function readTiffDirectories(bytes: Uint8Array): TiffFile {
  if (bytes.length < 8) throw damaged(`${bytes.length} bytes, fewer than a TIFF header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = bytes[0] === 0x49;
  const version = view.getUint16(2, littleEndian);
  const bigTiff = version === 43;
  const u16 = (at: number) => view.getUint16(at, littleEndian);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  const u64 = (at: number) => {
    const high = view.getUint32(at + (littleEndian ? 4 : 0), littleEndian);
    if (high >= 2 ** 21) throw damaged(`an offset past 2^53 bytes at byte ${at}`);
    return high * 2 ** 32 + view.getUint32(at + (littleEndian ? 0 : 4), littleEndian);
  };
  if (bigTiff && (bytes.length < 16 || u16(4) !== 8)) throw damaged("a BigTIFF header whose offsets are not 8 bytes");
  const inFile = (at: number, length: number, what: string) => {
    if (!(at >= 0 && at + length <= bytes.length)) throw damaged(`${what} at bytes ${at}–${at + length} of ${bytes.length}`);
  };
  const directories: TiffDirectory[] = [];
  const seen = new Set<number>();
  const wanted = new Set<number>(Object.values(TIFF_TAG));
  let entries = 0; // directories that overlap can list more entries than the file has room for: refused
  // values out of line, each read once however many directories point at them (a crafted file can point thousands of
  // directories at one long array); their distinct bytes cannot exceed the file's
  const memo = new Map<string, number[] | string>();
  let valueBytes = 0;
  let next = bigTiff ? u64(8) : u32(4);
  while (next !== 0) {
    if (seen.has(next) || directories.length >= MAX_PAGES) throw damaged(`page directory ${directories.length + 1} loops back`);
    seen.add(next);
    inFile(next, bigTiff ? 8 : 2, `page directory ${directories.length + 1}`);
    const count = bigTiff ? u64(next) : u16(next);
    const entrySize = bigTiff ? 20 : 12;
    const first = next + (bigTiff ? 8 : 2);
    inFile(first, count * entrySize + (bigTiff ? 8 : 4), `page directory ${directories.length + 1}'s ${count} entries`);
    entries += count;
    if (entries * entrySize > bytes.length) throw damaged(`page directories that overlap (${entries} entries in ${bytes.length} bytes)`);
    const dir: TiffDirectory = new Map();
    for (let e = 0; e < count; e++) {
      const at = first + e * entrySize;
      const tag = u16(at);
      const type = u16(at + 2);
      const n = bigTiff ? u64(at + 4) : u32(at + 4);
      const size = FIELD_TYPES[type]?.bytes;
      // only the tags a grey stack needs are read: a private tag (a microscope's metadata) is neither read nor checked
      if (size === undefined || !wanted.has(tag)) continue;
      const inline = size * n <= (bigTiff ? 8 : 4);
      const valueAt = inline ? at + (bigTiff ? 12 : 8) : bigTiff ? u64(at + 12) : u32(at + 8);
      inFile(valueAt, size * n, `tag ${tag}'s ${n} values`);
      const key = `${valueAt}:${type}:${n}`;
      let value = inline ? undefined : memo.get(key);
      if (value === undefined) {
        if (!inline) {
          valueBytes += size * n;
          if (valueBytes > bytes.length) throw damaged(`tag values that overlap (${valueBytes} bytes of them in a ${bytes.length}-byte file)`);
        }
        value = type === 2 ? ascii(bytes, valueAt, n) : values(view, valueAt, type, n, littleEndian);
        if (!inline) memo.set(key, value);
      }
      dir.set(tag, value);
    }
    directories.push(dir);
    const link = first + count * entrySize;
    next = bigTiff ? u64(link) : u32(link);
  }
  return { littleEndian, bigTiff, directories };
}

/** A text tag: UTF-8 as OME-XML and most writers store it (µm is two bytes), else Latin-1. */
function ascii(bytes: Uint8Array, at: number, n: number): string {
  const raw = bytes.subarray(at, at + n);
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    s = new TextDecoder("latin1").decode(raw);
  }
  return s.replace(/\0+$/, "");
}

function values(view: DataView, at: number, type: number, n: number, le: boolean): number[] {
  const { bytes, read } = FIELD_TYPES[type];
  return Array.from({ length: n }, (_, i) => read(view, at + i * bytes, le));
}
