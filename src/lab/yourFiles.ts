/**
 * The user's own scan, and its label when one is given, read as every page reads them: each file laid out and checked
 * against the page's budget before anything is decoded (checkFileBudget), then decoded (readScanFile), the label
 * checked to lie on the scan's grid. Pages run it in the read worker (its `readFiles` operation), so that inflating
 * a large NIfTI or decoding a compressed DICOM series (about 0.1 s a 512² JPEG 2000 slice) never freezes the page.
 */
import type { Volume, VolumeFormat } from "../volume/index.js";
import type { FilesReadOptions } from "./dicomFiles.js";
import { readScanFile } from "./realScans.js";
import { checkFileBudget } from "./volumeBudget.js";

/** The user's files read: the scan (one file, or the files of a DICOM series) and its label, or null. */
export interface YourFiles {
  volume: Volume;
  label: Volume | null;
  /** The file's name, or a DICOM series' ("DICOM series 3 'angio' (120 files)"): text, never HTML. */
  name: string;
  /** The scan's bytes as given (a series' files together). */
  bytes: number;
  format: VolumeFormat;
  /** What reading it found or did that the user should see (a DICOM series: "120 slices, JPEG-LS"). */
  note?: string;
}

/**
 * Reads the scan `file` (or a DICOM series' files) and its `labelFile`; Errors name the file, the problem and the fix.
 * Files that hold several DICOM series throw SeveralSeries (src/volume), which lists them, unless `series` (a
 * SeriesInstanceUID) says which to read.
 */
export async function readYourFiles(
  file: File | readonly File[],
  labelFile: File | null = null,
  { onProgress, series }: FilesReadOptions = {},
): Promise<YourFiles> {
  // the layouts first: a file the page cannot even read within its budget is refused before either is decoded
  const scanLayout = await checkFileBudget(file, undefined, { onProgress, series });
  const labelLayout = labelFile ? await checkFileBudget(labelFile) : undefined;
  const scan = await readScanFile(file, scanLayout);
  let label: Volume | null = null;
  if (labelFile) {
    const l = await readScanFile(labelFile, labelLayout);
    if (l.volume.dims.some((d, a) => d !== scan.volume.dims[a])) {
      throw new Error(`the label ${l.name} is ${l.volume.dims.join("×")}, the scan ${scan.volume.dims.join("×")}; give the label drawn on this scan's grid`);
    }
    label = l.volume;
  }
  return { volume: scan.volume, label, name: scan.name, bytes: scan.bytes, format: scan.format, note: scan.note };
}
