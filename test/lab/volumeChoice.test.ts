import { test } from "node:test";
import assert from "node:assert/strict";
import { REAL_SCANS, type VolumeChoice, volumeRequestOf, writeVolumeChoice } from "../../src/lab/index.js";

const base: VolumeChoice = {
  source: "synthetic sample",
  sample: { preset: "liver-cta", index: 3, size: 48, seed: 9 },
  keptId: null,
  scan: REAL_SCANS[1],
  file: null,
  labelFile: null,
};

test("volumeRequestOf(choice) gives loadVolume's request for each source, and null while a file or kept sample is missing", () => {
  assert.deepEqual(volumeRequestOf(base, ""), { source: "synthetic sample", preset: "liver-cta", index: 3, size: 48, seed: 9 });
  assert.deepEqual(volumeRequestOf({ ...base, source: "real scan" }, ""), { source: "real scan", scan: REAL_SCANS[1] });
  assert.equal(volumeRequestOf({ ...base, source: "kept sample" }, ""), null);
  assert.deepEqual(volumeRequestOf({ ...base, source: "kept sample", keptId: "a" }, ""), { source: "kept sample", id: "a" });
  assert.equal(volumeRequestOf({ ...base, source: "your file" }, ""), null);
  assert.deepEqual(volumeRequestOf({ ...base, source: "demo volume" }, ""), { source: "demo volume", insteadOf: null });
  assert.deepEqual(volumeRequestOf({ ...base, source: "demo volume", insteadOf: "chris_MRA" }, ""), { source: "demo volume", insteadOf: "chris_MRA" });
  const r = volumeRequestOf({ ...base, source: "synthesised image" }, "preset=brain&seed=4&modality=cta&size=48&iseed=2");
  assert.equal(r?.source, "synthesised image");
  assert.deepEqual(r && "request" in r ? [r.request.tree.preset, r.request.tree.seed, r.request.modality, r.request.size, r.request.seed] : null, [
    "brain",
    4,
    "cta",
    48,
    2,
  ]);
});

test("writeVolumeChoice(choice, params) records the source and its settings, and leaves other parameters alone", () => {
  const p = writeVolumeChoice(base, new URLSearchParams("provider=wasm&preset=brain"));
  assert.equal(p.toString(), "provider=wasm&preset=brain&source=synthetic+sample&sample=liver-cta&index=3&ssize=48&dseed=9");
  assert.equal(writeVolumeChoice({ ...base, source: "real scan" }, new URLSearchParams()).toString(), `source=real+scan&scan=${REAL_SCANS[1].id}`);
  assert.equal(
    writeVolumeChoice({ ...base, source: "demo volume", insteadOf: "chris_MRA" }, new URLSearchParams("scan=CT_AVM")).toString(),
    "scan=CT_AVM&source=demo+volume",
    "the offer is not kept in the URL",
  );
});
