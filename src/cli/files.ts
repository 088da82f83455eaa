import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import {
  READ_MAX_BYTES,
  VOLUME_FORMATS_TEXT,
  VOLUME_HEAD_BYTES,
  VOLUME_NAME,
  type Volume,
  type VolumeLayout,
  type WriteNiftiOptions,
  type DicomSeriesLayout,
  affinesClose,
  axisAlignedAffine,
  dicomSeriesInFile,
  damagedNote,
  dicomLayout,
  isDicom,
  readDicomSeries,
  formatOfName,
  isTiff,
  readVolume,
  tiffLayout,
  volumeLayout,
  voxelCount,
  writeMetaImage,
  writeNifti,
  writeNrrd,
  writeTiff,
} from "../volume/index.js";
import "../volume/nodeCodecs.js"; // compressed DICOM (JPEG-LS, JPEG 2000) decoded synchronously, as every other scan is read
import { parseTree, type VesselTree } from "../geometry/index.js";
import { UsageError } from "./errors.js";
import { checkWork, formatBytes } from "./estimate.js";
import { type FolderScan, dicomFolderLayout, holdsDicom, isFolder } from "./dicomFolder.js";
import { displayPath, escapeName } from "./names.js";

export { displayPath, escapeName };

/** --series' help, the same in every command that reads a scan. */
export const SERIES_HELP = "with a DICOM folder holding several series (an exam's): the one to read, by its SeriesNumber or SeriesInstanceUID";

/** The scan file names the commands read, for their help. */
export const SCAN_FILE_NAMES = ".nii, .nii.gz, .mha, .mhd, .nrrd, .nhdr, .tif or .tiff";

/** Reads a file, turning "no such file" into a UsageError that names the flag. */
export function readInput(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileError(error, path, flag);
  }
}

/** A tree JSON (`vessel-lab grow`'s), its problems a UsageError naming the flag. */
export function readTreeFile(path: string, flag: string): VesselTree {
  const text = readInput(path, flag).toString("utf8");
  try {
    return parseTree(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`);
  }
}

function fileError(error: unknown, path: string, flag: string): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new UsageError(`${flag} ${displayPath(path)}: no such file`);
  if (code === "EISDIR") return new UsageError(`${flag} ${displayPath(path)}: is a folder, not a file`);
  return new UsageError(`${flag} ${displayPath(path)}: ${(error as Error).message}`);
}

/**
 * The layout of a scan file (NIfTI, MetaImage, NRRD or TIFF) before any voxel is decoded: what reading it will cost.
 * A NIfTI, MetaImage or NRRD file is known from its first bytes (a .nii.gz is inflated only as far as its header); a
 * TIFF's page directories may lie anywhere in it, so a TIFF is read whole (refused first if the file alone is over
 * READ_MAX_BYTES) and its bytes are returned for reading. Every problem is a UsageError naming `flag` and the file.
 */
export function volumeFileLayout(
  path: string,
  flag: string,
  { series: chosen, offersSeries = false, folder }: Pick<ReadOptions, "series" | "offersSeries" | "folder"> = {},
): { layout: VolumeLayout; bytes?: Uint8Array; series?: DicomSeriesLayout } {
  if (folder || isFolder(path)) return dicomFolderLayout(path, flag, chosen, offersSeries, folder);
  if (chosen !== undefined)
    throw new UsageError(`${flag} ${displayPath(path)}: --series picks one series in a folder of DICOM files, and this is a file; leave --series out`);
  let head: Uint8Array;
  let size: number;
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = new Uint8Array(VOLUME_HEAD_BYTES); // a gzip header with a long name and the NIfTI header behind it, or a whole text header
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
      size = statSync(path).size;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw fileError(error, path, flag);
  }
  try {
    if (isDicom(head)) return dicomFileLayout(path, flag, size);
    if (!isTiff(head)) return { layout: volumeLayout(head) };
    if (size > READ_MAX_BYTES)
      throw new Error(`a ${formatBytes(size)} TIFF, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; crop or downsample it first`);
    const bytes = readInput(path, flag);
    return { layout: tiffLayout(bytes), bytes };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(`${flag} ${displayPath(path)}: ${(error as Error).message}`);
  }
}

/** A DICOM file given for --in: an enhanced (multi-frame) file is a whole series; a classic one is one slice of it. */
function dicomFileLayout(path: string, flag: string, size: number): { layout: VolumeLayout; series: DicomSeriesLayout } {
  if (size > READ_MAX_BYTES)
    throw new Error(`a ${formatBytes(size)} DICOM file, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; convert it with dcm2niix first`);
  const series = dicomSeriesInFile(readInput(path, flag), basename(path));
  return { layout: dicomLayout(series, size), series };
}

/**
 * The Volume in a scan file (NIfTI, MetaImage, NRRD or TIFF; a .mhd's or .nhdr's data file is read from beside it), for
 * `command`, which works with about `bytesPerVoxel` bytes per voxel of it: the header is read first; a volume whose
 * reading or work would pass MEMORY_LIMIT_BYTES (or the reader's own cap) is refused with the estimate and the fix,
 * and one that takes more than ANNOUNCE_BYTES is announced on stderr before it is decoded. Every problem is a
 * UsageError naming `flag` and the file (printed safely: displayPath).
 */
export function readVolumeInput(path: string, flag: string, options: ReadOptions): Volume {
  return readVolumeFile(path, flag, options).volume;
}

/** How a command reads a scan: its name, its working bytes per voxel, and (a DICOM folder of several series) the one to read. */
export interface ReadOptions {
  command: string;
  bytesPerVoxel?: number;
  /** --series: a SeriesNumber or SeriesInstanceUID. */
  series?: string;
  /** Whether the command takes --series here (a folder of several series is then told of it). */
  offersSeries?: boolean;
  /** The DICOM folder `path` as already walked and sorted by series (info's listFolderSeries), read without walking it again. */
  folder?: FolderScan;
}

/** readVolumeInput's Volume with the layout its header gave (format, stored type), for a command that reports them. */
export function readVolumeFile(
  path: string,
  flag: string,
  { command, bytesPerVoxel = 0, series: chosen, offersSeries, folder }: ReadOptions,
): { volume: Volume; layout: VolumeLayout } {
  const { layout, bytes: read, series } = volumeFileLayout(path, flag, { series: chosen, offersSeries, folder });
  const name = `${flag} ${displayPath(path)}`;
  const fix = "crop or downsample it first (e.g. nibabel's img.slicer[::2, ::2, ::2])";
  if (layout.readBytes > READ_MAX_BYTES) {
    throw new UsageError(
      `${name}: ${layout.dims.join("×")} ${layout.typeName} takes ${formatBytes(layout.readBytes)} to read, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; ${fix}`,
    );
  }
  checkWork(
    `${command}: ${name} (${layout.dims.join("×")} ${layout.typeName})`,
    { bytes: layout.readBytes + layout.voxels * bytesPerVoxel, seconds: null },
    fix,
  );
  if (series) {
    // what the files did not say and was taken (1 mm pixels, an unknown orientation) changes the automatic scale and
    // the placement: every command says it, not only info
    for (const assumed of series.assumed) process.stderr.write(`vessel-lab: ${name}: ${assumed}\n`);
    // files skipped as damaged: the volume is read from the others, and the user told which were left out and why
    if (series.damaged.length) process.stderr.write(`vessel-lab: ${name}: ${escapeName(damagedNote(series.damaged))}\n`);
    return { volume: readDicomSeries(series), layout };
  }
  const bytes = read ?? readInput(path, flag);
  const dataFile = (file: string): Uint8Array => {
    const at = isAbsolute(file) ? file : join(dirname(path), file);
    try {
      return readFileSync(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `its data file ${displayPath(at)} ${code === "ENOENT" ? "is missing: keep it beside the header" : `cannot be read: ${(error as Error).message}`}`,
      );
    }
  };
  try {
    return { volume: readVolume(bytes, { dataFile }), layout };
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

/**
 * Writes a file atomically (a temporary file renamed into place), creating its folder, so an
 * interrupted run never leaves a half-written file under the final name.
 */
export function writeOutput(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Refuses, before any work, an output name vessel-lab would write in a format other tools would not expect of it: a
 * two-file format (.mhd, .nhdr, .img/.hdr), a gzipped .mha/.nrrd, or a name ending with no format it writes (OUTPUT_NAME:
 * mask.png, mask). The UsageError names the flag and the name to give.
 */
export function checkOutputName(path: string, flag: string): void {
  const two = /\.(mhd|nhdr)$/i.exec(path);
  if (two) {
    const one = two[1].toLowerCase() === "mhd" ? ".mha" : ".nrrd";
    throw new UsageError(
      `${flag} ${displayPath(path)}: a .${two[1]} header needs a separate data file; vessel-lab writes one file: name it ${one} (or .nii.gz)`,
    );
  }
  const gz = /\.(mha|nrrd)\.gz$/i.exec(path);
  if (gz)
    throw new UsageError(
      `${flag} ${displayPath(path)}: a .${gz[1]} is compressed inside the file, and tools do not open a gzipped one: name it .${gz[1]} (or .nii.gz)`,
    );
  if (/\.(img|hdr)$/i.test(path))
    throw new UsageError(`${flag} ${displayPath(path)}: vessel-lab does not write ANALYZE .img/.hdr pairs: name it .nii.gz, .nii, .mha or .nrrd`);
  if (!OUTPUT_NAME.test(path))
    throw new UsageError(
      `${flag} ${displayPath(path)}: vessel-lab writes the format an output's name ends with, and this one ends with none it writes; name it .nii.gz, .nii, .mha, .nrrd or .tif`,
    );
}

/** The endings of the names vessel-lab writes: NIfTI (gzipped or not), MetaImage, NRRD and TIFF stacks. */
export const OUTPUT_NAME = /\.(nii(\.gz)?|mha|nrrd|tiff?)$/i;

/**
 * A volume encoded in the format its output name asks for: MetaImage for .mha, NRRD for .nrrd (3D Slicer's way: LPS,
 * gzip), a TIFF stack for .tif or .tiff (ImageJ's calibration; a scan's orientation and origin, which TIFF cannot hold,
 * are said on stderr to be dropped), uncompressed NIfTI for .nii, and gzipped NIfTI for .nii.gz (and any other name,
 * which checkOutputName refuses before any work).
 * `nifti` holds what only NIfTI stores (description, intent); NRRD keeps the intent's name as its `content`.
 */
export function encodeVolume(path: string, volume: Volume, nifti: WriteNiftiOptions = {}): Uint8Array {
  const format = formatOfName(path);
  if (format === "metaimage") return writeMetaImage(volume);
  if (format === "nrrd") return writeNrrd(volume, { content: nifti.intent?.name });
  if (format === "tiff") {
    let bytes: Uint8Array;
    try {
      bytes = writeTiff(volume);
    } catch (error) {
      throw error instanceof RangeError ? new UsageError(`${displayPath(path)}: ${error.message}`) : error;
    }
    if (!affinesClose(volume.affine, axisAlignedAffine(volume.spacing), 1e-6)) {
      process.stderr.write(
        `vessel-lab: ${displayPath(path)} keeps the voxels and their size but not the scan's orientation or origin (TIFF has none); compare it with evaluate --ignore-affine, or write .nii.gz to keep where it lies\n`,
      );
    }
    return bytes;
  }

  return writeNifti(volume, { ...nifti, gzip: !/\.nii$/i.test(path) });
}

/**
 * The scan files of a folder (NIfTI, MetaImage, NRRD, TIFF) by case name (the file name without its extension), and its
 * subfolders that hold DICOM files (a series each; the case is the subfolder's name), sorted. A missing folder, a folder
 * without scans, or two scans of one case are UsageErrors naming `flag`.
 */
export function scanFiles(dir: string, flag: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${flag} ${displayPath(dir)}: ${code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "is a file, not a folder" : (error as Error).message}`,
    );
  }
  const files = new Map<string, string>();
  for (const name of names.filter((n) => !n.startsWith(".")).sort()) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue; // a link to nothing
    }
    if (stat.isFile() ? !VOLUME_NAME.test(name) : !(stat.isDirectory() && holdsDicom(path))) continue;
    const key = stat.isFile() ? name.replace(VOLUME_NAME, "") : name;
    if (files.has(key))
      throw new UsageError(
        `${flag} ${displayPath(dir)}: both ${escapeName(basename(files.get(key)!))} and ${escapeName(name)} are case ${escapeName(key)}; keep one`,
      );
    files.set(key, path);
  }
  if (files.size === 0)
    throw new UsageError(`${flag} ${displayPath(dir)}: no scan files in it (vessel-lab reads ${VOLUME_FORMATS_TEXT}, and folders of DICOM series)`);
  return files;
}

/**
 * A 3D scan from a NIfTI, MetaImage, NRRD or TIFF file: a missing or unreadable file is a UsageError naming `flag` (and the file), as is a
 * single voxel, which `command` ("segment", "a baseline") cannot work on.
 */
export function readScan(path: string, flag: string, command: string, series: Pick<ReadOptions, "series" | "offersSeries"> = {}): Volume {
  return readScanFile(path, flag, command, series).volume;
}

/** readScan's Volume with the layout its header gave (a DICOM folder's: the series read), for a command that reports them. */
export function readScanFile(
  path: string,
  flag: string,
  command: string,
  series: Pick<ReadOptions, "series" | "offersSeries"> = {},
): { volume: Volume; layout: VolumeLayout } {
  const { volume, layout } = readVolumeFile(path, flag, { command, bytesPerVoxel: SCAN_BYTES_PER_VOXEL, ...series });
  if (voxelCount(volume.dims) < 2) throw new UsageError(`${flag} ${displayPath(path)}: ${volume.dims.join("×")} is a single voxel; ${command} needs a 3D scan`);
  let finite = 0;
  for (let n = 0; n < volume.data.length && finite === 0; n++) if (Number.isFinite(volume.data[n])) finite++;
  if (finite === 0)
    throw new UsageError(
      `${flag} ${displayPath(path)}: every voxel is NaN or infinite, so there is nothing to ${command === "segment" ? "segment" : "work on"}; check how the scan was exported`,
    );
  return { volume, layout };
}

/** Working memory of segment and the baselines per voxel of the scan, beyond reading it (the page's measured ~40, rounded up). */
export const SCAN_BYTES_PER_VOXEL = 48;
