// The engine worker in headless Chromium: operations run off the main thread, give the same
// results as in Node, transfer typed arrays, report progress, and stop when cancelled.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { growTree, treeToJSON } from "../../src/geometry/index.js";
import { openBrowserModule, type BrowserModule } from "../support/browserModule.js";

describe("the engine worker", () => {
  let m: BrowserModule;
  before(async () => {
    m = await openBrowserModule("test/browser/worker.entry.ts", { workers: { "engine.js": "src/workers/engine.ts", "read.js": "src/workers/read.ts" } });
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

  test("the read worker reads a DICOM series in each compression as the CLI reads its folder, with the JPEG-LS and JPEG 2000 decoders loaded in the worker, and tells each slice decoded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vl-read-worker-"));
    try {
      const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
      assert.equal(r.status, 0, `scripts/dicom-check.py (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`);
      for (const [codec, name] of [
        ["jpeg2000", "lossless JPEG 2000"],
        ["jpeg-ls", "JPEG-LS"],
        ["jpeg-lossless", "lossless JPEG"],
        ["rle", "RLE"],
      ]) {
        const folder = join(dir, `c-ct12-${codec}`);
        const files = readdirSync(folder)
          .sort()
          .map((f) => ({ name: f, bytes: Array.from(readFileSync(join(folder, f))) }));
        const read = await m.call<{
          dims: number[];
          data: number[];
          affine: number[];
          name: string;
          note: string;
          progress: [number, number, string][];
          cancelled: string;
          slicesBeforeCancel: number;
        }>("readInWorker", files);
        const cli = readVolumeFile(folder, "--in", { command: "test" });
        assert.deepEqual(read.dims, cli.volume.dims);
        assert.deepEqual(read.data, Array.from(cli.volume.data), `${codec}: the voxels the CLI reads`);
        read.affine.forEach((x, n) => assert.ok(Math.abs(x - cli.volume.affine[n]) < 1e-9));
        assert.equal(read.name, "DICOM series 3 'c-ct12' (3 files)");
        assert.ok(read.note.startsWith(`3 slices, ${name}`), read.note);
        assert.deepEqual(
          read.progress,
          [1, 2, 3].map((done) => [done, 3, "slices decoded"]),
        );
        assert.equal(read.cancelled, "CancelledError: reading the files was cancelled: choose them again to read them");
        assert.equal(read.slicesBeforeCancel, 1, "cancelled after its first slice");
        if (codec === "jpeg2000") {
          const view = await m.call<{ first: string; hiddenAfterStop: boolean; superseded: string; latest: string; hidden: boolean; done: string | null }>(
            "readingViewStops",
            files,
          );
          const cancelled = "CancelledError: reading the files was cancelled: choose them again to read them";
          assert.deepEqual(view, { first: cancelled, hiddenAfterStop: true, superseded: cancelled, latest: "34×30×3", hidden: true, done: "3" });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no console errors", () => assert.deepEqual(m.consoleErrors, []));
});
