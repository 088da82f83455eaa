// The engine worker in headless Chromium: operations run off the main thread, give the same
// results as in Node, transfer typed arrays, report progress, and stop when cancelled.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { growTree, treeToJSON } from "../../src/geometry/index.js";
import { openBrowserModule, type BrowserModule } from "../support/browserModule.js";

describe("the engine worker", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/worker.entry.ts", { workers: { "engine.js": "src/workers/engine.ts" } });
  });
  after(async () => m?.close());

  test("EngineClient.call runs grow and voxelise in a worker, with Node's exact tree and typed arrays back", async () => {
    const r = await m.call<{
      ping: { pong: boolean; isWorker: boolean };
      treeJson: string;
      fractionIsF32: boolean;
      fractionLength: number;
      vessel: number;
      unknown: string;
    }>("roundTrip");
    assert.deepEqual(r.ping, { pong: true, isWorker: true });
    assert.equal(r.treeJson, treeToJSON(growTree({ preset: "brain", seed: 5, params: { terminals: 30 } })));
    assert.ok(r.fractionIsF32);
    assert.equal(r.fractionLength, 32 ** 3);
    assert.ok(r.vessel > 0);
    assert.match(r.unknown, /no operation "nope"/);
  });

  test("a cancelled call rejects with CancelledError after some progress, and the page stays responsive", async () => {
    const r = await m.call<{ error: string; progressCount: number; maxGapMs: number; isCancelled: boolean }>("cancelAndResponsiveness");
    assert.ok(r.isCancelled, `rejected with ${r.error}`);
    assert.ok(r.progressCount > 5 && r.progressCount < 200, `progress events: ${r.progressCount}`);
    assert.ok(r.maxGapMs < 100, `the main thread stalled for ${r.maxGapMs.toFixed(0)} ms`);
  });

  test("callInOwnWorker stops a call that blocks its worker as soon as it is cancelled, and returns a finished call's result with its progress", async () => {
    const r = await m.call<{ error: string; stoppedAfterMs: number; isCancelled: boolean; finished: { stoppedAt: number }; progress: number[] }>(
      "ownWorkerCancel",
    );
    assert.ok(r.isCancelled, `rejected with ${r.error}`);
    assert.ok(r.stoppedAfterMs < 2000, `stopped ${r.stoppedAfterMs.toFixed(0)} ms after the start, not after the 4 s step`);
    assert.deepEqual(r.finished, { stoppedAt: 3 });
    assert.deepEqual(r.progress, [1, 2, 3]);
  });

  test("no console errors", () => assert.deepEqual(m.consoleErrors, []));
});
