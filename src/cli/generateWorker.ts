/**
 * One worker thread of `vessel-lab generate`: takes sample indices from the main thread, makes
 * each sample and writes its files (or first checks the files a manifest already lists), and
 * answers with the manifest line. Only the main thread writes the manifest.
 */
import { parentPort, workerData } from "node:worker_threads";
import { makeSample, sampleSpec, type EncodeOptions, type ManifestEntry, type SampleFileKind, type SampleOptions } from "../dataset/index.js";
import { sampleIntact, writeSample } from "./datasetFiles.js";

export interface WorkerSetup {
  dir: string;
  options: SampleOptions;
  encode: EncodeOptions;
  /** The kinds of file each sample has. */
  kinds: SampleFileKind[];
}

/** Main → worker: make sample `index`, unless `listed` (its manifest line) is intact on disk. */
export interface WorkerTask {
  index: number;
  listed?: ManifestEntry;
}

/** Worker → main. */
export type WorkerReply =
  { type: "made"; index: number; entry: ManifestEntry; ms: number } | { type: "intact"; index: number } | { type: "failed"; index: number; message: string };

const setup = workerData as WorkerSetup;
const port = parentPort!;

port.on("message", (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    if (task.listed && sampleIntact(setup.dir, task.listed, setup.kinds)) reply = { type: "intact", index: task.index };
    else {
      const t0 = performance.now();
      const entry = writeSample(setup.dir, makeSample(sampleSpec(task.index, setup.options)), setup.encode);
      reply = { type: "made", index: task.index, entry, ms: performance.now() - t0 };
    }
  } catch (error) {
    reply = { type: "failed", index: task.index, message: (error as Error).message ?? String(error) };
  }
  port.postMessage(reply);
});
