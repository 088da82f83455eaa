// Browser side of test/e2e/worker.test.ts: the engine worker through EngineClient.
import { EngineClient, CancelledError, callInOwnWorker, readFilesInWorker } from "../../src/workers/index.js";
import { readingView } from "../../src/rendering/readingView.js";
import { treeToJSON } from "../../src/geometry/index.js";

export async function roundTrip() {
  const engine = new EngineClient("./engine.js");
  try {
    const ping = await engine.call<{ pong: boolean; isWorker: boolean }>("ping");
    const tree = await engine.call<Parameters<typeof treeToJSON>[0]>("grow", [{ preset: "brain", seed: 5, params: { terminals: 30 } }]);
    const maps = await engine.call<{ fraction: { data: Float32Array; dims: number[] } }>("voxelise", [tree, 32]);
    let unknown = "";
    await engine.call("nope").catch((e: Error) => (unknown = e.message));
    return {
      ping,
      treeJson: treeToJSON(tree),
      fractionIsF32: maps.fraction.data instanceof Float32Array,
      fractionLength: maps.fraction.data.length,
      vessel: maps.fraction.data.reduce((a, b) => a + b, 0),
      unknown,
    };
  } finally {
    engine.dispose();
  }
}

/** Cancels a long operation midway and measures how responsive the page stayed meanwhile. */
export async function cancelAndResponsiveness() {
  const engine = new EngineClient("./engine.js");
  const controller = new AbortController();
  const progress: number[] = [];
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 10);
  try {
    // cancelled after its tenth progress event (not after a time: a loaded machine may take that long to start the worker)
    const run = engine.call("spin", [200, 10], {
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done);
        if (progress.length === 10) controller.abort();
      },
    });
    let error = "";
    let result: unknown = null;
    try {
      result = await run;
    } catch (e) {
      error = (e as Error).name;
    }
    maxGap = Math.max(maxGap, performance.now() - last); // a stall since the last tick, which no tick has measured yet
    return { error, result, progressCount: progress.length, maxGapMs: maxGap, isCancelled: error === new CancelledError().name };
  } finally {
    clearInterval(timer);
    engine.dispose();
  }
}

/** A call that blocks its worker for 4 s (one busy step), run in a worker of its own and cancelled after 300 ms; and one that ends. */
export async function ownWorkerCancel() {
  const controller = new AbortController();
  const t0 = performance.now();
  setTimeout(() => controller.abort(), 300);
  let error = "";
  try {
    await callInOwnWorker("./engine.js", "spin", [1, 4000], { signal: controller.signal });
  } catch (e) {
    error = (e as Error).name;
  }
  const stoppedAfterMs = performance.now() - t0;
  const progress: number[] = [];
  const finished = await callInOwnWorker<{ stoppedAt: number }>("./engine.js", "spin", [3, 5], { onProgress: (done) => progress.push(done) });
  return { error, stoppedAfterMs, isCancelled: error === new CancelledError().name, finished, progress };
}

/** The files of a DICOM series (name and bytes) read in the read worker as the pages read a user's files: the volume, what the series note says, and the progress told. */
export async function readInWorker(files: { name: string; bytes: number[] }[]) {
  const progress: [number, number, string | undefined][] = [];
  const given = files.map((f) => new File([new Uint8Array(f.bytes)], f.name));
  const read = await readFilesInWorker("./read.js", given, null, { onProgress: (done, total, unit) => progress.push([done, total, unit]) });
  // cancelled mid-decode, after its first slice: the call ends then, not when the read would have
  let cancelled = "";
  let slicesBeforeCancel = 0;
  const controller = new AbortController();
  const run = readFilesInWorker("./read.js", given, null, {
    signal: controller.signal,
    onProgress: (done) => {
      slicesBeforeCancel = done;
      controller.abort();
    },
  });
  await run.then(
    () => (cancelled = "read to the end"),
    (e: Error) => (cancelled = `${e.name}: ${e.message}`),
  );
  return {
    dims: read.volume.dims,
    data: Array.from(read.volume.data),
    affine: read.volume.affine,
    name: read.name,
    note: read.note,
    progress,
    cancelled,
    slicesBeforeCancel,
  };
}

/**
 * The pages' reading line (src/rendering/readingView.ts) on a series' files: a read whose signal aborts stops; a read
 * superseded by a newer one stops, and its signal aborting afterwards (its page cell invalidated) leaves the newer read alone.
 */
export async function readingViewStops(files: { name: string; bytes: number[] }[]) {
  const given = files.map((f) => new File([new Uint8Array(f.bytes)], f.name));
  const view = readingView("./read.js");
  document.body.append(view);
  const outcome = (p: Promise<{ volume: { dims: number[] } }>) =>
    p.then(
      (r) => r.volume.dims.join("×"),
      (e: Error) => `${e.name}: ${e.message}`,
    );
  const a = new AbortController();
  const stopped = outcome(view.read(given, null, undefined, a.signal));
  a.abort();
  const first = await stopped;
  const hiddenAfterStop = view.hidden;
  const b1 = new AbortController();
  const b2 = new AbortController();
  const superseded = outcome(view.read(given, null, undefined, b1.signal));
  const latest = outcome(view.read(given, null, undefined, b2.signal));
  b1.abort();
  return { first, hiddenAfterStop, superseded: await superseded, latest: await latest, hidden: view.hidden, done: view.dataset.done ?? null };
}
