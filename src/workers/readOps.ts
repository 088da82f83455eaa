/**
 * The operation of the read worker (notebooks/workers/read.js): the user's own files read off the page's thread. A
 * worker of its own, apart from the engine's, because it carries every reader and the JPEG-LS and JPEG 2000 decoders
 * (about 800 KB) that only a page given a file needs, and so that a page can end a read at once by ending its worker
 * (callInOwnWorker) when the user chooses other files.
 */
import { readYourFiles } from "../lab/yourFiles.js";
import type { OpContext } from "./protocol.js";
import type { Op } from "./serve.js";

export const READ_OPS: Record<string, Op> = {
  /**
   * The user's scan file (or a DICOM series' files) and its label, read and checked against the page's budget
   * (src/lab/yourFiles.ts). Progress per decoded slice of a compressed series.
   */
  readFiles: (ctx: OpContext, file: File | File[], labelFile: File | null) =>
    readYourFiles(file, labelFile, { onProgress: (done, total, unit) => ctx.progress(done, total, unit) }),
};
