/**
 * Any scan file vessel-lab reads, told apart by its first bytes (not its name): NIfTI (.nii, .nii.gz), MetaImage
 * (.mha, .mhd), NRRD (.nrrd, .nhdr) and TIFF stacks (.tif, .tiff). Everything downstream sees one Volume (RAS+ affine, mm).
 */
import { isGzip } from "./gzip.js";
import { META_HEADER_MAX_BYTES, isMetaImage, readMetaImage, readMetaImageHeader } from "./metaImage.js";
import { READ_MAX_BYTES, readNifti } from "./nifti.js";
import { niftiInput, readNiftiHeader } from "./niftiHeader.js";
import { niftiLayout } from "./niftiLayout.js";
import { NRRD_HEADER_MAX_BYTES, isNrrd, readNrrd, readNrrdHeader } from "./nrrd.js";
import { type DamagedFile, type DicomSeriesLayout, dicomSeriesOf, isDicom, readDicomSeries } from "./dicom.js";
import { isTiff, readTiff, readTiffHeader } from "./tiff.js";
import type { Vec3, Volume } from "./volume.js";

/** A scan file's format; "dicom" is a folder of DICOM slices (src/volume/dicom.ts), read by the CLI. */
export type VolumeFormat = "nifti" | "metaimage" | "nrrd" | "tiff" | "dicom";

/** A classic DICOM file holds one slice of a series: the series is read from its folder (dicomSeriesOf; the CLI's --in takes the folder). */
export const ONE_DICOM_SLICE =
  "one DICOM slice of a series: vessel-lab reads a DICOM series from the folder of its files (vessel-lab segment --in FOLDER; vessel-lab convert --in FOLDER --out scan.nii.gz writes it as one file)";

/** The file names vessel-lab reads as scans (any case). */
export const VOLUME_NAME = /\.(nii(\.gz)?|mha|mhd|nrrd|nhdr|(ome\.)?tiff?)$/i;

/** Each format's name, for what a command prints. */
export const VOLUME_FORMAT_NAMES: Record<VolumeFormat, string> = { nifti: "NIfTI", metaimage: "MetaImage", nrrd: "NRRD", tiff: "TIFF", dicom: "DICOM" };

/** The format an output's name asks for: MetaImage for .mha, NRRD for .nrrd, TIFF for .tif or .tiff, NIfTI for any other (any case). */
export function formatOfName(path: string): VolumeFormat {
  return /\.mha$/i.test(path) ? "metaimage" : /\.nrrd$/i.test(path) ? "nrrd" : /\.tiff?$/i.test(path) ? "tiff" : "nifti";
}

/** The formats' names for messages. */
export const VOLUME_FORMATS_TEXT = "NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd), NRRD (.nrrd, .nhdr) and TIFF stacks (.tif, .tiff)";

/** The format of a file from its first bytes; null when it is none of them (a gzip stream is taken for a .nii.gz). */
export function volumeFormat(head: Uint8Array): VolumeFormat | null {
  if (isNrrd(head)) return "nrrd";
  if (isMetaImage(head)) return "metaimage";
  if (isTiff(head)) return "tiff";
  if (isDicom(head)) return "dicom";
  if (isGzip(head) || head.length >= 4) return "nifti"; // NIfTI's own reader names what is wrong with anything else
  return null;
}

/** What reading a file will take, from its first bytes alone (VOLUME_HEAD_BYTES, or the whole file when smaller). */
export interface VolumeLayout {
  format: VolumeFormat;
  dims: Vec3;
  voxels: number;
  /** The stored voxel type ("int16", "float32"…). */
  typeName: string;
  /** The most memory reading takes, in bytes. */
  readBytes: number;
  /** What a user should know of the file that its grid does not say (a TIFF's voxel size: where it came from). */
  note?: string;
  /** A DICOM series: its SeriesInstanceUID and label ("series 3 'TOF 3D'"), for reports to say which series of an exam was read. */
  dicomSeries?: { uid: string; label: string };
  /** A DICOM series' files skipped as damaged (also told in `note`), where there were: for a report to list them. */
  damaged?: DamagedFile[];
}

/**
 * The layout of the file whose first bytes are `head`; an Error saying what is wrong when it cannot be read. A TIFF's
 * page directories may lie anywhere in it: its layout is tiffLayout's, from the whole file.
 */
export function volumeLayout(head: Uint8Array): VolumeLayout {
  const format = volumeFormat(head);
  if (format === "tiff") throw new Error("a TIFF's layout is read from the whole file (tiffLayout), not from its first bytes");
  if (format === "dicom") throw new Error("a DICOM file's layout is read from the whole file (dicomSeriesOf), not from its first bytes");
  if (format === "nrrd" || format === "metaimage") {
    // a compressed file holds its packed bytes and the voxels inflated from them
    const h = format === "nrrd" ? readNrrdHeader(head) : readMetaImageHeader(head);
    const compressed = "encoding" in h ? h.encoding !== "raw" : h.compressed;
    return { format, dims: h.dims, voxels: h.dims[0] * h.dims[1] * h.dims[2], typeName: h.type.name, readBytes: h.voxelBytes * (compressed ? 2 : 1) };
  }
  if (format === null)
    throw new Error(
      `an empty or nearly empty file (${head.length} bytes); vessel-lab reads ${VOLUME_FORMATS_TEXT}: check that the file was saved or downloaded whole`,
    );
  const header = readNiftiHeader(head);
  const layout = niftiLayout(header);
  // a header without a length unit (xyzt_units 0) is read as mm, as ITK and most tools read it: said, for info to show
  const note =
    header.spatialUnits === "unknown" ? "no length unit in the header (xyzt_units 0): voxel sizes read as mm, as ITK and most tools read them" : undefined;
  return { format, dims: layout.dims, voxels: layout.voxels, typeName: layout.type.name, readBytes: layout.readBytes, ...(note ? { note } : {}) };
}

export interface ReadVolumeOptions {
  /** Refuse a file whose reading takes more bytes than this (default READ_MAX_BYTES, 2 GiB), before decoding it. */
  maxBytes?: number;
  /** The bytes of a detached data file named in a .mhd or .nhdr header (relative to the header's folder); without it such a header is refused. */
  dataFile?: (name: string) => Uint8Array;
}

/** A TIFF stack's layout, from its page directories (no voxel decoded), with where its voxel size came from. */
export function tiffLayout(bytes: Uint8Array): VolumeLayout {
  const h = readTiffHeader(bytes);
  const pages = `${h.dims[2]} page${h.dims[2] === 1 ? "" : "s"}${h.skippedPages ? ` (${h.skippedPages} reduced-resolution skipped)` : ""}`;
  const size = h.spacingFrom
    ? `voxel size from ${h.spacingFrom === "ImageJ" ? "ImageJ's calibration" : `its ${h.spacingFrom}`}${h.spacingAssumed ? ` (${h.spacingAssumed})` : ""}`
    : "no voxel size in the file: 1 mm taken";
  return {
    format: "tiff",
    dims: h.dims,
    voxels: h.dims[0] * h.dims[1] * h.dims[2],
    typeName: h.typeName,
    readBytes: h.voxelBytes + bytes.length, // the file's bytes and the voxels decoded from them
    note: `TIFF stack of ${pages}, ${h.compression === "none" ? "uncompressed" : h.compression}; ${size}; no orientation (TIFF has none)`,
  };
}

/**
 * A DICOM series' layout (dicomSeriesOf), for the same checks as a file's: `fileBytes` is what its files hold together,
 * `others` the files beside them that are not DICOM (ignored, and said so).
 */
export function dicomLayout(series: DicomSeriesLayout, fileBytes: number, others = 0): VolumeLayout {
  const voxels = series.dims[0] * series.dims[1] * series.dims[2];
  const ignored = others ? `; ${others} other file${others === 1 ? "" : "s"} ignored` : "";
  // the files' bytes, compressed slices decoded, and the voxels read from them (at most 4 bytes each)
  return {
    format: "dicom",
    dims: series.dims,
    voxels,
    typeName: series.typeName,
    readBytes: fileBytes + series.decodedBytes + voxels * 4,
    note: series.note + ignored,
    dicomSeries: { uid: series.slices[0].seriesUid, label: series.slices[0].seriesLabel },
    ...(series.damaged.length ? { damaged: series.damaged } : {}),
  };
}

/** The series in one DICOM file: an enhanced (multi-frame) file's frames; a classic file's one slice is refused (ONE_DICOM_SLICE). */
export function dicomSeriesInFile(bytes: Uint8Array, name: string, maxBytes = READ_MAX_BYTES): DicomSeriesLayout {
  const series = dicomSeriesOf([{ name, bytes }], { maxDecodedBytes: maxBytes - bytes.length });
  if (series.slices.length < 2) throw new Error(ONE_DICOM_SLICE);
  return series;
}

/** The Volume in a NIfTI, MetaImage, NRRD or TIFF file; Errors name the field, its value and the fix. */
export function readVolume(bytes: ArrayBuffer | Uint8Array, { maxBytes = READ_MAX_BYTES, dataFile }: ReadVolumeOptions = {}): Volume {
  const input = niftiInput(bytes);
  const format = volumeFormat(input.subarray(0, 64 * 1024));
  if (format === "tiff") return readTiff(input, { maxBytes });
  if (format === "dicom") return readDicomSeries(dicomSeriesInFile(input, "the file", maxBytes));
  if (format === "nrrd") return readNrrd(input, { maxBytes, dataFile });
  if (format === "metaimage") return readMetaImage(input, { maxBytes, dataFile });
  if (format === null)
    throw new Error(
      `an empty or nearly empty file (${input.length} bytes); vessel-lab reads ${VOLUME_FORMATS_TEXT}: check that the file was saved or downloaded whole`,
    );
  return readNifti(input, { maxBytes });
}

/** Bytes enough to tell the format and read any header: the first 1 MiB (an NRRD header may be long; a gzip's are inflated only as far as a NIfTI header). */
export const VOLUME_HEAD_BYTES = Math.max(META_HEADER_MAX_BYTES, NRRD_HEADER_MAX_BYTES);
