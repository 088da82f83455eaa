// Browser side of test/e2e/worker.test.ts: the engine worker through EngineClient.
import { EngineClient, CancelledError } from "../../src/workers/index.js";
import { treeToJSON } from "../../src/geometry/index.js";

export async function roundTrip() {
  const engine = new EngineClient("./engine.js");
  try {
    const ping = await engine.call<{ pong: boolean; isWorker: boolean }>("ping");
    const tree = await engine.call<Parameters<typeof treeToJSON>[0]>("grow", [{ preset: "brain", seed: 5, params: { terminals: 30 } }]);
    const maps = await engine.call<{ fraction: { data: Float32Array; dims: number[] } }>("voxelize", [tree, 32]);
    let unknown = "";
    await engine.call("nope").catch((e: Error) => (unknown = e.message));
    return { ping, treeJson: treeToJSON(tree), fractionIsF32: maps.fraction.data instanceof Float32Array, fractionLength: maps.fraction.data.length, vessel: maps.fraction.data.reduce((a, b) => a + b, 0), unknown };
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
    const run = engine.call("spin", [200, 10], { signal: controller.signal, onProgress: (done) => progress.push(done) });
    setTimeout(() => controller.abort(), 300);
    let error = "";
    let result: unknown = null;
    try {
      result = await run;
    } catch (e) {
      error = (e as Error).name;
    }
    return { error, result, progressCount: progress.length, maxGapMs: maxGap, isCancelled: error === new CancelledError().name };
  } finally {
    clearInterval(timer);
    engine.dispose();
  }
}
