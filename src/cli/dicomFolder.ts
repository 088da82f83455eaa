import { closeSync, openSync, readFileSync, readSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import {
  DICOM_HEAD_STEPS,
  READ_MAX_BYTES,
  VOLUME_FORMATS_TEXT,
  type DamagedFile,
  type DicomHead,
  type HeadSeries,
  type DicomSeriesLayout,
  type VolumeLayout,
  DamagedDicom,
  SeveralSeries,
  dicomHeadIn,
  imageRefusal,
  refusalCheckFile,
  seriesOfHeads,
  seriesNamedBy,
  dicomLayout,
  dicomSeriesOf,
  formatSize,
  inNameOrder,
  isDicom,
  notDicomFile,
  damagedNote,
  damagedByName,
} from "../volume/index.js";
import { UsageError } from "./errors.js";
import { formatBytes } from "./estimate.js";
import { displayPath, escapeName } from "./names.js";

/** A DICOM file below a folder: where it is and its size. */
interface FoundFile {
  path: string;
  size: number;
}

/** What dicomFiles finds below a folder. */
export interface FoundFiles {
  files: FoundFile[];
  /** Files that are not DICOM (a README, a viewer's files). */
  others: number;
  /** Files that cannot be opened: their names and why. */
  unreadable: string[];
  /** Files named as DICOM without DICOM's mark (damagedByName: .dcm, or a media file ID such as IM000013 beside DICOM files): damaged, skipped and told. */
  damaged: DamagedFile[];
}

/**
 * The DICOM files below a folder (any depth, links followed, each real folder once; hidden files and folders left
 * out), sorted by path: the first `most` of them, how many other files there are, the files that cannot be read, and
 * those named as DICOM that are not DICOM (damaged): named .dcm, or, where the folder holds DICOM files, named as a
 * DICOM media file ID (IM000013, no extension: a CD's slice cut before its mark).
 */
export function dicomFiles(dir: string, most = Infinity): FoundFiles {
  const files: FoundFile[] = [];
  const unreadable: string[] = [];
  const damaged: DamagedFile[] = [];
  const mediaNamed: FoundFile[] = []; // named as a media file ID without DICOM's mark: damaged where the folder holds DICOM files
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
          if (isDicom(readHead(path, 132))) files.push({ path, size: stat.size });
          else if (damagedByName(name, false)) damaged.push(notDicomFile(relative(dir, path), stat.size));
          else if (damagedByName(name, true)) mediaNamed.push({ path, size: stat.size });
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
  if (files.length === 0) others += mediaNamed.length;
  else damaged.push(...mediaNamed.map(({ path, size }) => notDicomFile(relative(dir, path), size)));
  return { files, others, unreadable, damaged };
}

/** The first `bytes` bytes of a file (all of it when shorter). */
function readHead(path: string, bytes: number): Uint8Array {
  const head = new Uint8Array(bytes);
  const fd = openSync(path, "r");
  try {
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a folder is a DICOM case for --in-dir: it holds a DICOM file at any depth, a file that cannot be read, or a
 * file named .dcm (or .dicom) without DICOM's mark (then reading the case fails or warns and says so, naming the file,
 * rather than the folder being passed over in silence).
 */
export function holdsDicom(dir: string): boolean {
  try {
    const found = dicomFiles(dir, 1);
    return found.files.length > 0 || found.unreadable.length > 0 || found.damaged.length > 0;
  } catch {
    return true; // an unreadable folder: reading it names the problem
  }
}

/** A DICOM file's head (dicomHeadIn): from its first 64 kB, or more where its header is longer (DICOM_HEAD_STEPS). */
function headOf({ path, size }: FoundFile, name: string): DicomHead {
  for (const step of DICOM_HEAD_STEPS) {
    const head = dicomHeadIn(readHead(path, Math.min(step, size)), name, size); // a small file: its bytes, not a 64 KiB buffer
    if (head) return head;
  }
  throw new Error(`${name}: no header within ${DICOM_HEAD_STEPS.at(-1)} bytes`); // dicomHeadIn answers at the last step
}

/** One series of a folder, from its files' heads: what `info` lists and --series picks among, with its files' bytes. */
export interface FolderSeries extends HeadSeries<FoundFile> {
  bytes: number;
}

/** A folder's DICOM files sorted by series (seriesOfFiles): the series, the files without pixels, and those too damaged to tell their series. */
export interface SortedFiles {
  series: FolderSeries[];
  notImages: FoundFile[];
  damaged: DamagedFile[];
}

/**
 * The series of a folder's DICOM files, in the order first met (by path), from each file's head; files without pixels
 * apart, and those whose header cannot be parsed as far as their series (DamagedDicom) set aside to be told.
 */
function seriesOfFiles(files: FoundFile[], dir: string): SortedFiles {
  const heads: { file: FoundFile; head: DicomHead }[] = [];
  const damaged: DamagedFile[] = [];
  for (const file of files) {
    try {
      heads.push({ file, head: headOf(file, relative(dir, file.path) || basename(file.path)) });
    } catch (error) {
      if (!(error instanceof DamagedDicom)) throw error;
      damaged.push(error.file);
    }
  }
  const { series, notImages } = seriesOfHeads(heads);
  return { series: series.map((s) => ({ ...s, bytes: s.files.reduce((sum, file) => sum + file.size, 0) })), notImages, damaged };
}

/**
 * A DICOM folder walked once (dicomFiles) and its files sorted by series from their heads (seriesOfFiles): what
 * listFolderSeries found, which dicomFolderLayout reads a series from without walking the folder again.
 */
export interface FolderScan {
  found: FoundFiles;
  sorted: SortedFiles;
}

/** The series --series `chosen` names among `list`, or an Error listing what there is. */
function chosenSeries(list: FolderSeries[], chosen: string): FolderSeries {
  const hits = list.filter((s) => seriesNamedBy(s, chosen));
  if (hits.length === 1) return hits[0];
  if (list.length === 1)
    throw new Error(`--series ${chosen}: the folder holds only ${list[0].label}; leave --series out, or give the folder that holds series ${chosen}`);
  if (hits.length === 0)
    throw new Error(
      `no series ${chosen} among these files, which hold ${list.map((s) => s.label).join(", ")}; give --series one of their numbers, or a series' SeriesInstanceUID (vessel-lab info --in FOLDER lists them)`,
    );
  throw new Error(
    `${hits.length} series are numbered ${chosen} here; give --series the SeriesInstanceUID of the one to read: ${hits.map((s) => `${s.label} is ${s.uid}`).join("; ")}`,
  );
}

/** The files of a folder found by dicomFiles, or a UsageError naming `name` where some cannot be read or none is DICOM. */
function folderFiles(dir: string, name: string): FoundFiles {
  let found: FoundFiles;
  try {
    found = dicomFiles(dir);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
  if (found.unreadable.length)
    throw new UsageError(
      `${name}: ${found.unreadable.length} file${found.unreadable.length === 1 ? "" : "s"} cannot be read (${found.unreadable.slice(0, 3).join(", ")}${found.unreadable.length > 3 ? ", …" : ""}); give vessel-lab read access to the whole series`,
    );
  if (found.files.length === 0) {
    const count = found.others + found.damaged.length;
    const misnamed = found.damaged.length
      ? ` (${found.damaged.length} named as DICOM but not: ${found.damaged
          .slice(0, 3)
          .map((d) => `${escapeName(d.name)}, ${d.reason}`)
          .join("; ")}${found.damaged.length > 3 ? "; …" : ""})`
      : "";
    throw new UsageError(
      `${name}: a folder${count ? ` of ${count} file${count === 1 ? "" : "s"}` : ""} without DICOM files${misnamed}; give a scan file (${VOLUME_FORMATS_TEXT}) or a folder of one DICOM series (a folder of scan files goes to segment's and baseline's --in-dir, or evaluate's --pred-dir and --label-dir)`,
    );
  }
  return found;
}

/**
 * A folder given where a scan file is asked for: the DICOM series in it (src/volume/dicom.ts), its files read whole.
 * With --series (`chosen`), or when the folder's files pass READ_MAX_BYTES together, each file's head is read first and
 * only the chosen series' files are read whole (and counted against READ_MAX_BYTES); with `scan` (listFolderSeries'),
 * the folder is not walked again nor its heads read again. Files too damaged to tell their series are skipped and
 * told in the layout's note and `series.damaged`. A folder without DICOM files, or whose files do not make one series
 * and none is chosen, is a UsageError naming `flag`, the folder and the fix.
 */
export function dicomFolderLayout(
  dir: string,
  flag: string,
  chosen?: string,
  offersSeries = false,
  scan?: FolderScan,
): { layout: VolumeLayout; series: DicomSeriesLayout } {
  const name = `${flag} ${displayPath(dir)}`;
  const found = scan?.found ?? folderFiles(dir, name);
  let files = found.files;
  let skipped = 0; // DICOM files without pixels set aside unread, counted in the note
  let damaged = found.damaged; // files named as DICOM that are not DICOM (.dcm, IM000013), and (sorted by their heads) those too damaged to tell their series
  let oneSeries = false;
  const sum = (list: FoundFile[]) => list.reduce((total, file) => total + file.size, 0);
  const hint = offersSeries ? ", or name one with --series (its number or its SeriesInstanceUID)" : "";
  try {
    if (chosen !== undefined || sum(files) > READ_MAX_BYTES || scan) {
      // the files' headers first: only the chosen series' image files are read whole
      const { series, notImages, damaged: headless } = scan?.sorted ?? seriesOfFiles(files, dir);
      damaged = [...damaged, ...headless];
      if (series.length > 1 && chosen === undefined)
        throw new UsageError(
          `${name}: the folder holds ${series.length} series, ${formatBytes(sum(files))} together, over the ${formatBytes(READ_MAX_BYTES)} the reader allows at once: ${escapeName(series.map((s) => `${s.label} (${s.files.length} file${s.files.length === 1 ? "" : "s"}, ${formatSize(s.bytes)})`).join(", "))}; put each series' files in a folder of their own (dcm2niix sorts them) and give that folder${hint} (vessel-lab info --in FOLDER lists them)${damagedTold(inNameOrder(damaged))}`,
        );
      // no series: every DICOM file is without pixels or damaged, which dicomSeriesOf says (the heads already told which)
      files = series.length === 0 ? [] : chosen !== undefined ? chosenSeries(series, chosen).files : series[0].files;
      skipped = notImages.length;
      oneSeries = series.length > 0;
    }
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(`${name}: ${escapeName((error as Error).message)}`);
  }
  const total = sum(files);
  if (total > READ_MAX_BYTES)
    throw new UsageError(
      `${name}: ${files.length} DICOM files of ${formatBytes(total)}${chosen !== undefined ? ` in series ${chosen}` : ""}, over the ${formatBytes(READ_MAX_BYTES)} the reader allows; ${oneSeries ? "convert the series with dcm2niix, then crop or downsample it" : "give one series' folder"}`,
    );
  try {
    const read = files.map(({ path }) => ({ name: relative(dir, path) || basename(path), bytes: readFileSync(path) }));
    // compressed slices: refused before decoding past what the reader allows
    const series = dicomSeriesOf(read, { maxDecodedBytes: READ_MAX_BYTES - total, skipped, damaged });
    return { layout: dicomLayout(series, total, found.others), series };
  } catch (error) {
    // a refusal names files, which may hold any character: escaped, as every name printed; several series: the
    // files skipped as damaged after the hint (a page lists them under its choice of series)
    const several = error instanceof SeveralSeries ? `${hint}${damagedTold(error.damaged)}` : "";
    throw new UsageError(`${name}: ${escapeName((error as Error).message)}${several}`);
  }
}

/** The files skipped as damaged, as a refusal's last words ("; 1 file skipped, not readable as DICOM: …"), escaped; "" where there are none. */
function damagedTold(damaged: readonly DamagedFile[]): string {
  return damaged.length ? `; ${escapeName(damagedNote(damaged))}` : "";
}

/** A folder's series as `info` lists them: FolderSeries with, where its first file says so, why vessel-lab cannot read it. */
export interface ListedSeries extends Omit<FolderSeries, "files"> {
  files: number;
  refused?: string;
}

/**
 * The DICOM series of a folder for `info` to list: each from its files' heads, with the reason vessel-lab would refuse
 * it where one of its files' heads says (a damaged file) or its smallest file gives one (a colour screenshot,
 * MONOCHROME1), where there are several to choose from; the files skipped as damaged; and `scan`, for
 * dicomFolderLayout to read a folder of one series without walking it again. null where `dir` is not a folder.
 */
export function listFolderSeries(
  dir: string,
  flag: string,
): { series: ListedSeries[]; others: number; notImages: number; damaged: DamagedFile[]; scan: FolderScan } | null {
  if (!isFolder(dir)) return null;
  const name = `${flag} ${displayPath(dir)}`;
  const found = folderFiles(dir, name);
  try {
    const sorted = seriesOfFiles(found.files, dir);
    const { series, notImages } = sorted;
    const listed = series.map(({ files, ...rest }): ListedSeries => {
      // one series is read next, which says why where it cannot be: its smallest file is not read twice
      const file = series.length > 1 && !rest.damaged ? refusalCheckFile(files) : null;
      const refused = rest.damaged ?? (file ? imageRefusal(readFileSync(file.path), relative(dir, file.path) || basename(file.path)) : undefined);
      return { ...rest, files: files.length, ...(refused ? { refused } : {}) };
    });
    return {
      series: listed,
      others: found.others,
      notImages: notImages.length,
      damaged: inNameOrder([...found.damaged, ...sorted.damaged]),
      scan: { found, sorted },
    };
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is named by the file reader
  }
}
