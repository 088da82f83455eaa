/**
 * TIFF stacks (.tif, .tiff): how microscopy, light-sheet and two-photon data leave Fiji, ImageJ, Bio-Formats and
 * tifffile. Each page is one z slice (x along a row, y down the rows). Classic TIFF and BigTIFF, either byte order,
 * strips or tiles, uncompressed, LZW, Deflate or PackBits, with or without the horizontal predictor (tiffDirectory.ts,
 * tiffCodecs.ts). Written here rather than taken from geotiff.js: its browser build splits into chunks and pulls Node's
 * http, which the pages' bundler cannot serve offline, and a grey stack needs a small part of TIFF.
 *
 * Voxel size, first found of: ImageJ's description (XResolution and YResolution in pixels per `unit`, `spacing` for
 * z), OME-XML's PhysicalSizeX/Y/Z (µm unless a PhysicalSize*Unit says otherwise), resolution tags in pixels per
 * centimetre (z then taken as x's, the tags having none); else 1 mm, reported as not in the file. TIFF says nothing of
 * orientation: the affine is the voxel size on its diagonal, as NIfTI takes a file with no orientation (qform and
 * sform codes 0).
 */
import { formatSize } from "./sizes.js";
import { MM_PER_UNIT } from "./lengthUnits.js";
import { TIFF_COMPRESSIONS_READ, TIFF_COMPRESSION_NAMES, decompress, undoHorizontalDifferencing, unreadCompression } from "./tiffCodecs.js";
import { TIFF_TAG as T, type TiffDirectory, readTiffDirectories } from "./tiffDirectory.js";
import { axisAlignedAffine, type Vec3, type Volume } from "./volume.js";
import { decodeVoxels, voxelTypeNamed, type VoxelType } from "./voxelDecode.js";

/** A stack's layout and voxel size, read from its page directories (no voxel decoded). */
export interface TiffHeader {
  dims: Vec3;
  /** The stored voxel type ("uint16", "float32"…). */
  typeName: string;
  /** The voxels' bytes once decoded. */
  voxelBytes: number;
  /** Voxel size in mm; 1 mm on axes the file gives none for. */
  spacing: Vec3;
  /** Where the voxel size came from, or null when the file gives none. */
  spacingFrom: "ImageJ" | "OME-XML" | "resolution tags" | null;
  /** What of the voxel size was assumed, not read ("z taken as x's: the file gives none"), or null. */
  spacingAssumed: string | null;
  /** Reduced-resolution or thumbnail pages skipped. */
  skippedPages: number;
  /** The compression of the first page ("none", "LZW", …). */
  compression: string;
}

/** True when the bytes start like a TIFF or BigTIFF, in either byte order. */
export function isTiff(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const [a, b, c, d] = head;
  if (a === 0x49 && b === 0x49) return (c === 42 || c === 43) && d === 0; // "II": little-endian
  if (a === 0x4d && b === 0x4d) return c === 0 && (d === 42 || d === 43); // "MM": big-endian
  return false;
}

/** The voxel type of each TIFF sample kind, "SampleFormat:BitsPerSample" (1 unsigned, 2 signed, 3 float); the writer reads it back. */
export const TIFF_SAMPLE_TYPES: Readonly<Record<string, string>> = {
  "1:8": "uint8",
  "2:8": "int8",
  "1:16": "uint16",
  "2:16": "int16",
  "1:32": "uint32",
  "2:32": "int32",
  "3:32": "float32",
  "3:64": "float64",
};

interface Stack {
  littleEndian: boolean;
  /** Each full-resolution page's directory and where its strips or tiles lie (checked). */
  pages: { dir: TiffDirectory; layout: PageLayout }[];
  type: VoxelType;
  header: TiffHeader;
}

/** The stack's header (layout, voxel size); Errors say what is wrong and what to do. */
export function readTiffHeader(bytes: Uint8Array): TiffHeader {
  return openStack(bytes).header;
}

/**
 * The Volume in a TIFF stack: every full-resolution page, in file order, one z slice each. A stack whose voxels take
 * more than `maxBytes` is refused before any is decoded.
 */
export function readTiff(bytes: Uint8Array, { maxBytes = 2 ** 31 }: { maxBytes?: number } = {}): Volume {
  const { pages, header, type, littleEndian } = openStack(bytes);
  if (header.voxelBytes > maxBytes) {
    throw new Error(
      `TIFF: ${header.dims.join("×")} ${header.typeName} voxels take ${formatSize(header.voxelBytes)}, over the ${formatSize(maxBytes)} this reader is allowed (maxBytes); crop or downsample the stack first`,
    );
  }
  const [nx, ny, nz] = header.dims;
  const data = new type.ArrayType(nx * ny * nz);
  for (let z = 0; z < nz; z++) {
    try {
      readPage(bytes, pages[z].dir, pages[z].layout, type, littleEndian, data, z * nx * ny);
    } catch (error) {
      throw new Error(`TIFF page ${z + 1} of ${nz}: ${(error as Error).message}`);
    }
  }
  return { data, dims: header.dims, spacing: header.spacing, affine: axisAlignedAffine(header.spacing) };
}

const num = (dir: TiffDirectory, tag: number, fallback: number): number => {
  const v = dir.get(tag);
  return Array.isArray(v) && v.length > 0 ? v[0] : fallback;
};
const list = (dir: TiffDirectory, tag: number): number[] => {
  const v = dir.get(tag);
  return Array.isArray(v) ? v : [];
};

interface PageLayout {
  width: number;
  height: number;
  tiled: boolean;
  blockWidth: number;
  blockHeight: number;
  across: number;
  blocks: number;
  offsets: number[];
  counts: number[];
}

/**
 * Where a page's strips or tiles lie, checked against the file before any is decoded: whole positive sizes, an offset
 * and a byte count for each block, each inside the file, and blocks that together decode to at most a few times the
 * page (a crafted directory could otherwise ask for gigabytes from a few bytes).
 */
function pageLayout(dir: TiffDirectory, typeBytes: number, fileBytes: number): PageLayout {
  const whole = (v: number) => Number.isInteger(v) && v > 0;
  const width = num(dir, T.width, 0);
  const height = num(dir, T.height, 0);
  const tiled = dir.has(T.tileWidth);
  const what = tiled ? "tile" : "strip";
  const blockWidth = tiled ? num(dir, T.tileWidth, 0) : width;
  const blockHeight = tiled ? num(dir, T.tileLength, 0) : Math.min(num(dir, T.rowsPerStrip, height), height);
  if (!whole(width) || !whole(height) || !whole(blockWidth) || !whole(blockHeight)) {
    throw new Error(`a ${width}×${height} page of ${blockWidth}×${blockHeight} ${what}s: not whole positive sizes; the file is damaged: save it again`);
  }
  const across = Math.ceil(width / blockWidth);
  const blocks = across * Math.ceil(height / blockHeight);
  if (blocks * blockWidth * blockHeight * typeBytes > Math.max(2 ** 24, 4 * width * height * typeBytes)) {
    throw new Error(`${blockWidth}×${blockHeight} ${what}s on a ${width}×${height} page; the file is damaged: save it again`);
  }
  const offsets = list(dir, tiled ? T.tileOffsets : T.stripOffsets);
  const counts = list(dir, tiled ? T.tileByteCounts : T.stripByteCounts);
  if (offsets.length < blocks) throw new Error(`${offsets.length} ${what} offsets for ${blocks} ${what}s; the file is cut short or damaged: save it again`);
  if (counts.length < blocks) {
    throw new Error(`${counts.length} ${what} byte counts for ${blocks} ${what}s (a file without them is not read); the file is damaged: save it again`);
  }
  for (let b = 0; b < blocks; b++) {
    const [start, count] = [offsets[b], counts[b]];
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > fileBytes) {
      throw new Error(
        `${what} ${b + 1} lies at bytes ${start}–${start + count}, past the file's ${fileBytes}; the file is cut short: save or download it again`,
      );
    }
    if (count === 0 && start !== 0) throw new Error(`${what} ${b + 1} has no bytes; the file is cut short or damaged: save it again`);
  }
  return { width, height, tiled, blockWidth, blockHeight, across, blocks, offsets, counts };
}

/** One page's voxels into `out` from `at`: its strips or tiles decompressed, un-predicted and put in place. */
function readPage(
  bytes: Uint8Array,
  dir: TiffDirectory,
  { width, height, tiled, blockWidth, blockHeight, across, blocks, offsets, counts }: PageLayout,
  type: VoxelType,
  littleEndian: boolean,
  out: Volume["data"],
  at: number,
): void {
  const compression = num(dir, T.compression, 1);
  const predictor = num(dir, T.predictor, 1);
  for (let b = 0; b < blocks; b++) {
    const bx = (b % across) * blockWidth;
    const by = Math.floor(b / across) * blockHeight;
    const rows = tiled ? blockHeight : Math.min(blockHeight, height - by);
    const values = rows * blockWidth;
    if (counts[b] === 0) continue; // an empty tile or strip (offset and count 0, as GDAL writes sparse files): its voxels stay 0
    let raw: Uint8Array;
    try {
      raw = decompress(compression, bytes.subarray(offsets[b], offsets[b] + counts[b]), values * type.bytes);
    } catch (error) {
      throw new Error(`${tiled ? "tile" : "strip"} ${b + 1} ${(error as Error).message}`);
    }
    const block = decodeVoxels(raw, 0, type, values, littleEndian, false);
    if (predictor === 2) undoHorizontalDifferencing(block, blockWidth);
    const w = Math.min(blockWidth, width - bx);
    for (let r = 0; r < rows && by + r < height; r++) {
      out.set(block.subarray(r * blockWidth, r * blockWidth + w) as never, at + (by + r) * width + bx);
    }
  }
}

function openStack(bytes: Uint8Array): Stack {
  if (!isTiff(bytes)) throw new Error("not a TIFF: it does not start with II*, MM*, II+ or MM+; check that the file was saved or downloaded whole");
  const { littleEndian, directories } = readTiffDirectories(bytes);
  if (directories.length === 0) throw new Error("TIFF: no pages; save the stack again");
  const first = directories[0];
  const text = (tag: number): string | null => {
    const v = first.get(tag);
    return typeof v === "string" ? v : null;
  };
  const description = text(T.description) ?? "";
  // full-resolution pages only: a NewSubfileType with bit 0 set marks a thumbnail or a pyramid level
  const pages = directories.filter((d) => (num(d, T.newSubfileType, 0) & 1) === 0);
  if (pages.length === 0) throw new Error("TIFF: only reduced-resolution pages; save the full-resolution stack");
  const page0 = pages[0];
  const nx = num(page0, T.width, 0);
  const ny = num(page0, T.height, 0);
  if (!(nx > 0 && ny > 0)) throw new Error(`TIFF: page 1 is ${nx}×${ny}; the file is damaged: save it again`);
  const samples = num(page0, T.samplesPerPixel, 1);
  if (samples !== 1) {
    throw new Error(
      `TIFF: ${samples} samples per pixel (${samples >= 3 ? "colour" : "grey and alpha"}); vessel-lab reads one grey value per voxel: save the stack as 8-, 16- or 32-bit grey (Fiji: Image ▸ Type ▸ 16-bit, or split the channels)`,
    );
  }
  const key = (d: TiffDirectory) => `${num(d, T.sampleFormat, 1)}:${num(d, T.bitsPerSample, 1)}`;
  const typeName = TIFF_SAMPLE_TYPES[key(page0)];
  if (!typeName) {
    const [format, bits] = key(page0).split(":");
    throw new Error(
      `TIFF: ${bits}-bit ${format === "3" ? "floating-point" : format === "2" ? "signed" : "unsigned"} samples; vessel-lab reads 8-, 16- and 32-bit integers and 32- or 64-bit floats: save the stack as 8-bit, 16-bit or 32-bit`,
    );
  }
  const type = voxelTypeNamed(typeName)!;
  const float = typeName.startsWith("float");
  let stripBytes = 0;
  const layouts = pages.map((page, z) => {
    const [w, h, s] = [num(page, T.width, 0), num(page, T.height, 0), num(page, T.samplesPerPixel, 1)];
    if (w !== nx || h !== ny || s !== 1 || key(page) !== key(page0)) {
      const other = TIFF_SAMPLE_TYPES[key(page)] ?? `type ${key(page)}`;
      throw new Error(
        `TIFF: page ${z + 1} is ${w}×${h}${s !== 1 ? ` with ${s} samples per pixel` : ""}${other !== typeName ? ` ${other}` : ""}, page 1 ${nx}×${ny} ${typeName}; a stack's pages must match: save it again as one stack (Fiji: Image ▸ Stacks ▸ Images to Stack)`,
      );
    }
    // what decoding would refuse, refused now: before any voxel is allocated, and in what info and the page report
    const compression = num(page, T.compression, 1);
    if (!TIFF_COMPRESSIONS_READ.has(compression)) throw new Error(`TIFF: ${unreadCompression(compression)}`);
    const predictor = num(page, T.predictor, 1);
    if (predictor !== 1 && !(predictor === 2 && !float)) {
      throw new Error(
        `TIFF: predictor ${predictor}${predictor === 3 ? " (floating point)" : ""} is not read by vessel-lab; save the stack without a predictor, or uncompressed`,
      );
    }
    // every block's bytes are its own: strips or tiles that share bytes (a crafted file decoding one stream thousands of times) are damage
    let layout: PageLayout;
    try {
      layout = pageLayout(page, type.bytes, bytes.length);
    } catch (error) {
      throw new Error(`TIFF page ${z + 1}: ${(error as Error).message}`);
    }
    stripBytes += layout.counts.reduce((sum, c) => sum + c, 0);
    if (stripBytes > bytes.length) throw new Error(`TIFF: strips or tiles that overlap (page ${z + 1}); the file is damaged: save it again`);
    const photometric = num(page, T.photometric, 1);
    if (photometric !== 1 && photometric !== 3) {
      throw new Error(
        photometric === 0
          ? "TIFF: stored white-is-zero (inverted grey), so bright vessels would read as dark; save it as ordinary black-is-zero grey"
          : `TIFF: photometric interpretation ${photometric} is not grey; save the stack as 8-, 16- or 32-bit grey`,
      );
    }
    return layout;
  });
  const nz = pages.length;
  const found = imageJSpacing(description, page0, nz) ?? omeSpacing(description, nz) ?? resolutionSpacing(page0);
  const compression = num(page0, T.compression, 1);
  return {
    littleEndian,
    pages: pages.map((dir, z) => ({ dir, layout: layouts[z] })),
    type,
    header: {
      dims: [nx, ny, nz],
      typeName,
      voxelBytes: nx * ny * nz * type.bytes,
      spacing: found?.spacing ?? [1, 1, 1],
      spacingFrom: found?.from ?? null,
      spacingAssumed: found?.assumed ?? null,
      skippedPages: directories.length - pages.length,
      compression: TIFF_COMPRESSION_NAMES[compression] ?? `code ${compression}`,
    },
  };
}

type Found = { spacing: Vec3; from: TiffHeader["spacingFrom"]; assumed?: string };

/** A TIFF rational tag's value (its quotient), or null when absent or not positive. */
function rational(page: TiffDirectory, tag: number): number | null {
  const value = num(page, tag, NaN);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function unitMm(unit: string | undefined, what: string): number {
  const mm = MM_PER_UNIT[(unit ?? "").trim().toLowerCase()];
  if (mm === undefined) {
    throw new Error(
      `TIFF ${what}: unit ${JSON.stringify(unit)} is not a length vessel-lab knows (m, cm, mm, µm, micron, nm, inch); set the unit in Fiji (Image ▸ Properties) and save again`,
    );
  }
  return mm;
}

/** ImageJ's calibration: `unit=`, `spacing=` (z) and the resolution tags (x, y); also refuses hyperstacks of several channels or time points. */
function imageJSpacing(description: string, page: TiffDirectory, pages: number): Found | null {
  if (!description.startsWith("ImageJ=")) return null;
  const meta = new Map<string, string>();
  for (const line of description.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) meta.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const count = (key: string): number => Number(meta.get(key) ?? 1);
  const [channels, frames, slices] = [count("channels"), count("frames"), count("slices")];
  if (channels > 1) {
    throw new Error(
      `TIFF (ImageJ): a hyperstack of ${channels} channels; vessel-lab segments one channel: save the vessel channel alone (Fiji: Image ▸ Color ▸ Split Channels)`,
    );
  }
  if (frames > 1) {
    throw new Error(
      slices > 1
        ? `TIFF (ImageJ): ${frames} time points of ${slices} slices each; vessel-lab reads one 3D volume: save one time point (Fiji: Image ▸ Duplicate…, one frame)`
        : `TIFF (ImageJ): ${frames} time points, no z slices; if the pages are z slices, set Slices (z) to ${frames} and Frames (t) to 1 in Fiji (Image ▸ Properties) and save again`,
    );
  }
  if (meta.has("images") && count("images") !== pages) {
    throw new Error(
      pages === 1
        ? `TIFF (ImageJ): the description says ${count("images")} images but the file has one page directory: ImageJ's layout for stacks over 4 GiB, which vessel-lab does not read (it reads up to 2 GiB); crop or downsample the stack in Fiji and save it again`
        : `TIFF (ImageJ): the description says ${count("images")} images but the file holds ${pages} pages; the file is cut short or damaged: save it again`,
    );
  }
  const unit = meta.get("unit");
  const zText = Math.abs(Number(meta.get("spacing") ?? 1)); // ImageJ takes the step's size
  const z = Number.isFinite(zText) && zText > 0 ? zText : 1;
  if (unit === undefined || /^(pixels?|)$/i.test(unit)) {
    // uncalibrated (ImageJ's pixel units): resolution tags in centimetres, if any, else only the voxels' shape (z's step)
    const tags = resolutionSpacing(page);
    // ImageJ then takes the tags' centimetres as the unit, `spacing` (z's step) in it too
    if (tags) return meta.has("spacing") ? { spacing: [tags.spacing[0], tags.spacing[1], z * 10], from: "ImageJ" } : tags;
    return z === 1 ? null : { spacing: [1, 1, z], from: "ImageJ", assumed: `in pixels (uncalibrated): 1 mm taken per pixel, z ${z}` };
  }
  // as ImageJ reads a pixel's size (TiffDecoder, then FileOpener): 1 / resolution in the description's unit; 72 dpi
  // (a default, not a measurement) is 1; resolution per centimetre with the unit "um" is turned from cm into µm
  const x = rational(page, T.xResolution);
  const y = rational(page, T.yResolution);
  const resolutionUnit = num(page, T.resolutionUnit, 2);
  const size = (r: number | null): number => {
    if (r === null || (resolutionUnit === 2 && r === 72)) return 1;
    return resolutionUnit === 3 && unit === "um" ? 1e4 / r : 1 / r;
  };
  const mm = unitMm(unit, "(ImageJ)");
  const sx = size(x);
  return { spacing: [sx * mm, (y === null ? sx : size(y)) * mm, z * mm], from: "ImageJ" };
}

/** OME-XML's first Image: one channel, one time point, PhysicalSizeX/Y/Z in their units (µm unless given). */
function omeSpacing(description: string, pages: number): Found | null {
  if (!/<OME[\s>]/.test(description)) return null;
  const images = description.match(/<Image[\s>]/g)?.length ?? 0;
  if (images > 1) {
    throw new Error(
      `TIFF (OME): ${images} images (series) in one file; vessel-lab reads one: save the series you want alone (Fiji with Bio-Formats: open it, then File ▸ Save As ▸ Tiff)`,
    );
  }
  const tag = /<Pixels\s[^>]*>/.exec(description)?.[0];
  if (!tag) return null;
  const attr = (name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const size = (name: string): number => Number(attr(name) ?? 1);
  if (size("SizeC") > 1) throw new Error(`TIFF (OME): ${size("SizeC")} channels; vessel-lab segments one: save the vessel channel alone`);
  if (size("SizeT") > 1) throw new Error(`TIFF (OME): ${size("SizeT")} time points; vessel-lab reads one 3D volume: save one time point`);
  if (attr("SizeZ") !== undefined && size("SizeZ") !== pages) {
    throw new Error(
      `TIFF (OME): SizeZ is ${size("SizeZ")} but the file holds ${pages} pages; the file is cut short, or its planes are in other files: save it as one stack`,
    );
  }
  const axis = (a: "X" | "Y" | "Z"): number | null => {
    const v = attr(`PhysicalSize${a}`);
    if (v === undefined) return null;
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`TIFF (OME): PhysicalSize${a}="${v}" is not a positive number; fix the metadata or save again`);
    return n * unitMm(attr(`PhysicalSize${a}Unit`) ?? "µm", `(OME) PhysicalSize${a}Unit`);
  };
  const [x, y, z] = [axis("X"), axis("Y"), axis("Z")];
  if (x === null && y === null && z === null) return null;
  const inPlane = x ?? y ?? z!;
  const missing = (["X", "Y", "Z"] as const).filter((_, a) => [x, y, z][a] === null);
  return {
    spacing: [x ?? inPlane, y ?? inPlane, z ?? inPlane],
    from: "OME-XML",
    ...(missing.length ? { assumed: `no PhysicalSize${missing.join(", ")}: taken as ${x !== null ? "X" : y !== null ? "Y" : "Z"}'s` } : {}),
  };
}

/** Resolution tags in pixels per centimetre (ResolutionUnit 3); inches (the default, 2) are a printer's, not a scanner's. */
function resolutionSpacing(page: TiffDirectory): Found | null {
  if (num(page, T.resolutionUnit, 2) !== 3) return null;
  const x = rational(page, T.xResolution);
  const y = rational(page, T.yResolution);
  if (x === null && y === null) return null;
  const inPlane = 10 / (x ?? y)!;
  return {
    spacing: [x ? 10 / x : inPlane, y ? 10 / y : inPlane, x ? 10 / x : inPlane],
    from: "resolution tags",
    assumed: "z taken as x's (resolution tags have none)",
  };
}
