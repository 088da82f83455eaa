import { test } from "node:test";
import assert from "node:assert/strict";
import { threadReport, STAGES } from "../../src/lab/index.js";
import { chooseProvider } from "../../src/infer/provider.js";

test("threadReport without cross-origin isolation gives one WASM thread and says why", () => {
  const r = threadReport({ crossOriginIsolated: false, hardwareConcurrency: 8, hasSharedArrayBuffer: false });
  assert.equal(r.wasmThreads, 1);
  assert.match(r.reason, /not cross-origin isolated/);
});

test("threadReport when isolated uses half the cores, at most 4", () => {
  assert.equal(threadReport({ crossOriginIsolated: true, hardwareConcurrency: 2, hasSharedArrayBuffer: true }).wasmThreads, 2);
  assert.equal(threadReport({ crossOriginIsolated: true, hardwareConcurrency: 6, hasSharedArrayBuffer: true }).wasmThreads, 4);
  assert.equal(threadReport({ crossOriginIsolated: true, hardwareConcurrency: 32, hasSharedArrayBuffer: true }).wasmThreads, 4);
});

test("threadReport treats a missing or absurd core count as one core", () => {
  assert.equal(threadReport({ crossOriginIsolated: true, hasSharedArrayBuffer: true }).hardwareConcurrency, 1);
  assert.equal(threadReport({ crossOriginIsolated: true, hardwareConcurrency: 0, hasSharedArrayBuffer: true }).wasmThreads, 1);
});

test("STAGES lists the pipeline in order: simulate, voxelise, synthesise, segment, adapt", () => {
  assert.deepEqual(
    STAGES.map((s) => s.id),
    ["grow", "voxelise", "synthesise", "segment", "adapt"],
  );
});

test("every stage page that STAGES links exists in notebooks/", async () => {
  const { existsSync } = await import("node:fs");
  for (const s of STAGES) if (s.page) assert.ok(existsSync(`notebooks/${s.page.replace("./", "")}.md`), `${s.page} is linked but missing`);
});

test("threadReport's WASM threads are the ones the inference worker is given (chooseProvider), for every core count", async () => {
  for (const cores of [1, 2, 3, 4, 6, 8, 32]) {
    const choice = await chooseProvider("wasm", { isolated: true, cores });
    assert.equal(
      threadReport({ crossOriginIsolated: true, hardwareConcurrency: cores, hasSharedArrayBuffer: true }).wasmThreads,
      choice.threads,
      `${cores} cores`,
    );
  }
  assert.equal(
    (await chooseProvider("wasm", { isolated: false, cores: 8 })).threads,
    threadReport({ crossOriginIsolated: false, hardwareConcurrency: 8, hasSharedArrayBuffer: true }).wasmThreads,
  );
});
