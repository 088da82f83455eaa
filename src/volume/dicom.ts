/**
 * DICOM series: the files a CT or MR scanner exports, one 2D slice a file, read into one Volume. The files are parsed
 * by dicom-parser (cornerstone's Part 10 parser); what is vessel-lab's is putting the slices together as dcm2niix and
 * ITK do: slices grouped by SeriesInstanceUID, ordered along the normal of their common orientation by
 * ImagePositionPatient, checked to be evenly spaced, and the affine built from the patient coordinates (LPS) turned
 * to RAS. Voxels are the stored values through RescaleSlope and RescaleIntercept (CT's Hounsfield units).
 *
 * Read: uncompressed transfer syntaxes (implicit and explicit VR little endian, explicit big endian, deflated) and
 * compressed pixel data (RLE, lossless JPEG, JPEG-LS, JPEG 2000: dicomCodecs.ts), 8-, 16- and 32-bit grey pixels, one
 * slice a file or enhanced multi-frame files (each frame's geometry from its functional groups). Refused with what to
 * do: lossy baseline and 12-bit JPEG, HTJ2K, colour, multi-frame files without per-frame positions, several series or
 * several volumes in one folder, missing slices. A gantry-tilted series is resampled onto an orthogonal grid, as dcm2niix does.
 */
import dicomParser from "dicom-parser";
import { Inflate } from "fflate";
import { cross, dot, length, normalise } from "../geometry/index.js";
import { COMPRESSED_SYNTAXES, type DicomCodec, type FrameShape, frameDecoder } from "./dicomCodecs.js";
import { readMetaHeader } from "./dicomMeta.js";
import { feedInSteps } from "./gzip.js";
import { lpsToRas } from "./metaImage.js";
import { formatSize } from "./sizes.js";
import { voxelTypeNamed } from "./voxelDecode.js";
import type { Affine, Vec3, Volume } from "./volume.js";

/** "DICM" after the 128-byte preamble: a DICOM Part 10 file. */
export function isDicom(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** The transfer syntaxes whose pixel data are stored as they are (the deflated one's data set is inflated first: parseDataSet). */
const UNCOMPRESSED: Record<string, { littleEndian: boolean }> = {
  "1.2.840.10008.1.2": { littleEndian: true },
  "1.2.840.10008.1.2.1": { littleEndian: true },
  "1.2.840.10008.1.2.1.99": { littleEndian: true },
  "1.2.840.10008.1.2.2": { littleEndian: false },
};

const TAG = {
  transferSyntax: "x00020010",
  sopClass: "x00080016",
  seriesDescription: "x0008103e",
  seriesNumber: "x00200011",
  seriesUid: "x0020000e",
  instanceNumber: "x00200013",
  position: "x00200032",
  orientation: "x00200037",
  spacingBetweenSlices: "x00180088",
  sliceThickness: "x00180050",
  samplesPerPixel: "x00280002",
  photometric: "x00280004",
  frames: "x00280008",
  rows: "x00280010",
  columns: "x00280011",
  pixelSpacing: "x00280030",
  bitsAllocated: "x00280100",
  bitsStored: "x00280101",
  pixelRepresentation: "x00280103",
  intercept: "x00281052",
  slope: "x00281053",
  pixelData: "x7fe00010",
  floatPixelData: "x7fe00008",
  spectroscopyData: "x56000020",
  doubleFloatPixelData: "x7fe00009",
  sharedGroups: "x52009229",
  perFrameGroups: "x52009230",
  planePosition: "x00209113",
  planeOrientation: "x00209116",
  pixelMeasures: "x00289110",
  pixelValueTransform: "x00289145",
} as const;

/** What vessel-lab needs of one DICOM image file; its pixels stay in the file (or compressed) until the series is read. */
export interface DicomSlice {
  name: string;
  seriesUid: string;
  /** "3 'AX T1 post'": the series number and description, for messages. */
  seriesLabel: string;
  rows: number;
  columns: number;
  /** ImagePositionPatient (LPS mm): the centre of the first voxel; null when the file has none. */
  position: Vec3 | null;
  /** ImageOrientationPatient: the direction of the rows (along which the column index grows), then of the columns. */
  orientation: [Vec3, Vec3] | null;
  /** PixelSpacing: between rows, then between columns (mm). */
  pixelSpacing: [number, number] | null;
  /** SpacingBetweenSlices or else SliceThickness (mm), for a series of one slice; null when neither is given. */
  sliceSpacing: number | null;
  instanceNumber: number;
  slope: number;
  intercept: number;
  bitsAllocated: 8 | 16 | 32;
  bitsStored: number;
  signed: boolean;
  littleEndian: boolean;
  /** The compression its file's pixels were stored in ("JPEG-LS"), decoded when the file was read; null when stored as they are. */
  compression: string | null;
  /** The file's bytes (the data set inflated, for a deflated file); the slices of one file share them. */
  bytes: Uint8Array;
  /** The slice's stored pixels, as uncompressed files hold them: the file's bytes and where they lie, or a compressed file's frames decoded (on first call, once a file). */
  pixels: () => { bytes: Uint8Array; offset: number };
  /** What decoding the slice's compressed pixels allocates (0 when stored as they are), for a budget to be checked first. */
  decodedBytes: number;
}

/** A DICOM file that is not an image (no pixel data): skipped and counted, not refused. */
export class NotAnImage extends Error {}

/** One series among the files given, for a user to choose from: its SeriesInstanceUID, "series 5 'TOF'", its image slices and their size. */
export interface SeriesSummary {
  uid: string;
  label: string;
  slices: number;
  columns: number;
  rows: number;
  /** Why vessel-lab cannot read it (a colour screenshot, a MONOCHROME1 image…), where one of its files says so. */
  refused?: string;
  /** Refused for its size alone (more than a page allows itself), not for its files: a page says so on its button. */
  tooLarge?: boolean;
}

/** An image file vessel-lab does not read, with the series it belongs to: in a folder of several series, only that series is refused. */
export class UnreadableImage extends Error {
  constructor(
    message: string,
    readonly seriesUid: string,
    readonly seriesLabel: string,
  ) {
    super(message);
  }
}

/** A file skipped because it cannot be read as DICOM (cut, garbled, not DICOM inside though named so): its name, why, and its whole message (the fix too). */
export interface DamagedFile {
  name: string;
  reason: string;
  message: string;
}

/**
 * A DICOM file that cannot be parsed: cut short, garbled, or not DICOM inside. Where the header read before the damage
 * names the file's series (`series`), the file is that series' and refuses it, as an unreadable image does (never a
 * volume short of a slice); where it does not, the file is skipped and named (damagedNote), as dcm2niix skips it.
 */
export class DamagedDicom extends Error {
  constructor(
    readonly file: DamagedFile,
    readonly series: { uid: string; label: string } | null = null,
    /** The elements read before the damage (dicom-parser's), for the file's head. */
    readonly partial: dicomParser.DataSet | null = null,
  ) {
    super(file.message);
  }
}

function damagedFile(name: string, reason: string, fix?: string): DamagedFile {
  return { name, reason, message: `${name}: ${reason}${fix ? `; ${fix}` : ""}` };
}

/** The names a DICOM file is given: a file so named without DICOM's "DICM" mark is a damaged file (notDicomFile), not another file to ignore. */
export const DICOM_FILE_NAME = /\.(dcm|dicom)$/i;

/**
 * A DICOM media file ID, as a DICOMDIR's media (a CD's, a PACS export's) name their files: 1 to 8 letters A–Z, digits
 * and _, no extension ("IM000013", "I0000012"); with a digit at least, so that DICOMDIR, README or LICENSE are not
 * taken for one. Matched in either case: Linux shows a CD's names in lower case.
 */
export const DICOM_MEDIA_FILE_ID = /^(?=.*\d)[A-Z0-9_]{1,8}$/i;

/**
 * Whether a file without DICOM's "DICM" mark, called `name` (its last part), is a damaged DICOM file (notDicomFile) and
 * not another file to ignore: named as DICOM (DICOM_FILE_NAME), or, among files that hold DICOM ones (`amongDicom`), named
 * as a DICOM media file ID (DICOM_MEDIA_FILE_ID), as an exam's slices cut before byte 132 on a CD are.
 */
export function damagedByName(name: string, amongDicom: boolean): boolean {
  return DICOM_FILE_NAME.test(name) || (amongDicom && DICOM_MEDIA_FILE_ID.test(name));
}

/**
 * A file of `size` bytes named as DICOM (damagedByName) whose first bytes are not a DICOM Part 10 file's (no "DICM" at
 * byte 128): empty, too short, or damaged; or a DICOM data set without the Part 10 header (an old file, as ACR-NEMA
 * wrote them), which copying again does not mend: dcm2niix reads those.
 */
export function notDicomFile(name: string, size: number): DamagedFile {
  const reason =
    size === 0
      ? "an empty file"
      : size < 132
        ? `${size} byte${size === 1 ? "" : "s"}, too short for a DICOM file`
        : 'no "DICM" at byte 128: damaged, or DICOM without the Part 10 header (dcm2niix reads those)';
  return damagedFile(name, reason);
}

/** Damaged files in the order of their names (as a folder is walked), so that a message names the first few. */
export function inNameOrder(damaged: readonly DamagedFile[]): DamagedFile[] {
  return [...damaged].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The first `shown` damaged files with their reasons, then how many more: "a.dcm: …; b.dcm: …; and 2 more". */
function damagedList(damaged: readonly DamagedFile[], shown = 3): string {
  const listed = damaged.slice(0, shown).map((d) => `${d.name}: ${d.reason}`);
  if (damaged.length > shown) listed.push(`and ${damaged.length - shown} more`);
  return listed.join("; ");
}

/**
 * What every reader tells of the files it skipped as damaged: "1 file skipped, not readable as DICOM: IM0007.dcm: a
 * damaged or cut DICOM file (…); if it belongs to the scan, copy it again from its source", the first three named.
 */
export function damagedNote(damaged: readonly DamagedFile[]): string {
  const one = damaged.length === 1;
  return `${damaged.length} file${one ? "" : "s"} skipped, not readable as DICOM: ${damagedList(damaged)}; if ${one ? "it belongs" : "they belong"} to the scan, copy ${one ? "it" : "them"} again from ${one ? "its" : "their"} source`;
}

/** Where every file that could hold an image is damaged: the one file's own error, else each named (as damagedNote), the DICOM files without pixels counted. */
function noneReadable(damaged: readonly DamagedFile[], withoutPixels: number): Error {
  const one = damaged.length === 1;
  if (one && withoutPixels === 0) return new Error(damaged[0].message);
  const without = withoutPixels ? `; ${withoutPixels} other${withoutPixels === 1 ? " holds" : "s hold"} no pixels (reports, plans or a DICOMDIR)` : "";
  return new Error(
    `${one ? "the one file" : `all ${damaged.length} files`} that could hold an image ${one ? "is" : "are"} damaged: ${damagedList(damaged)}${without}; copy the series again from its source`,
  );
}

const seriesUidOf = (dataSet: dicomParser.DataSet) => dataSet.string(TAG.seriesUid)?.trim() || "(no series UID)";
function seriesLabelOf(dataSet: dicomParser.DataSet): string {
  const seriesNumber = dataSet.string(TAG.seriesNumber)?.trim();
  const description = dataSet.string(TAG.seriesDescription)?.trim();
  return [seriesNumber ? `series ${seriesNumber}` : "series", description ? `'${description}'` : ""].filter(Boolean).join(" ");
}

/** The files hold several series and none was chosen (SeriesReadOptions.series): the message lists them, `series` holds them. */
export class SeveralSeries extends Error {
  override name = "SeveralSeries";
  constructor(
    message: string,
    readonly series: SeriesSummary[],
    /** The files skipped as damaged, too damaged to tell their series (damagedNote tells them). */
    readonly damaged: DamagedFile[] = [],
  ) {
    super(message);
  }
}

/** The most a deflated DICOM data set may inflate to: a slice of 8192² 32-bit pixels, with room for its header. */
export const DICOM_INFLATE_MAX_BYTES = 288 * 2 ** 20;

class InflatedTooFar extends Error {}

/**
 * dicom-parser's inflater for the deflated transfer syntax: the header's bytes, then the data set inflated from
 * `position` on (raw deflate, by fflate), fed in steps (feedInSteps) and stopped past `max` bytes, so a crafted file that would
 * inflate to gigabytes costs no more than `max`. With `prefix`, the bytes are a file's first ones only: the data set is
 * inflated as far as they go (a stream cut short is no error), for dicomHeadOf to read the header from.
 */
function cappedInflater(max: number, prefix = false) {
  return (bytes: Uint8Array, position: number): Uint8Array => {
    const chunks: Uint8Array[] = [];
    let got = 0;
    const stream = new Inflate((chunk) => {
      got += chunk.length;
      if (got <= max) chunks.push(chunk.slice());
    });
    feedInSteps(
      (chunk, final) => stream.push(chunk, final && !prefix), // a prefix is never final: the rest of the stream is not here
      bytes,
      position,
      () => got > max,
    );
    if (got > max) throw new InflatedTooFar(`its deflated data set inflates past ${formatSize(max)}, more than a slice holds (a damaged or crafted file)`);
    const out = new Uint8Array(position + got);
    out.set(bytes.subarray(0, position));
    let at = position;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  };
}

const DATA_SET_FIX = "export the series uncompressed from the scanner or PACS, or convert it with dcm2niix";

/** ImageOrientationPatient's six numbers as its two directions. */
function orientationOf(o: number[] | null): [Vec3, Vec3] | null {
  return o && [o.slice(0, 3) as Vec3, o.slice(3, 6) as Vec3];
}

function numbers(dataSet: dicomParser.DataSet, tag: string, count: number): number[] | null {
  const text = dataSet.string(tag);
  if (text === undefined || text.trim() === "") return null;
  const values = text.split("\\").map(Number);
  if (values.length !== count || values.some((v) => !Number.isFinite(v))) return null;
  return values;
}

/**
 * One DICOM file's slices: one, or one a frame of an enhanced (multi-frame) CT or MR file, each with the position,
 * orientation, pixel spacing and rescale of its functional groups. A file without pixel data (a DICOMDIR, a report, a
 * presentation state) throws NotAnImage; one with pixels vessel-lab does not read throws an Error saying why and what to do.
 */
export function readDicomSlices(bytes: Uint8Array, name: string): DicomSlice[] {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parsed(bytes, name);
  } catch (error) {
    // damaged past its series' name: the file is one of that series', which it refuses (never a volume short of a slice)
    throw error instanceof DamagedDicom && error.series ? new UnreadableImage(error.message, error.series.uid, error.series.label) : error;
  }
  const pixels = dataSet.elements[TAG.pixelData];
  if (!pixels) {
    if (cutImage(dataSet)) throw new UnreadableImage(cutMessage(dataSet, name), seriesUidOf(dataSet), seriesLabelOf(dataSet));
    throw new NotAnImage(`${name}: no pixel data (not an image)`);
  }
  try {
    return imageSlices(dataSet, pixels, name);
  } catch (error) {
    // parsed, but not an image vessel-lab reads: the error keeps its series, which alone it refuses
    throw error instanceof Error && !(error instanceof UnreadableImage)
      ? new UnreadableImage(error.message, seriesUidOf(dataSet), seriesLabelOf(dataSet))
      : error;
  }
}

/**
 * The image storage SOP classes (DICOM PS3.4 B.5, PS3.6 A.1) whose files hold their image in PixelData (7FE0,0010):
 * a file of one of these whose whole header has Rows and Columns but no pixel data is cut (cutImage). Files of other
 * classes may have Rows and Columns without PixelData and be sound: MR spectroscopy's data lie in SpectroscopyData
 * (5600,0020), a parametric map's in float pixel data (7FE0,0008).
 */
const IMAGE_STORAGE = new Set([
  "1.2.840.10008.5.1.4.1.1.1", // computed radiography
  "1.2.840.10008.5.1.4.1.1.1.1", // digital X-ray, for presentation
  "1.2.840.10008.5.1.4.1.1.1.1.1", // digital X-ray, for processing
  "1.2.840.10008.5.1.4.1.1.2", // CT
  "1.2.840.10008.5.1.4.1.1.2.1", // enhanced CT
  "1.2.840.10008.5.1.4.1.1.2.2", // legacy converted enhanced CT
  "1.2.840.10008.5.1.4.1.1.3.1", // ultrasound multi-frame
  "1.2.840.10008.5.1.4.1.1.4", // MR
  "1.2.840.10008.5.1.4.1.1.4.1", // enhanced MR
  "1.2.840.10008.5.1.4.1.1.4.3", // enhanced MR colour
  "1.2.840.10008.5.1.4.1.1.4.4", // legacy converted enhanced MR
  "1.2.840.10008.5.1.4.1.1.6.1", // ultrasound
  "1.2.840.10008.5.1.4.1.1.6.2", // enhanced US volume
  "1.2.840.10008.5.1.4.1.1.7", // secondary capture
  "1.2.840.10008.5.1.4.1.1.7.1", // multi-frame single bit secondary capture
  "1.2.840.10008.5.1.4.1.1.7.2", // multi-frame grayscale byte secondary capture
  "1.2.840.10008.5.1.4.1.1.7.3", // multi-frame grayscale word secondary capture
  "1.2.840.10008.5.1.4.1.1.7.4", // multi-frame true colour secondary capture
  "1.2.840.10008.5.1.4.1.1.12.1", // X-ray angiographic
  "1.2.840.10008.5.1.4.1.1.12.1.1", // enhanced XA
  "1.2.840.10008.5.1.4.1.1.12.2", // X-ray radiofluoroscopic
  "1.2.840.10008.5.1.4.1.1.12.2.1", // enhanced XRF
  "1.2.840.10008.5.1.4.1.1.13.1.1", // X-ray 3D angiographic
  "1.2.840.10008.5.1.4.1.1.13.1.2", // X-ray 3D craniofacial
  "1.2.840.10008.5.1.4.1.1.20", // nuclear medicine
  "1.2.840.10008.5.1.4.1.1.128", // PET
  "1.2.840.10008.5.1.4.1.1.128.1", // legacy converted enhanced PET
  "1.2.840.10008.5.1.4.1.1.130", // enhanced PET
]);

/** The SOP classes whose files keep their data elsewhere than in PixelData, with Rows and Columns all the same: MR spectroscopy, parametric maps. */
const DATA_NOT_IN_PIXELS = new Set(["1.2.840.10008.5.1.4.1.1.4.2", "1.2.840.10008.5.1.4.1.1.30"]);

/** The SOP class a data set names (SOPClassUID, 0008,0016); null where it names none, or its value is cut. */
function sopClassOf(dataSet: dicomParser.DataSet): string | null {
  try {
    return dataSet.string(TAG.sopClass)?.replace(/\0/g, "").trim() || null;
  } catch {
    return null; // its value runs past the bytes read
  }
}

/** Whether a data set holds its data outside PixelData: float pixel data or spectroscopy data among its elements, or a SOP class that keeps them so. */
function dataNotInPixels(dataSet: dicomParser.DataSet): boolean {
  const { elements } = dataSet;
  if (TAG.floatPixelData in elements || TAG.doubleFloatPixelData in elements || TAG.spectroscopyData in elements) return true;
  const sopClass = sopClassOf(dataSet);
  return sopClass !== null && DATA_NOT_IN_PIXELS.has(sopClass);
}

/** Whether a data set has Rows and Columns (false where their values are cut). */
function hasGrid(dataSet: dicomParser.DataSet): boolean {
  try {
    return (dataSet.uint16(TAG.rows) ?? 0) > 0 && (dataSet.uint16(TAG.columns) ?? 0) > 0;
  } catch {
    return false;
  }
}

/**
 * Whether a whole file's data set, which has no pixel data, is an image's header all the same: of an image storage SOP
 * class (IMAGE_STORAGE), with Rows and Columns and no data held elsewhere (dataNotInPixels): a file cut, or written no
 * further, just before its pixels. A file that names no SOP class is not judged cut: skipped as one without pixels.
 */
function cutImage(dataSet: dicomParser.DataSet): boolean {
  const sopClass = sopClassOf(dataSet);
  return sopClass !== null && IMAGE_STORAGE.has(sopClass) && !dataNotInPixels(dataSet) && hasGrid(dataSet);
}

function cutMessage(dataSet: dicomParser.DataSet, name: string): string {
  return `${name}: an image's header (${dataSet.uint16(TAG.columns)}×${dataSet.uint16(TAG.rows)} pixels) without its pixel data: the file is cut; copy it again from its source`;
}

/** The series a damaged file's elements read before the damage name, or null (read before its SeriesInstanceUID, or that element itself cut). */
function seriesOfPartial(dataSet: dicomParser.DataSet | undefined): { uid: string; label: string } | null {
  try {
    const uid = dataSet?.string(TAG.seriesUid)?.trim();
    return uid ? { uid, label: seriesLabelOf(dataSet!) } : null;
  } catch {
    return null; // its value runs past the bytes
  }
}

/**
 * A DICOM file's data set (parsed up to `untilTag` where given), or a DamagedDicom naming the file and what to do. With
 * `head`, `bytes` may be the file's first bytes only: a deflated data set is inflated as far as they go.
 */
function parsed(bytes: Uint8Array, name: string, untilTag?: string, head = false): dicomParser.DataSet {
  if (!isDicom(bytes)) throw new DamagedDicom(notDicomFile(name, bytes.length));
  try {
    return parseDataSet(bytes, untilTag, head);
  } catch (error) {
    throw damagedBy(error, name);
  }
}

/** What parseDataSet threw, as words: dicom-parser throws strings, or objects holding one (`exception`) and the elements read. */
function parseFailure(error: unknown): string {
  return typeof error === "string" ? error : String((error as { exception?: unknown }).exception ?? (error as Error).message);
}

/** The DamagedDicom for a file that parseDataSet could not parse (`error`, what it threw): why, and the series its elements read before the damage name. */
function damagedBy(error: unknown, name: string): DamagedDicom {
  if (error instanceof InflatedTooFar) return new DamagedDicom(damagedFile(name, error.message, "leave it out of the folder"));
  const partial = (error as { dataSet?: dicomParser.DataSet }).dataSet; // dicom-parser's exception carries the elements it read
  return new DamagedDicom(
    damagedFile(name, `a damaged or cut DICOM file (${parseFailure(error)})`, "copy it again from its source"),
    seriesOfPartial(partial),
    partial ?? null,
  );
}

/** DICOM's value representations (PS3.5 6.2): what an explicit-VR element's two letters must be. */
const VRS = new Set("AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split(" "));

/**
 * Whether parsing a file's first bytes failed only because they end (its header goes on past them), and not because
 * the file is damaged: dicom-parser's error is one of reading past the end of the bytes, and what it read before are
 * DICOM elements (in ascending tag order, as the standard keeps them, each with a VR of DICOM's where the syntax
 * gives one), not bytes that are none: garbage read as elements runs past the end too, but out of order. Zeros, which
 * read as elements of tag (0000,0000), are padding dicom-parser reads through, as it does a whole file's: not counted.
 */
function ranOut(error: unknown, sofar: dicomParser.DataSet | undefined): boolean {
  if (!sofar || !/past end of buffer|buffer overrun|buffer overread/.test(parseFailure(error))) return false;
  const elements = Object.entries(sofar.elements)
    .filter(([tag]) => !tag.startsWith("x0002") && tag !== "x00000000") // the meta header's, where merged; zeros
    .sort(([, a], [, b]) => a.dataOffset - b.dataOffset);
  return elements.every(([tag, element], n) => (element.vr === undefined || VRS.has(element.vr)) && (n === 0 || tag > elements[n - 1][0]));
}

const DEFLATED = "1.2.840.10008.1.2.1.99";
const EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";

/**
 * dicom-parser's parseDicom, its exceptions as it throws them (with the data set read so far), a deflated data set
 * always inflated by cappedInflater. Such a data set is inflated here, from where readMetaHeader finds the meta header
 * ends, and parsed as the explicit little-endian one it holds: dicom-parser 1.8.21 reads past a deflated file's meta
 * header (dicomMeta.ts) and parses the inflated data set from the file's first byte.
 */
function parseDataSet(bytes: Uint8Array, untilTag?: string, head = false): dicomParser.DataSet {
  const inflate = cappedInflater(DICOM_INFLATE_MAX_BYTES, head);
  // the typing says the inflater returns nothing; dicom-parser reads the bytes it returns
  const options = { inflater: inflate as (bytes: Uint8Array, position: number) => void, ...(untilTag ? { untilTag } : {}) };
  const meta = readMetaHeader(bytes);
  if (meta?.syntax !== DEFLATED || !meta.syntaxElement) return dicomParser.parseDicom(bytes, options);
  const inflated = inflate(bytes, meta.end);
  // the meta header kept byte for byte, its transfer syntax now the inflated data set's (padded with NULs to its length)
  inflated.set(new TextEncoder().encode(EXPLICIT_LITTLE.padEnd(meta.syntaxElement.length, "\0")), meta.syntaxElement.dataOffset);
  return dicomParser.parseDicom(inflated, options);
}

/** What a DICOM file's header says before its pixels: the series it belongs to, and whether it holds an image. */
export interface DicomHead {
  seriesUid: string;
  /** "series 3 'AX T1 post'", as DicomSlice's. */
  seriesLabel: string;
  /** SeriesNumber as written ("3"), null where the file has none. */
  seriesNumber: string | null;
  /** Whether the file holds pixel data: false for a DICOMDIR, a report, a presentation state. */
  image: boolean;
  rows: number;
  columns: number;
  /** Its images: NumberOfFrames, 1 for a classic file. */
  frames: number;
  /** Why its image cannot be read, where the whole file was parsed and is damaged past its series' name or cut before its pixels: its series is refused. */
  damaged?: string;
}

/**
 * How much of a DICOM file is given to dicomHeadOf in turn, until it says: most headers end within the first 64 kB; an
 * enhanced file of thousands of frames, or one with large private headers, needs more. A file whose pixel data do not
 * begin within the last is taken for one without an image (raw data, an encapsulated document): no image vessel-lab reads.
 */
export const DICOM_HEAD_STEPS = [2 ** 16, 2 ** 20, 2 ** 24] as const;

/**
 * dicomHeadOf for the first `bytes` of a file of `size` bytes read in DICOM_HEAD_STEPS: null where the next step should
 * be read. At the last step, a header still going on is judged by what it holds so far: an image's series, size and
 * frames come before the long parts of a header (per-frame groups, private elements), so one with rows and columns is
 * an image (its pixels read with the rest of its series), unless its data lie elsewhere (MR spectroscopy's); one
 * without is a file without an image, where the bytes merely ended (ranOut). One whose parse failed otherwise (garbage
 * after a sound meta header) is damaged, as reading it whole says: a DamagedDicom, or its series' damaged image where
 * the elements read before the damage name its series.
 */
export function dicomHeadIn(bytes: Uint8Array, name: string, size: number): DicomHead | null {
  const whole = bytes.length >= size;
  if (whole || bytes.length < DICOM_HEAD_STEPS[DICOM_HEAD_STEPS.length - 1]) return dicomHeadOf(bytes, name, whole);
  if (!isDicom(bytes)) throw new DamagedDicom(notDicomFile(name, size));
  let sofar: dicomParser.DataSet | undefined;
  let failure: unknown = null;
  try {
    sofar = parseDataSet(bytes, TAG.pixelData, true);
  } catch (error) {
    failure = error;
    sofar = (error as { dataSet?: dicomParser.DataSet }).dataSet; // dicom-parser's exception carries the elements it read
  }
  if (sofar && (TAG.pixelData in sofar.elements || (hasGrid(sofar) && !dataNotInPixels(sofar)))) return headOfDataSet(sofar, true);
  if (failure !== null && !ranOut(failure, sofar)) {
    const damaged = damagedBy(failure, name);
    if (damaged.series && damaged.partial) return { ...headOfDataSet(damaged.partial, true), damaged: damaged.message };
    throw damaged;
  }
  return { seriesUid: "", seriesLabel: "", seriesNumber: null, image: false, rows: 0, columns: 0, frames: 0 };
}

/**
 * A DICOM file's series from its first bytes, parsed only as far as its pixel data (a deflated data set inflated as far
 * as the bytes go), so that an exam's files can be sorted by series before any is read whole. `whole` says whether
 * `bytes` is the whole file. null when the bytes end before the pixel data begin (a long header; a file without
 * pixels, not read to its end): read more of it (dicomHeadIn). A whole file that cannot be parsed is a DamagedDicom
 * naming it, as readDicomSlices's, unless what was read before the damage names its series: then it is that series'
 * image, `damaged` saying why the series cannot be read, as is a whole image header without its pixels (a cut file).
 */
export function dicomHeadOf(bytes: Uint8Array, name: string, whole: boolean): DicomHead | null {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parsed(bytes, name, TAG.pixelData, !whole);
  } catch (error) {
    if (whole && error instanceof DamagedDicom && error.series && error.partial) return { ...headOfDataSet(error.partial, true), damaged: error.message };
    if (whole || !isDicom(bytes)) throw error;
    return null; // cut inside the header
  }
  const image = TAG.pixelData in dataSet.elements;
  if (!image && !whole) return null; // the header may go on past these bytes
  if (!image && cutImage(dataSet)) return { ...headOfDataSet(dataSet, true), damaged: cutMessage(dataSet, name) };
  return headOfDataSet(dataSet, image);
}

/** The head of a parsed data set (dicomHeadOf, dicomHeadIn). */
function headOfDataSet(dataSet: dicomParser.DataSet, image: boolean): DicomHead {
  const frames = Number((dataSet.string(TAG.frames) ?? "1").trim() || 1);
  return {
    seriesUid: seriesUidOf(dataSet),
    seriesLabel: seriesLabelOf(dataSet),
    seriesNumber: dataSet.string(TAG.seriesNumber)?.trim() || null,
    image,
    rows: dataSet.uint16(TAG.rows) ?? 0,
    columns: dataSet.uint16(TAG.columns) ?? 0,
    frames: Number.isInteger(frames) && frames > 0 ? frames : 1,
  };
}

/** The largest file read whole to tell whether its series can be read (refusalCheckFile). */
const REFUSAL_CHECK_BYTES = 256 * 2 ** 20;

/**
 * The file of a series read whole to tell whether vessel-lab can read the series (imageRefusal): its smallest, or none
 * where that is past REFUSAL_CHECK_BYTES or `budget` (the series is then listed unchecked; reading it says why not).
 */
export function refusalCheckFile<T extends { size: number }>(files: readonly T[], budget = Infinity): T | null {
  const smallest = files.reduce((small, file) => (file.size < small.size ? file : small));
  return smallest.size <= Math.min(REFUSAL_CHECK_BYTES, budget) ? smallest : null;
}

/** The error for a series chosen by its SeriesInstanceUID that the files do not hold: each series they do hold named. */
export function noSuchSeries(chosen: string, labels: readonly string[]): Error {
  return new Error(`no series ${chosen} among these files (they hold ${labels.join(", ")}); choose one of those`);
}

/** Why vessel-lab would refuse the image in a whole DICOM file (a colour screenshot, MONOCHROME1…), undefined where it reads it or the file holds no image. */
export function imageRefusal(bytes: Uint8Array, name: string): string | undefined {
  try {
    readDicomSlices(bytes, name); // laid out only: compressed pixels are not decoded here
    return undefined;
  } catch (error) {
    return error instanceof NotAnImage ? undefined : (error as Error).message;
  }
}

/** Whether `value` (the CLI's --series) names a series: its SeriesInstanceUID as it is, or its SeriesNumber as a number ("05" is 5). */
export function seriesNamedBy(series: { uid: string; number: string | null }, value: string): boolean {
  if (series.uid === value.trim()) return true;
  return /^\s*\d+\s*$/.test(value) && series.number !== null && /^\d+$/.test(series.number) && Number(series.number) === Number(value);
}

/** What the CLI's --series takes to name `one` of `list` (info lists it; a page's "too large" note gives it): its number where no other series shares it (as a number), else its UID. */
export function seriesArgument(one: { uid: string; number: string | null }, list: readonly { uid: string; number: string | null }[]): string {
  const number = one.number?.trim();
  const unique = number !== undefined && /^\d+$/.test(number) && list.filter((s) => seriesNamedBy(s, number)).length === 1;
  return unique ? number : one.uid;
}

/** One series among files sorted by their heads (seriesOfHeads): its files, and what a user choosing it is shown. */
export interface HeadSeries<T> {
  uid: string;
  label: string;
  number: string | null;
  files: T[];
  /** Its images (a multi-frame file's frames counted) and their size. */
  images: number;
  columns: number;
  rows: number;
  /** Why it cannot be read, where one of its files' heads says (DicomHead.damaged: a file damaged past its series' name, or cut before its pixels). */
  damaged?: string;
}

/**
 * Files sorted by the series their heads (dicomHeadOf) name, in the order first met, and the files without pixels
 * apart: an exam's series found before any file is read whole, so that only the chosen one's files need be.
 */
export function seriesOfHeads<T>(files: readonly { file: T; head: DicomHead }[]): { series: HeadSeries<T>[]; notImages: T[] } {
  const series = new Map<string, HeadSeries<T>>();
  const notImages: T[] = [];
  const told = new Set<HeadSeries<T>>(); // series known so far from a damaged file's header alone
  for (const { file, head } of files) {
    if (!head.image) {
      notImages.push(file);
      continue;
    }
    let one = series.get(head.seriesUid);
    if (!one) {
      one = { uid: head.seriesUid, label: head.seriesLabel, number: head.seriesNumber, files: [], images: 0, columns: head.columns, rows: head.rows };
      series.set(head.seriesUid, one);
      if (head.damaged) told.add(one);
    } else if (told.has(one) && !head.damaged) {
      // a damaged file met first gave what its header held before the damage: a sound file's header says it whole
      Object.assign(one, { label: head.seriesLabel, number: head.seriesNumber, columns: head.columns, rows: head.rows });
      told.delete(one);
    }
    one.files.push(file);
    one.images += head.frames;
    if (head.damaged) one.damaged ??= head.damaged;
  }
  return { series: [...series.values()], notImages };
}

/** The error for an exam whose series were found by their heads and none was chosen: as dicomSeriesOf's, each series' files counted. */
export function severalSeriesOfHeads(
  series: readonly (HeadSeries<unknown> & { refused?: string; tooLarge?: boolean })[],
  why = "",
  damaged: DamagedFile[] = [],
): SeveralSeries {
  // a refused series is counted in files, as dicomSeriesOf's list counts it (a page's button says "3 files, not readable")
  const list = series.map((s) => ({
    uid: s.uid,
    label: s.label,
    slices: s.refused ? s.files.length : s.images,
    columns: s.columns,
    rows: s.rows,
    ...(s.refused ? { refused: s.refused } : {}),
    ...(s.refused && s.tooLarge ? { tooLarge: true } : {}),
  }));
  return severalSeries(
    list,
    why,
    series.map((s) => s.files.length),
    damaged,
  );
}

/** The slices of a parsed DICOM file that holds pixel data, or an Error saying why vessel-lab does not read them. */
function imageSlices(dataSet: dicomParser.DataSet, pixels: dicomParser.Element, name: string): DicomSlice[] {
  const syntax = (dataSet.string(TAG.transferSyntax) ?? "").replace(/\0/g, "").trim();
  const stored = UNCOMPRESSED[syntax];
  const compressed = COMPRESSED_SYNTAXES[syntax];
  if (compressed && !pixels.encapsulatedPixelData)
    throw new Error(
      `${name}: its header says ${compressed.name} but its pixels are not compressed fragments; the file is damaged: convert the series with dcm2niix`,
    );
  if (!(stored && !pixels.encapsulatedPixelData) && !(compressed?.codec && pixels.encapsulatedPixelData)) {
    const what = compressed ? `compressed as ${compressed.name}` : `in transfer syntax ${syntax || "(none given)"}`;
    throw new Error(
      `${name}: its pixels are ${what}, which vessel-lab does not decode; ${DATA_SET_FIX} (dcm2niix decodes it to NIfTI), or decompress it with gdcmconv --raw`,
    );
  }
  const samples = dataSet.uint16(TAG.samplesPerPixel) ?? 1;
  const photometric = (dataSet.string(TAG.photometric) ?? "MONOCHROME2").trim();
  if (samples !== 1 || !photometric.startsWith("MONOCHROME"))
    throw new Error(
      `${name}: a colour image (${photometric}, ${samples} samples a pixel: a screenshot?); vessel-lab segments grey scans: leave it out of the folder`,
    );
  if (photometric === "MONOCHROME1")
    throw new Error(`${name}: MONOCHROME1 (white is zero), which vessel-lab does not invert; convert the series with dcm2niix, which does`);
  const rows = dataSet.uint16(TAG.rows) ?? 0;
  const columns = dataSet.uint16(TAG.columns) ?? 0;
  const bitsAllocated = dataSet.uint16(TAG.bitsAllocated) ?? 0;
  if (rows < 1 || columns < 1) throw new Error(`${name}: ${rows} rows × ${columns} columns; a damaged file: copy it again from its source`);
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32)
    throw new Error(`${name}: ${bitsAllocated} bits allocated a pixel; vessel-lab reads 8, 16 and 32: convert the series with dcm2niix`);
  const bitsStored = dataSet.uint16(TAG.bitsStored) ?? bitsAllocated;
  // NumberOfFrames 0 or absent is one frame (as pydicom and dcm2niix take it)
  const frames = Math.max(1, Number((dataSet.string(TAG.frames) ?? "1").trim() || 1));
  if (!Number.isInteger(frames))
    throw new Error(`${name}: NumberOfFrames "${dataSet.string(TAG.frames)}"; the header is damaged: convert the series with dcm2niix`);
  const need = rows * columns * (bitsAllocated / 8);
  const held = dataSet.byteArray.length;
  if (stored && (pixels.length < need * frames || pixels.dataOffset + need * frames > held))
    throw new Error(
      `${name}: its pixel data hold ${Math.min(pixels.length, held - pixels.dataOffset)} bytes, not the ${need * frames} of ${frames > 1 ? `${frames} frames of ` : ""}${columns}×${rows} pixels; the file is cut or its header wrong: copy it again, or convert the series with dcm2niix`,
    );
  // an enhanced (multi-frame) file keeps each frame's geometry and rescale in functional groups: its own, or shared
  const perFrame = frames > 1 ? dataSet.elements[TAG.perFrameGroups]?.items : undefined;
  if (frames > 1 && perFrame?.length !== frames)
    throw new Error(
      `${name}: a multi-frame file (${frames} frames) without a position for each frame (no per-frame functional groups); vessel-lab reads enhanced CT and MR files and one slice a file: convert it with dcm2niix`,
    );
  // compressed pixels are decoded when first read (after the series is laid out and its size checked), every frame into
  // one buffer for the file, as an uncompressed file's lie in its bytes
  let decoded: Uint8Array | null = null;
  const fileBytes = dataSet.byteArray;
  const pixelsOf = (f: number) =>
    stored
      ? () => ({ bytes: fileBytes, offset: pixels.dataOffset + f * need })
      : () => {
          decoded ??= decodeFrames(dataSet, pixels, frames, compressed!.codec!, { rows, columns, bitsAllocated }, name);
          return { bytes: decoded, offset: f * need };
        };
  const shared = dataSet.elements[TAG.sharedGroups]?.items?.[0]?.dataSet;
  const group = (frame: dicomParser.DataSet | undefined, sequence: string) =>
    frame?.elements[sequence]?.items?.[0]?.dataSet ?? shared?.elements[sequence]?.items?.[0]?.dataSet ?? dataSet;
  const common = {
    seriesUid: seriesUidOf(dataSet),
    seriesLabel: seriesLabelOf(dataSet),
    rows,
    columns,
    instanceNumber: Number(dataSet.string(TAG.instanceNumber) ?? 0) || 0,
    bitsAllocated,
    bitsStored: bitsStored >= 1 && bitsStored <= bitsAllocated ? bitsStored : bitsAllocated,
    signed: dataSet.uint16(TAG.pixelRepresentation) === 1,
    littleEndian: stored?.littleEndian ?? true, // the decoders give little-endian pixels
    compression: stored ? null : compressed!.name,
    bytes: fileBytes,
    decodedBytes: stored ? 0 : need,
  } as const;
  return Array.from({ length: frames }, (_, f): DicomSlice => {
    const frame = perFrame?.[f].dataSet;
    const where = frames > 1 ? `${name} (frame ${f + 1})` : name;
    const measures = group(frame, TAG.pixelMeasures);
    const transform = group(frame, TAG.pixelValueTransform);
    const spacing = numbers(measures, TAG.pixelSpacing, 2);
    const spacingText = measures.string(TAG.pixelSpacing)?.trim();
    if (spacingText && !(spacing && spacing[0] > 0 && spacing[1] > 0))
      throw new Error(`${where}: PixelSpacing "${spacingText}" is not two positive sizes in mm; the header is damaged: convert the series with dcm2niix`);
    const slope = numbers(transform, TAG.slope, 1)?.[0] ?? 1;
    if (slope === 0)
      throw new Error(`${where}: RescaleSlope is 0, which would make every voxel one value; the header is damaged: convert the series with dcm2niix`);
    const between = numbers(measures, TAG.spacingBetweenSlices, 1)?.[0] ?? numbers(measures, TAG.sliceThickness, 1)?.[0];
    return {
      ...common,
      name: where,
      position: numbers(group(frame, TAG.planePosition), TAG.position, 3) as Vec3 | null,
      orientation: orientationOf(numbers(group(frame, TAG.planeOrientation), TAG.orientation, 6)),
      pixelSpacing: spacing as [number, number] | null, // positive where given: checked above
      sliceSpacing: between !== undefined && between > 0 ? between : null,
      slope,
      intercept: numbers(transform, TAG.intercept, 1)?.[0] ?? 0,
      pixels: pixelsOf(f),
    };
  });
}

/**
 * A compressed file's frames decoded into one buffer, frame after frame, each rows × columns × BitsAllocated / 8 bytes,
 * little endian. A frame's fragments are found by the basic offset table, one fragment a frame, or (JPEG family) by
 * where each codestream ends.
 */
function decodeFrames(
  dataSet: dicomParser.DataSet,
  pixels: dicomParser.Element,
  frames: number,
  codec: DicomCodec,
  shape: FrameShape,
  name: string,
): Uint8Array {
  const fragments = pixels.fragments ?? [];
  if (fragments.length === 0)
    throw new Error(`${name}: its compressed pixel data hold no fragments; the file is cut or damaged: copy it again from its source`);
  const size = shape.rows * shape.columns * (shape.bitsAllocated / 8);
  const out = new Uint8Array(size * frames);
  let f = 0;
  try {
    const decode = frameDecoder(codec);
    for (const bytes of encodedFrames(dataSet, pixels, frames, codec)) out.set(decode(bytes, shape), f++ * size);
  } catch (error) {
    // dicom-parser throws strings; the decoders, Errors
    const reason = typeof error === "string" ? `${error}: a damaged file` : (error as Error).message;
    throw new Error(`${name}${frames > 1 ? ` (frame ${f + 1})` : ""}: ${reason}; convert the series with dcm2niix`);
  }
  return out;
}

/** Each frame's codestream: by the basic offset table, one fragment a frame, or (JPEG family) where each codestream ends. */
function* encodedFrames(dataSet: dicomParser.DataSet, pixels: dicomParser.Element, frames: number, codec: DicomCodec): Generator<Uint8Array> {
  const fragments = pixels.fragments!;
  if (frames === 1) yield dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixels, 0, fragments.length);
  else if (pixels.basicOffsetTable?.length === frames) for (let f = 0; f < frames; f++) yield dicomParser.readEncapsulatedImageFrame(dataSet, pixels, f);
  else if (fragments.length === frames) for (let f = 0; f < frames; f++) yield dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixels, f, 1);
  else if (codec !== "rle") {
    const table = dicomParser.createJPEGBasicOffsetTable(dataSet, pixels);
    if (table.length !== frames)
      throw new Error(`${frames} frames in ${fragments.length} fragments without an offset table, and ${table.length} codestreams found`);
    for (let f = 0; f < frames; f++) yield dicomParser.readEncapsulatedImageFrame(dataSet, pixels, f, table);
  } else throw new Error(`${frames} RLE frames in ${fragments.length} fragments without an offset table, which cannot be told apart`);
}

/** How a series' slices make a grid: their order, the affine (RAS), the voxel size, and what was assumed. */
export interface DicomSeriesLayout {
  slices: DicomSlice[];
  /** What decoding the compressed slices holds in memory (0 for an uncompressed series). */
  decodedBytes: number;
  dims: Vec3;
  spacing: Vec3;
  affine: Affine;
  /** What was taken for what the files do not say (no PixelSpacing: 1 mm…), for a command to print; also in `note`. */
  assumed: string[];
  /** The files skipped as damaged, too damaged to tell their series, for a command to warn of (damagedNote); also in `note`. */
  damaged: DamagedFile[];
  /** The voxel type after rescaling. */
  typeName: "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "float32";
  note: string;
  /**
   * A gantry-tilted series' correction (null when the slices lie along their normal): slice k's pixel (i, j) lands at
   * voxel (i + shifts[k][0], j + shifts[k][1], k) of the grid, which is widened to hold every slice whole; voxels no
   * slice reaches take `fill`, the series' lowest value (air in CT).
   */
  tilt: { degrees: number; shifts: [number, number][]; fill: number } | null;
}

/** How a series is read: the most its compressed pixels may decode to, and who is told as each compressed slice is decoded. */
export interface SeriesReadOptions {
  maxDecodedBytes?: number;
  /** Called after each slice of a compressed series is decoded (not for one stored as it is: nothing to wait for). */
  onDecoded?: (done: number, total: number) => void;
  /** The SeriesInstanceUID of the series to read, where the files hold several (a SeveralSeries error lists them). */
  series?: string;
  /** DICOM files without pixels the caller set aside unread (seriesOfHeads' notImages), counted in the note as those met here. */
  skipped?: number;
  /** Files the caller set aside as damaged (a head that cannot be parsed, a file named .dcm that is not DICOM), told in the note as those met here. */
  damaged?: DamagedFile[];
}

/**
 * The grid of the image slices of one folder: one series, one orientation and size, evenly spaced along the slice
 * normal (a gantry-tilted series' slices shifted onto an orthogonal grid: `tilt`). Several series, duplicate positions
 * and uneven gaps are Errors naming what was found and the fix.
 */
export function dicomSeriesLayout(
  all: DicomSlice[],
  skipped = 0,
  { maxDecodedBytes = Infinity, onDecoded, series: chosen, damaged = [] }: SeriesReadOptions = {},
): DicomSeriesLayout {
  if (all.length === 0)
    throw new Error(
      `no DICOM image files${skipped ? ` (${skipped} DICOM file${skipped === 1 ? "" : "s"} without pixels: reports, plans or a DICOMDIR)` : ""}; give the folder that holds one series' slices`,
    );
  const series = bySeries(all);
  if (chosen !== undefined) {
    const one = series.get(chosen);
    if (!one)
      throw noSuchSeries(
        chosen,
        [...series.values()].map((s) => s[0].seriesLabel),
      );
    all = one;
  } else if (series.size > 1) throw severalSeries(summaries(series), "", undefined, damaged);
  const first = all[0];
  for (const s of all) {
    if (s.rows !== first.rows || s.columns !== first.columns)
      throw new Error(
        `${s.name} is ${s.columns}×${s.rows} pixels and ${first.name} ${first.columns}×${first.rows}: one series' slices are one size; leave the odd file out`,
      );
  }
  const [dy, dx] = first.pixelSpacing ?? [1, 1];
  const unplaced = all.find((s) => !s.position || !s.orientation);
  if (unplaced && all.some((s) => s.position && s.orientation))
    throw new Error(
      `${unplaced.name} has no ${unplaced.position ? "ImageOrientationPatient" : "ImagePositionPatient"} (or not three numbers) where the other slices have one; its header is damaged: leave it out, or convert the series with dcm2niix`,
    );
  let slices: DicomSlice[];
  let affine: Affine;
  let dz: number;
  let tilt: DicomSeriesLayout["tilt"] = null;
  let origin: Vec3 | null = null; // where voxel 0 lies (LPS) when a tilt moved it off the first slice's first pixel
  let widen = [0, 0];
  const notes: string[] = [];
  if (!first.pixelSpacing) notes.push("no PixelSpacing: 1 mm taken");
  if (unplaced) {
    // a secondary capture or an old file: the order by instance number, the grid axis-aligned
    slices = [...all].sort((a, b) => a.instanceNumber - b.instanceNumber);
    dz = first.sliceSpacing ?? 1;
    affine = [dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0, 0, 0, 0, 1];
    notes.push(
      `no patient position in the files: slices ordered by instance number, orientation unknown${first.sliceSpacing ? "" : ", 1 mm between slices taken"}`,
    );
  } else {
    const o = first.orientation!;
    // unit directions (scanners round them to a few decimals), which must be perpendicular
    const [rowDir, colDir] = o.map((d) => normalise(d));
    if (o.some((d) => Math.abs(length(d) - 1) > 0.01) || Math.abs(dot(rowDir, colDir)) > 0.01)
      throw new Error(
        `${first.name}: ImageOrientationPatient ${o.flat().join("\\")} is not two perpendicular unit directions; the header is damaged: convert the series with dcm2niix`,
      );
    for (const s of all) {
      if (s.orientation!.some((d, a) => d.some((v, n) => Math.abs(v - o[a][n]) > 1e-4)))
        throw new Error(
          `${s.name} and ${first.name} lie in different orientations (a localiser among the slices?); one series' slices share one: leave the odd files out`,
        );
    }
    const normal = normalise(cross(rowDir, colDir));
    slices = [...all].sort((a, b) => dot(a.position!, normal) - dot(b.position!, normal));
    const at = slices.map((s) => dot(s.position!, normal));
    if (slices.length > 1) {
      const gaps = at.slice(1).map((p, n) => p - at[n]);
      const same = gaps.filter((g) => g < 1e-3).length;
      if (same > 0)
        throw new Error(
          `${same + 1 > slices.length / 2 ? "each position holds several slices" : `${same} slices share a position with another`}: the series holds several volumes (echoes, phases or time points) or copies of a slice; convert it with dcm2niix, which splits them, and give one volume`,
        );
      const sorted = [...gaps].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const odd = gaps.findIndex((g) => Math.abs(g - median) > 0.02 + 0.01 * median); // positions are often rounded to 0.01 mm
      if (odd >= 0)
        throw new Error(
          `the slices are not evenly spaced: ${gaps[odd].toFixed(3)} mm between ${slices[odd].name} and ${slices[odd + 1].name}, ${median.toFixed(3)} mm elsewhere (a slice missing?); copy the whole series again, or convert it with dcm2niix`,
        );
      // gantry tilt: the slices displaced within their plane from where the normal puts them; a tenth of a pixel over
      // the whole stack is rounding, more is a sheared grid, resampled onto an orthogonal one as dcm2niix does
      const offsets = slices.map((s) => {
        const d = s.position!.map((p, n) => p - slices[0].position![n]) as Vec3;
        return [dot(d, rowDir) / dx, dot(d, colDir) / dy] as [number, number];
      });
      const last = offsets[offsets.length - 1];
      if (Math.hypot(last[0] * dx, last[1] * dy) > 0.1 * Math.min(dx, dy)) {
        const low = [0, 1].map((a) => Math.floor(Math.min(...offsets.map((o) => o[a])) + 1e-6));
        const high = [0, 1].map((a) => Math.ceil(Math.max(...offsets.map((o) => o[a])) - 1e-6));
        const degrees = (Math.atan2(Math.hypot(last[0] * dx, last[1] * dy), at[at.length - 1] - at[0]) * 180) / Math.PI;
        tilt = { degrees, shifts: offsets.map((o) => [o[0] - low[0], o[1] - low[1]]), fill: NaN }; // fill: the lowest value, below
        origin = slices[0].position!.map((p, n) => p + low[0] * dx * rowDir[n] + low[1] * dy * colDir[n]) as Vec3;
        widen = [high[0] - low[0], high[1] - low[1]];
        notes.push(
          `gantry tilt of ${degrees.toFixed(2)}° corrected: each slice shifted within its plane onto an orthogonal grid (linear interpolation, as dcm2niix does)${widen[0] || widen[1] ? `, the grid widened by ${widen.join("×")} voxels to hold every slice whole` : ""}`,
        );
      }
      dz = median;
    } else {
      dz = first.sliceSpacing ?? 1;
      if (!first.sliceSpacing) notes.push("one slice and no slice thickness: 1 mm taken");
    }
    const p = origin ?? slices[0].position!;
    // prettier-ignore
    const lps: Affine = [
      rowDir[0] * dx, colDir[0] * dy, normal[0] * dz, p[0],
      rowDir[1] * dx, colDir[1] * dy, normal[1] * dz, p[1],
      rowDir[2] * dx, colDir[2] * dy, normal[2] * dz, p[2],
      0, 0, 0, 1,
    ];
    affine = lpsToRas(lps);
  }
  // the compressed pixels are decoded from here on (rescaledType reads them): their size is checked first
  const decodedBytes = slices.reduce((n, s) => n + s.decodedBytes, 0);
  if (decodedBytes > maxDecodedBytes)
    throw new Error(
      `its compressed pixels decode to ${formatSize(decodedBytes)} (${slices.length} slice${slices.length === 1 ? "" : "s"} of ${first.columns}×${first.rows}), more than the ${formatSize(maxDecodedBytes)} left for them, so they were not decoded; give fewer slices, or convert and downsample the series first (dcm2niix, then nibabel's img.slicer[::2, ::2, ::2])`,
    );
  const { typeName, lowest } = rescaledType(slices, decodedBytes > 0 ? onDecoded : undefined); // one pass over every pixel: the type, and a tilt's fill
  if (tilt) tilt.fill = lowest;
  return {
    slices,
    decodedBytes,
    dims: [first.columns + widen[0], first.rows + widen[1], slices.length],
    spacing: [dx, dy, dz],
    affine,
    typeName,
    note: describeSeries(first, slices.length, skipped, notes, damaged),
    assumed: notes,
    damaged,
    tilt,
  };
}

function describeSeries(first: DicomSlice, count: number, skipped: number, notes: string[], damaged: readonly DamagedFile[]): string {
  const rescaled =
    first.slope !== 1 || first.intercept !== 0 ? `, rescaled ×${first.slope} ${first.intercept < 0 ? "−" : "+"} ${Math.abs(first.intercept)}` : "";
  const extra = skipped ? `; ${skipped} file${skipped === 1 ? "" : "s"} without pixels skipped` : "";
  const compressed = first.compression ? `, ${first.compression}` : "";
  const told = [...notes, ...(damaged.length ? [damagedNote(damaged)] : [])];
  return `DICOM ${first.seriesLabel}: ${count} slice${count === 1 ? "" : "s"}${compressed}${rescaled}${extra}${told.length ? `; ${told.join("; ")}` : ""}`;
}

/** The least and greatest value stored in a slice. */
function storedRange(s: DicomSlice): [number, number] {
  const read = storedReader(s);
  let lo = Infinity;
  let hi = -Infinity;
  for (let n = 0, count = s.rows * s.columns; n < count; n++) {
    const v = read(n);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The narrowest type that holds every value of the series after rescaling, and the lowest of them (its stored values, not the range BitsStored
 * allows: CT's 12 bits less 1024 fit int16): an integer type where every rescale keeps integers, else float32.
 */
function rescaledType(slices: DicomSlice[], onDecoded?: (done: number, total: number) => void): { typeName: DicomSeriesLayout["typeName"]; lowest: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let integer = true;
  for (const [k, s] of slices.entries()) {
    const [a, b] = storedRange(s); // a compressed slice's first read: its file's frames are decoded here
    onDecoded?.(k + 1, slices.length);
    const ends = [a * s.slope + s.intercept, b * s.slope + s.intercept];
    lo = Math.min(lo, ...ends);
    hi = Math.max(hi, ...ends);
    if (!Number.isInteger(s.slope) || !Number.isInteger(s.intercept)) integer = false;
  }
  if (!(Math.max(Math.abs(lo), Math.abs(hi)) < 3.4e38))
    throw new Error(
      `RescaleSlope and RescaleIntercept (×${slices[0].slope} + ${slices[0].intercept}) take the voxels past what a float32 holds; the header is damaged: convert the series with dcm2niix`,
    );
  if (!integer) return { typeName: "float32", lowest: lo };
  for (const [name, min, max] of [
    ["uint8", 0, 255],
    ["int8", -128, 127],
    ["uint16", 0, 65535],
    ["int16", -32768, 32767],
    ["uint32", 0, 2 ** 32 - 1],
    ["int32", -(2 ** 31), 2 ** 31 - 1],
  ] as const) {
    if (lo >= min && hi <= max) return { typeName: name, lowest: lo };
  }
  return { typeName: "float32", lowest: lo };
}

/** One slice's stored value at pixel n: the bits BitsStored keeps, sign-extended where signed. */
function storedReader(s: DicomSlice): (n: number) => number {
  const { bytes, offset } = s.pixels();
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
  const le = s.littleEndian;
  const raw =
    s.bitsAllocated === 8
      ? (n: number) => view.getUint8(n)
      : s.bitsAllocated === 16
        ? (n: number) => view.getUint16(2 * n, le)
        : (n: number) => view.getUint32(4 * n, le);
  const bits = s.bitsStored;
  if (bits === 32) return s.signed ? (n) => raw(n) | 0 : raw;
  const mask = 2 ** bits - 1;
  const half = 2 ** (bits - 1);
  return s.signed ? (n) => ((raw(n) & mask) ^ half) - half : (n) => raw(n) & mask;
}

/** The Volume of a series laid out by dicomSeriesLayout: x along the rows (the column index), y down the columns, z the slices in order. */
export function readDicomSeries(layout: DicomSeriesLayout): Volume {
  const { slices, dims } = layout;
  const perSlice = dims[0] * dims[1];
  const data = new (voxelTypeNamed(layout.typeName)!.ArrayType)(perSlice * dims[2]);
  if (layout.tilt) {
    readTilted(layout, layout.tilt, data);
    return { data, dims: [...dims] as Vec3, spacing: [...layout.spacing] as Vec3, affine: [...layout.affine] };
  }
  slices.forEach((s, k) => {
    const read = storedReader(s);
    const base = k * perSlice;
    const { slope, intercept } = s;
    for (let n = 0; n < perSlice; n++) data[base + n] = read(n) * slope + intercept;
  });
  return { data, dims: [...dims] as Vec3, spacing: [...layout.spacing] as Vec3, affine: [...layout.affine] };
}

/**
 * A gantry-tilted series onto its orthogonal grid: voxel (i, j) of slice k is the slice's pixel (i − u, j − v), (u, v)
 * its shift, interpolated linearly between the four pixels around it; voxels no slice pixel reaches take `fill`.
 * Rounded where the voxel type is an integer one.
 */
function readTilted(layout: DicomSeriesLayout, { shifts, fill }: NonNullable<DicomSeriesLayout["tilt"]>, data: Volume["data"]): void {
  const [nx, ny] = layout.dims;
  const round = layout.typeName !== "float32";
  layout.slices.forEach((s, k) => {
    const read = storedReader(s);
    const value = (i: number, j: number) => read(j * s.columns + i) * s.slope + s.intercept;
    const [u, v] = shifts[k];
    for (let j = 0; j < ny; j++) {
      const y = j - v;
      const j0 = Math.floor(y);
      const fy = y - j0;
      for (let i = 0; i < nx; i++) {
        const x = i - u;
        const i0 = Math.floor(x);
        const fx = x - i0;
        let sum = 0;
        let weight = 0;
        // the four pixels around (x, y), those inside the slice weighted by their share; a weight under a half is outside
        for (const [di, dj, w] of [
          [0, 0, (1 - fx) * (1 - fy)],
          [1, 0, fx * (1 - fy)],
          [0, 1, (1 - fx) * fy],
          [1, 1, fx * fy],
        ] as const) {
          const a = i0 + di;
          const b = j0 + dj;
          if (w > 0 && a >= 0 && a < s.columns && b >= 0 && b < s.rows) {
            sum += w * value(a, b);
            weight += w;
          }
        }
        const out = weight > 0.5 ? sum / weight : fill;
        data[(k * ny + j) * nx + i] = round ? Math.round(out) : out;
      }
    }
  });
}

/**
 * The series in a folder's DICOM files: each parsed, those without pixels skipped (counted in the note), the rest laid
 * out by dicomSeriesLayout; compressed pixels that would decode to more than `maxDecodedBytes` are refused undecoded.
 * A file that cannot be parsed and whose header does not say its series before the damage is skipped, named in the
 * note and in the layout's `damaged` (one damaged file does not refuse a whole exam); one that does say it refuses that
 * series, as an image vessel-lab does not read does. Where every file that could hold an image is damaged, the Error names them.
 */
export function dicomSeriesOf(files: readonly { name: string; bytes: Uint8Array }[], options: SeriesReadOptions = {}): DicomSeriesLayout {
  const slices: DicomSlice[] = [];
  let skipped = 0;
  const damaged = [...(options.damaged ?? [])];
  const refused = new Map<string, { error: UnreadableImage; files: number }>(); // per series: the first file's reason
  for (const { name, bytes } of files) {
    try {
      slices.push(...readDicomSlices(bytes, name));
    } catch (error) {
      if (error instanceof UnreadableImage) {
        const seen = refused.get(error.seriesUid);
        refused.set(error.seriesUid, { error: seen?.error ?? error, files: (seen?.files ?? 0) + 1 });
      } else if (error instanceof NotAnImage) skipped++;
      else if (error instanceof DamagedDicom) damaged.push(error.file);
      else throw error;
    }
  }
  const told = inNameOrder(damaged);
  if (slices.length === 0 && refused.size === 0 && told.length > 0) throw noneReadable(told, skipped + (options.skipped ?? 0));
  const { series: chosen } = options;
  const uids = new Set([...slices.map((s) => s.seriesUid), ...refused.keys()]);
  const refusal = refused.get(chosen ?? [...uids][0]);
  // one series (or the one chosen) with a file vessel-lab does not read: that file's reason; several: the choice, each refused one with its reason
  if (refusal && (chosen !== undefined || uids.size === 1)) throw refusal.error;
  if (chosen === undefined && uids.size > 1 && refused.size > 0) {
    const readable = summaries(bySeries(slices));
    const list = readable.filter((s) => !refused.has(s.uid));
    for (const { error, files } of refused.values()) {
      const some = readable.find((s) => s.uid === error.seriesUid); // a series some of whose files are readable
      list.push({
        uid: error.seriesUid,
        label: some?.label ?? error.seriesLabel, // a damaged file's header may end before the series' number
        slices: files + (some?.slices ?? 0),
        columns: some?.columns ?? 0,
        rows: some?.rows ?? 0,
        refused: error.message,
      });
    }
    throw severalSeries(list, "", undefined, told);
  }
  try {
    return dicomSeriesLayout(slices, skipped + (options.skipped ?? 0), { ...options, damaged: told });
  } catch (error) {
    throw withDamagedNote(error, told);
  }
}

/**
 * An error laying the series out (uneven gaps, an odd orientation…) where files were skipped as damaged: its message
 * ends with damagedNote, for the gap may be a damaged file's slice. A SeveralSeries carries them in `damaged` (a page
 * lists them under its choice; the CLI appends the note after its own hint), as does any error of a class of its own
 * (a cancellation): those are left as they are.
 */
function withDamagedNote(error: unknown, damaged: readonly DamagedFile[]): unknown {
  if (damaged.length === 0 || !(error instanceof Error) || Object.getPrototypeOf(error) !== Error.prototype) return error; // plain Errors only
  error.message = `${error.message}; ${damagedNote(damaged)}`;
  return error;
}

/** The series among `slices`, in the order first met. */
function bySeries(slices: DicomSlice[]): Map<string, DicomSlice[]> {
  const series = new Map<string, DicomSlice[]>();
  for (const s of slices) {
    if (!series.has(s.seriesUid)) series.set(s.seriesUid, []);
    series.get(s.seriesUid)!.push(s);
  }
  return series;
}

/** Each series of bySeries summed up for a user to choose from. */
function summaries(series: Map<string, DicomSlice[]>): SeriesSummary[] {
  return [...series.entries()].map(([uid, s]) => ({ uid, label: s[0].seriesLabel, slices: s.length, columns: s[0].columns, rows: s[0].rows }));
}

/** The error for files that hold several series: each named, with its count of files (`files`; else its slices) and why, where refused. */
function severalSeries(list: SeriesSummary[], why = "", files = list.map((s) => s.slices), damaged: DamagedFile[] = []): SeveralSeries {
  const named = list
    .map((s, n) => `${s.label} (${files[n]} file${files[n] === 1 ? "" : "s"}${s.refused ? (s.tooLarge ? ", too large" : ", not readable") : ""})`)
    .join(", ");
  return new SeveralSeries(
    `the folder holds ${list.length} series${why}: ${named}; put each series' files in a folder of their own (dcm2niix sorts them) and give that folder`,
    list,
    damaged,
  );
}
