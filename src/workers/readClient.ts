/**
 * The page side of the read worker (read.ts): the user's own files read in a worker of their own, which ends with the
 * read, or at once when `signal` aborts (the user chose other files, or pressed Cancel).
 */
import type { YourFiles } from "../lab/yourFiles.js";
import { type DamagedFile, type SeriesSummary, SeveralSeries } from "../volume/index.js";
import { callInOwnWorker } from "./client.js";
import { CancelledError } from "./protocol.js";

/**
 * readYourFiles (src/lab/yourFiles.ts) in the read worker at `url`, its `series` the DICOM series to read where the files
 * hold several (else they reject with SeveralSeries, as readYourFiles does); a cancelled read rejects with a
 * CancelledError that says how to read the files again.
 */
export async function readFilesInWorker(
  url: string | URL,
  file: File | File[],
  labelFile: File | null,
  { signal, onProgress, series }: { signal?: AbortSignal; onProgress?: (done: number, total: number, unit?: string) => void; series?: string } = {},
): Promise<YourFiles> {
  try {
    const read = await callInOwnWorker<YourFiles | { severalSeries: { message: string; series: SeriesSummary[]; damaged?: DamagedFile[] } }>(
      url,
      "readFiles",
      [file, labelFile, series],
      {
        signal,
        onProgress,
        name: "vessel-lab read",
      },
    );
    if ("severalSeries" in read) throw new SeveralSeries(read.severalSeries.message, read.severalSeries.series, read.severalSeries.damaged);
    return read;
  } catch (error) {
    if (error instanceof CancelledError) throw new CancelledError("reading the files was cancelled: choose them again to read them");
    throw error;
  }
}
