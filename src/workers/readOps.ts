/**
 * The operation of the read worker (notebooks/workers/read.js): the user's own files read off the page's thread. A
 * worker of its own, apart from the engine's, because it carries every reader and the JPEG-LS and JPEG 2000 decoders
 * (about 1 MB in all) that only a page given a file needs, and so that a page can end a read at once by ending its worker
 * (callInOwnWorker) when the user chooses other files.
 */
import { readYourFiles } from "../lab/yourFiles.js";
import { SeveralSeries } from "../volume/index.js";
import type { OpContext } from "./protocol.js";
import type { Op } from "./serve.js";

export const READ_OPS: Record<string, Op> = {
  /**
   * The user's scan file (or a DICOM series' files) and its label, read and checked against the page's budget
   * (src/lab/yourFiles.ts); `series`, where the files hold several, the one to read. Progress per decoded slice of a
   * compressed series. Files that hold several series and no choice come back as `{severalSeries}` (a worker's error
   * carries only its message; the page needs the list to offer a choice).
   */
  readFiles: async (ctx: OpContext, file: File | File[], labelFile: File | null, series?: string) => {
    try {
      return await readYourFiles(file, labelFile, { onProgress: (done, total, unit) => ctx.progress(done, total, unit), series });
    } catch (error) {
      if (error instanceof SeveralSeries)
        return { severalSeries: { message: error.message, series: error.series, ...(error.damaged.length ? { damaged: error.damaged } : {}) } };
      throw error;
    }
  },
};
