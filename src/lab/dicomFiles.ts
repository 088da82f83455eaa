/**
 * A DICOM series chosen or dropped in a page as its files (a page is given files, not a folder): the files read, those
 * that are not DICOM counted, the rest laid out as one series (src/volume/dicom.ts), with what reading it costs.
 */
import {
  DICOM_HEAD_BYTES,
  type DicomHead,
  type DicomSeriesLayout,
  type VolumeLayout,
  dicomCodecsOf,
  dicomHeadOf,
  dicomLayout,
  dicomSeriesOf,
  isDicom,
  loadDicomCodecs,
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
  // and the others are counted in the note and ignored, as the CLI ignores them in a folder
  const heads = await Promise.all(files.map(async (file) => isDicom(new Uint8Array(await file.slice(0, 132).arrayBuffer()))));
  const dicomFiles = files.filter((_, n) => heads[n]);
  if (dicomFiles.length === 0)
    throw new Error(`${files.length} files, none of them DICOM: choose one scan file (NIfTI, MetaImage, NRRD or TIFF), or all the files of one DICOM series`);
  const others = files.length - dicomFiles.length;
  const sum = (list: readonly File[]) => list.reduce((n, f) => n + f.size, 0);
  let toRead = dicomFiles;
  if (chosen !== undefined || sum(dicomFiles) > budgetBytes) {
    // each file's header first: only the chosen series' files are read whole and counted against the budget, and an
    // exam over the budget is offered series by series rather than refused whole
    const { series, notImages } = seriesOfHeads(await Promise.all(dicomFiles.map(async (file) => ({ file, head: await headOf(file) }))));
    if (series.length > 1 && chosen === undefined)
      throw severalSeriesOfHeads(series, `, ${gigabytes(sum(dicomFiles))} together, more than the page allows itself at once`);
    const one = chosen === undefined ? undefined : series.find((s) => s.uid === chosen);
    if (chosen !== undefined && !one)
      throw new Error(`no series ${chosen} among these files (they hold ${series.map((s) => s.label).join(", ")}); choose one of those`);
    if (one) toRead = [...one.files, ...notImages]; // with the files without pixels, which the note counts as skipped
  }
  const total = sum(toRead);
  if (total > budgetBytes)
    throw new Error(
      `${toRead.length} DICOM files of ${gigabytes(total)}, more than the ${gigabytes(budgetBytes)} the page allows itself, so they were not opened; segment the series with the CLI (vessel-lab segment --in FOLDER)`,
    );
  const dicom = await Promise.all(
    toRead.map(async (file) => ({ name: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  const bytes = dicom.reduce((n, f) => n + f.bytes.length, 0);
  await loadDicomCodecs(dicomCodecsOf(dicom.map((f) => f.bytes))); // JPEG-LS and JPEG 2000 decoders, fetched only for a series that needs them
  const series = dicomSeriesOf(dicom, {
    maxDecodedBytes: budgetBytes - bytes, // compressed slices: refused before decoding past the page's budget
    onDecoded: onProgress && ((done, total) => onProgress(done, total, "slices decoded")),
    series: chosen, // where the files hold several series: the one the user chose (a SeveralSeries error lists them)
  });
  if (dicomFiles.length === 1 && series.slices.length < 2) throw new Error(ONE_DICOM_FILE); // an enhanced file is a whole series; a classic one, one slice
  // the files of the series read (a series chosen among several: its own), as the page reports them
  const read = chosen === undefined ? bytes : [...new Set(series.slices.map((s) => s.bytes))].reduce((n, b) => n + b.length, 0);
  return { series, layout: dicomLayout(series, read, others), bytes: read };
}

/** "1.4 GB": a size as the page's budget messages give it. */
const gigabytes = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** A DICOM file's head (dicomHeadOf): from its first DICOM_HEAD_BYTES, or from the whole file where its header is longer. */
async function headOf(file: File): Promise<DicomHead> {
  const name = file.webkitRelativePath || file.name;
  const whole = file.size <= DICOM_HEAD_BYTES;
  const first = dicomHeadOf(new Uint8Array(await file.slice(0, DICOM_HEAD_BYTES).arrayBuffer()), name, whole);
  return first ?? dicomHeadOf(new Uint8Array(await file.arrayBuffer()), name, true)!;
}

/** The name a page gives a DICOM series: "DICOM series 3 'angio' (120 files)", or "(1 file, 96 slices)" for an enhanced file. */
export function dicomSeriesName(series: DicomSeriesLayout): string {
  const files = new Set(series.slices.map((s) => s.bytes)).size; // the image files: each slice keeps its file's bytes
  const count = files === series.slices.length ? `${files} files` : `${files} file${files === 1 ? "" : "s"}, ${series.slices.length} slices`;
  return `${series.note.slice(0, series.note.indexOf(":"))} (${count})`;
}
