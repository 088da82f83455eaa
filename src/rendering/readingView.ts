/**
 * The user's own files read in the read worker (src/workers/readClient.ts), with a progress line that shows while a
 * read lasts: "reading…", then "37 of 120 slices decoded, about 10 s left" for a compressed DICOM series, and a Cancel
 * button. A new read ends the one before it (its worker is stopped), so choosing other files mid-read costs nothing, and
 * so does the signal a read is given (the page's cell, invalidated when the user chooses another source). The element
 * is hidden between reads; `read` is what loadVolume takes as `readFiles` (src/lab).
 */
import type { FilesReader } from "../lab/index.js";
import { readFilesInWorker } from "../workers/index.js";
import { type ProgressView, progressView } from "./progressView.js";

export interface ReadingView extends ProgressView {
  read: FilesReader;
}

/** A reading line for the read worker at `url` (the page's FileAttachment("workers/read.js")). */
export function readingView(url: string | URL, { id = "read-progress" }: { id?: string } = {}): ReadingView {
  const view = progressView({ id, unit: "slices decoded", startText: "reading…" }) as ReadingView;
  view.hidden = true;
  let latest = 0;
  view.read = async (file, labelFile, series, stop) => {
    const run = ++latest;
    const signal = view.start(); // aborts the read before this one
    view.hidden = false;
    // the caller's signal (a page cell invalidated: the user chose another source) stops this read, not a later one
    stop?.addEventListener("abort", () => run === latest && view.cancel(), { once: true });
    if (stop?.aborted) view.cancel();
    try {
      return await readFilesInWorker(url, file, labelFile, { signal, series, onProgress: (done, total, unit) => view.update(done, total, unit) });
    } finally {
      if (run === latest) {
        view.finish();
        view.hidden = true;
      }
    }
  };
  return view;
}
