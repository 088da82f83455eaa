/**
 * A DICOM series chosen or dropped in a page as its files (a page is given files, not a folder): the files read, those
 * that are not DICOM counted, the rest laid out as one series (src/volume/dicom.ts), with what reading it costs.
 */
import {
  DICOM_HEAD_STEPS,
  DamagedDicom,
  type DamagedFile,
  type DicomHead,
  type DicomSeriesLayout,
  type VolumeLayout,
  damagedByName,
  dicomCodecsOf,
  dicomHeadIn,
  imageRefusal,
  noSuchSeries,
  refusalCheckFile,
  dicomLayout,
  dicomSeriesOf,
  formatSize,
  inNameOrder,
  isDicom,
  loadDicomCodecs,
  notDicomFile,
  seriesArgument,
  seriesOfHeads,
  severalSeriesOfHeads,
} from "../volume/index.js";

/** Told as a long read goes on: `done` of `total` `unit` (for example 37 of 120 "slices decoded"). */
export type ReadProgress = (done: number, total: number, unit: string) => void;

/** How the user's files are read: who is told as it goes on, and (files holding several DICOM series) the SeriesInstanceUID of the one to read. */
export interface FilesReadOptions {
  onProgress?: ReadProgress;
  series?: string;
}

/** What a page says when one DICOM file comes alone: a series is all of its files. */
export const ONE_DICOM_FILE = "one DICOM slice of a series: choose or drop all the files of the series together (select them all in the file dialog)";

/** The files a user gave at once (a series' slices, or one enhanced multi-frame file): the DICOM series they make, its layout, and their bytes. */
export async function dicomFileSeries(
  files: readonly File[],
  budgetBytes = Infinity,
  { onProgress, series: chosen }: FilesReadOptions = {},
): Promise<{ series: DicomSeriesLayout; layout: VolumeLayout; bytes: number }> {
  // each file's first 132 bytes tell a DICOM file; only those are read whole (a CD's folder may hold a viewer's files too),
  // and the others are counted in the note and ignored, as the CLI ignores them in a folder, save those named as DICOM
  // (damagedByName: .dcm, or beside DICOM files a media file ID such as IM000013): damaged, and told
  const heads = await Promise.all(files.map(async (file) => isDicom(new Uint8Array(await file.slice(0, 132).arrayBuffer()))));
  const dicomFiles = files.filter((_, n) => heads[n]);
  const misnamed = files.filter((file, n) => !heads[n] && damagedByName(file.name, dicomFiles.length > 0));
  if (dicomFiles.length === 0)
    throw new Error(
      `${files.length} files, none of them DICOM${misnamed.length ? ` (${misnamed.length} named .dcm, but without DICOM's "DICM" mark: damaged, or not DICOM)` : ""}: choose one scan file (NIfTI, MetaImage, NRRD or TIFF), or all the files of one DICOM series`,
    );
  const others = files.length - dicomFiles.length - misnamed.length;
  let damaged = misnamed.map((file) => notDicomFile(file.webkitRelativePath || file.name, file.size));
  const sum = (list: readonly File[]) => list.reduce((n, f) => n + f.size, 0);
  let toRead = dicomFiles;
  let skipped = 0; // DICOM files without pixels set aside unread, counted in the note
  let pick: string | undefined; // what the CLI's --series takes to read the series chosen among several
  if (chosen !== undefined || sum(dicomFiles) > budgetBytes) {
    // each file's header first: only the chosen series' image files are read whole and counted against the budget, and
    // an exam over the budget is offered series by series rather than refused whole
    const read = await headsOf(dicomFiles);
    damaged = [...damaged, ...read.damaged];
    const { series, notImages } = seriesOfHeads(read.heads);
    if (series.length > 1 && chosen === undefined) {
      const checked = [];
      for (const s of series) {
        // a series over the budget alone is refused for its size, unread; the others by a damaged file's head, or their smallest file, one at a time
        const size = sum(s.files);
        const big = size > budgetBytes;
        const refused = big ? overBudget(s.files.length, size, budgetBytes, seriesArgument(s, series)) : (s.damaged ?? (await refusalOf(s.files, budgetBytes)));
        checked.push({ ...s, refused, ...(big ? { tooLarge: true } : {}) });
      }
      throw severalSeriesOfHeads(checked, `, ${formatSize(sum(dicomFiles))} together, more than the page allows itself at once`, inNameOrder(damaged));
    }
    const one = chosen === undefined ? series[0] : series.find((s) => s.uid === chosen);
    if (!one && chosen !== undefined)
      throw noSuchSeries(
        chosen,
        series.map((s) => s.label),
      );
    // no series: every DICOM file is without pixels or damaged, which dicomSeriesOf says (the heads already told which)
    toRead = one?.files ?? [];
    skipped = notImages.length;
    if (one && series.length > 1) pick = seriesArgument(one, series);
  }
  const total = sum(toRead);
  if (total > budgetBytes) throw new Error(overBudget(toRead.length, total, budgetBytes, pick));
  const dicom = await Promise.all(
    toRead.map(async (file) => ({ name: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  const bytes = dicom.reduce((n, f) => n + f.bytes.length, 0);
  await loadDicomCodecs(dicomCodecsOf(dicom.map((f) => f.bytes))); // JPEG-LS and JPEG 2000 decoders, fetched only for a series that needs them
  const series = dicomSeriesOf(dicom, {
    maxDecodedBytes: budgetBytes - bytes, // compressed slices: refused before decoding past the page's budget
    onDecoded: onProgress && ((done, total) => onProgress(done, total, "slices decoded")),
    series: chosen, // where the files hold several series: the one the user chose (a SeveralSeries error lists them)
    skipped,
    damaged, // told in the note, the volume read from the other files
  });
  if (dicomFiles.length === 1 && series.slices.length < 2) throw new Error(ONE_DICOM_FILE); // an enhanced file is a whole series; a classic one, one slice
  // the files read are the series' own (a series chosen among several: only its files were read)
  return { series, layout: dicomLayout(series, bytes, others), bytes };
}

/** Why `count` DICOM files of `total` bytes are not opened; with `pick`, what the CLI's --series takes to read the series, where it is one of several. */
function overBudget(count: number, total: number, budgetBytes: number, pick?: string): string {
  // sizes that round alike are given in bytes, so that the message never reads "3 KiB, more than the 3 KiB"
  const [size, budget] =
    formatSize(total) === formatSize(budgetBytes) ? [`${total} bytes`, `${budgetBytes} bytes`] : [formatSize(total), formatSize(budgetBytes)];
  return `${count} DICOM files of ${size}, more than the ${budget} the page allows itself, so they were not opened; segment the series with the CLI (vessel-lab segment --in FOLDER${pick ? ` --series ${pick}` : ""})`;
}

/**
 * Each DICOM file's head (dicomHeadIn): from its first 64 kB, or more where its header is longer (DICOM_HEAD_STEPS); one
 * file at a time, so that a folder of long headers is not read into memory at once. Files whose header cannot be
 * parsed as far as their series (DamagedDicom) are set aside, to be told.
 */
async function headsOf(files: readonly File[]): Promise<{ heads: { file: File; head: DicomHead }[]; damaged: DamagedFile[] }> {
  const heads: { file: File; head: DicomHead }[] = [];
  const damaged: DamagedFile[] = [];
  for (const file of files) {
    const name = file.webkitRelativePath || file.name;
    let head: DicomHead | null = null;
    try {
      for (const step of DICOM_HEAD_STEPS) {
        head ??= dicomHeadIn(new Uint8Array(await file.slice(0, step).arrayBuffer()), name, file.size);
      }
    } catch (error) {
      if (!(error instanceof DamagedDicom)) throw error;
      damaged.push(error.file);
      continue;
    }
    heads.push({ file, head: head! }); // dicomHeadIn answers at the last step
  }
  return { heads, damaged };
}

/** Why a series cannot be read, as its smallest file tells (imageRefusal); undefined where it can, or where that file is not checked (refusalCheckFile). */
async function refusalOf(files: readonly File[], budgetBytes: number): Promise<string | undefined> {
  const file = refusalCheckFile(files, budgetBytes);
  return file ? imageRefusal(new Uint8Array(await file.arrayBuffer()), file.webkitRelativePath || file.name) : undefined;
}

/** The name a page gives a DICOM series: "DICOM series 3 'angio' (120 files)", or "(1 file, 96 slices)" for an enhanced file. */
export function dicomSeriesName(series: DicomSeriesLayout): string {
  const files = new Set(series.slices.map((s) => s.bytes)).size; // the image files: each slice keeps its file's bytes
  const count = files === series.slices.length ? `${files} files` : `${files} file${files === 1 ? "" : "s"}, ${series.slices.length} slices`;
  return `${series.note.slice(0, series.note.indexOf(":"))} (${count})`;
}
