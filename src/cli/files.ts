import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
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
  dicomLayout,
  dicomSeriesOf,
  isDicom,
  readDicomSeries,
  SeveralSeries,
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
import { UsageError } from "./errors.js";
import { checkWork, formatBytes } from "./estimate.js";

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
  { series: chosen, offersSeries = false }: Pick<ReadOptions, "series" | "offersSeries"> = {},
): { layout: VolumeLayout; bytes?: Uint8Array; series?: DicomSeriesLayout } {
  if (isFolder(path)) return dicomFolderLayout(path, flag, chosen, offersSeries);
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

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is named by the file reader
  }
}

/**
 * Whether a folder is a DICOM case for --in-dir: it holds a DICOM file at any depth, or a file that cannot be read
 * (then reading the case fails and says so, rather than the folder being passed over in silence).
 */
function holdsDicom(dir: string): boolean {
  try {
    const found = dicomFiles(dir, 1);
    return found.files.length > 0 || found.unreadable.length > 0;
  } catch {
    return true; // an unreadable folder: reading it names the problem
  }
}

/**
 * The DICOM files below a folder (any depth, links followed, each real folder once; hidden files and folders left
 * out), sorted by path: the first `most` of them, how many other files there are, and the files that cannot be read.
 */
function dicomFiles(dir: string, most = Infinity): { files: { path: string; size: number }[]; others: number; unreadable: string[] } {
  const files: { path: string; size: number }[] = [];
  const unreadable: string[] = [];
  let others = 0;
  const seen = new Set<string>();
  const walk = (at: string) => {
    const real = realpathSync(at);
    if (seen.has(real)) return; // a link back up the tree
    seen.add(real);
    for (const name of readdirSync(at).sort()) {
      if (files.length >= most) return;
      if (name.startsWith(".")) continue;
      const path = join(at, name);
      try {
        const stat = statSync(path); // through links (git-annex, DataLad)
        if (stat.isDirectory()) walk(path);
        else if (stat.isFile()) {
          const head = new Uint8Array(132);
          const fd = openSync(path, "r");
          try {
            readSync(fd, head, 0, 132, 0);
          } finally {
            closeSync(fd);
          }
          if (isDicom(head)) files.push({ path, size: stat.size });
          else others++;
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT")
          others++; // a link to nothing
        else unreadable.push(`${displayPath(path)} (${code ?? (error as Error).message})`);
      }
    }
  };
  walk(dir);
  return { files, others, unreadable };
}

/** A DICOM file given for --in: an enhanced (multi-frame) file is a whole series; a classic one is one slice of it. */
function dicomFileLayout(path: string, flag: string, size: number): { layout: VolumeLayout; series: DicomSeriesLayout } {
  if (size > READ_MAX_BYTES)
    throw new Error(`a ${formatBytes(size)} DICOM file, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; convert it with dcm2niix first`);
  const series = dicomSeriesInFile(readInput(path, flag), basename(path));
  return { layout: dicomLayout(series, size), series };
}

/**
 * A folder given where a scan file is asked for: the DICOM series in it (src/volume/dicom.ts), its files read whole
 * (refused first if they pass READ_MAX_BYTES together). A folder without DICOM files, or whose files do not make one
 * series, is a UsageError naming `flag`, the folder and the fix.
 */
function dicomFolderLayout(dir: string, flag: string, chosen?: string, offersSeries = false): { layout: VolumeLayout; series: DicomSeriesLayout } {
  const name = `${flag} ${displayPath(dir)}`;
  let found: ReturnType<typeof dicomFiles>;
  try {
    found = dicomFiles(dir);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
  if (found.unreadable.length)
    throw new UsageError(
      `${name}: ${found.unreadable.length} file${found.unreadable.length === 1 ? "" : "s"} cannot be read (${found.unreadable.slice(0, 3).join(", ")}${found.unreadable.length > 3 ? ", …" : ""}); give vessel-lab read access to the whole series`,
    );
  if (found.files.length === 0)
    throw new UsageError(
      `${name}: a folder${found.others ? ` of ${found.others} file${found.others === 1 ? "" : "s"}` : ""} without DICOM files; give a scan file (${VOLUME_FORMATS_TEXT}) or a folder of one DICOM series`,
    );
  const total = found.files.reduce((sum, file) => sum + file.size, 0);
  if (total > READ_MAX_BYTES)
    throw new UsageError(
      `${name}: ${found.files.length} DICOM files of ${formatBytes(total)}, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; give one series' folder`,
    );
  try {
    const files = found.files.map(({ path }) => ({ name: relative(dir, path) || basename(path), bytes: readFileSync(path) }));
    const series = seriesIn(files, chosen, READ_MAX_BYTES - total); // compressed slices: refused before decoding past what the reader allows
    return { layout: dicomLayout(series, total, found.others), series };
  } catch (error) {
    const more = error instanceof SeveralSeries && offersSeries ? ", or name one with --series (its number or its SeriesInstanceUID)" : "";
    throw new UsageError(`${name}: ${(error as Error).message}${more}`);
  }
}

/**
 * The series among a folder's DICOM files: the only one, or the one `chosen` names by its SeriesNumber or its
 * SeriesInstanceUID (--series). A number two series share, or one no series has, is an Error listing what there is.
 */
function seriesIn(files: { name: string; bytes: Uint8Array }[], chosen: string | undefined, maxDecodedBytes: number): DicomSeriesLayout {
  const numberOf = (label: string) => /^series (\d+)\b/.exec(label)?.[1];
  // a number as a number ("05" is 5); a UID as it is
  const names = (s: { uid: string; label: string }, value: string) =>
    s.uid === value.trim() || (/^\s*\d+\s*$/.test(value) && numberOf(s.label) !== undefined && Number(numberOf(s.label)) === Number(value));
  let one: DicomSeriesLayout;
  try {
    one = dicomSeriesOf(files, { maxDecodedBytes });
  } catch (error) {
    if (!(error instanceof SeveralSeries) || chosen === undefined) throw error;
    const hits = error.series.filter((s) => names(s, chosen));
    const list = error.series.map((s) => s.label).join(", ");
    if (hits.length === 0)
      throw new Error(`no series ${chosen} among these files, which hold ${list}; give --series one of their numbers, or a series' SeriesInstanceUID`);
    if (hits.length > 1)
      throw new Error(
        `${hits.length} series are numbered ${chosen} here; give --series the SeriesInstanceUID of the one to read: ${hits.map((s) => `${s.label} is ${s.uid}`).join("; ")}`,
      );
    return dicomSeriesOf(files, { maxDecodedBytes, series: hits[0].uid });
  }
  const first = one.slices[0];
  if (chosen !== undefined && !names({ uid: first.seriesUid, label: first.seriesLabel }, chosen))
    throw new Error(`--series ${chosen}: the folder holds only ${first.seriesLabel}; leave --series out, or give the folder that holds series ${chosen}`);
  return one;
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
}

/** readVolumeInput's Volume with the layout its header gave (format, stored type), for a command that reports them. */
export function readVolumeFile(
  path: string,
  flag: string,
  { command, bytesPerVoxel = 0, series: chosen, offersSeries }: ReadOptions,
): { volume: Volume; layout: VolumeLayout } {
  const { layout, bytes: read, series } = volumeFileLayout(path, flag, { series: chosen, offersSeries });
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
 * two-file format (.mhd, .nhdr, .img/.hdr) or a gzipped .mha/.nrrd. The UsageError names the flag and the name to give.
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
}

/**
 * A volume encoded in the format its output name asks for: MetaImage for .mha, NRRD for .nrrd (3D Slicer's way: LPS,
 * gzip), a TIFF stack for .tif or .tiff (ImageJ's calibration; a scan's orientation and origin, which TIFF cannot hold,
 * are said on stderr to be dropped), uncompressed NIfTI for .nii, and gzipped NIfTI for .nii.gz and any other name.
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
  const volume = readVolumeInput(path, flag, { command, bytesPerVoxel: SCAN_BYTES_PER_VOXEL, ...series });
  if (voxelCount(volume.dims) < 2) throw new UsageError(`${flag} ${displayPath(path)}: ${volume.dims.join("×")} is a single voxel; ${command} needs a 3D scan`);
  let finite = 0;
  for (let n = 0; n < volume.data.length && finite === 0; n++) if (Number.isFinite(volume.data[n])) finite++;
  if (finite === 0)
    throw new UsageError(
      `${flag} ${displayPath(path)}: every voxel is NaN or infinite, so there is nothing to ${command === "segment" ? "segment" : "work on"}; check how the scan was exported`,
    );
  return volume;
}

/** Working memory of segment and the baselines per voxel of the scan, beyond reading it (the page's measured ~40, rounded up). */
export const SCAN_BYTES_PER_VOXEL = 48;

/** Control characters, DEL, C1 controls and bidirectional overrides: what a terminal would act on instead of show. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A name with newlines, terminal escapes and other controls shown escaped (\n, \x1b, \u202e), so one line stays one line. */
export function escapeName(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    const code = c.charCodeAt(0);
    return named[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

/** A path as the user would type it (relative to the working folder when inside it, else as given), printed safely (escapeName). */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return escapeName(rel && !rel.startsWith("..") ? rel : path);
}
