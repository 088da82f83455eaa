import { test } from "node:test";
import assert from "node:assert/strict";
import {
  batchItemChoice,
  batchSummary,
  evaluateBatch,
  generatedBatch,
  keptBatch,
  summaryBars,
  writeVolumeChoice,
  type BatchItem,
} from "../../src/lab/index.js";
import type { SampleSummary } from "../../src/storage/index.js";
import { createVolume, type Volume } from "../../src/volume/index.js";

// 10 voxels; the label marks voxels 0–3. A mask marking the first k label voxels and nothing else has
// Dice 2k / (k + 4): k = 4 → 1, 3 → 6/7, 2 → 2/3, 0 → 0. Marking all 10 voxels gives 2·4 / (10 + 4) = 4/7.
const DIMS: [number, number, number] = [10, 1, 1];
const label = (() => {
  const v = createVolume(Uint8Array, DIMS);
  v.data.fill(1, 0, 4);
  return v;
})();
const maskOf = (k: number) => {
  const v = createVolume(Uint8Array, DIMS);
  v.data.fill(1, 0, k);
  return v;
};
const all = () => {
  const v = createVolume(Uint8Array, DIMS);
  v.data.fill(1);
  return v;
};

// The "image" of item i carries the number of label voxels the fake model marks, in its first voxel.
function runners(hits: Record<string, number>, opts: { failLoad?: string; noLabel?: string } = {}) {
  return {
    load: async (item: BatchItem) => {
      if (item.id === opts.failLoad) throw new Error(`no kept sample "${item.id}"`);
      const volume = createVolume(Float32Array, DIMS);
      volume.data[0] = hits[item.id];
      return { volume, label: item.id === opts.noLabel ? null : label };
    },
    segment: async (volume: Volume) => maskOf(volume.data[0]),
    baselines: async (_volume: Volume, methods: ("otsu" | "frangi")[]) => methods.map((method) => ({ method, mask: method === "otsu" ? maskOf(4) : all() })),
  };
}

const item = (id: string, preset: string): BatchItem => ({ id, preset, request: { source: "kept sample", id } });
const close = (a: number | undefined, b: number) => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test("generatedBatch lists perPreset samples of each preset, named as the Synthesise page names kept samples", () => {
  const items = generatedBatch({ presets: ["brain-tof", "microscopy"], perPreset: 2, seed: 99, size: 64 });
  assert.deepEqual(
    items.map((i) => i.id),
    ["brain-tof-s99-64-0000", "brain-tof-s99-64-0001", "microscopy-s99-64-0000", "microscopy-s99-64-0001"],
  );
  assert.deepEqual(items[3].request, { source: "synthetic sample", preset: "microscopy", seed: 99, index: 1, size: 64 });
  assert.equal(items[3].preset, "microscopy");
  assert.throws(() => generatedBatch({ presets: [], perPreset: 2, seed: 1, size: 64 }), /choose at least one preset/);
  assert.throws(() => generatedBatch({ presets: ["a"], perPreset: 0, seed: 1, size: 64 }), /perPreset = 0/);
});

test("keptBatch takes the kept samples oldest first, each under its record's preset", () => {
  const s = (id: string, createdAt: number, record: Record<string, unknown>): SampleSummary => ({ id, createdAt, record, dims: [8, 8, 8], bytes: 1 });
  const items = keptBatch([s("b", 20, { preset: "brain-cta" }), s("a", 10, { preset: "brain-tof" }), s("c", 30, {})]);
  assert.deepEqual(
    items.map((i) => [i.id, i.preset]),
    [
      ["a", "brain-tof"],
      ["b", "brain-cta"],
      ["c", "unknown"],
    ],
  );
  assert.deepEqual(items[0].request, { source: "kept sample", id: "a" });
});

test("evaluateBatch scores every method by Dice, keeps the worst cases with their masks, and goes on past a volume that fails", async () => {
  const items = [item("a", "p"), item("b", "p"), item("gone", "q"), item("c", "q"), item("d", "q"), item("nolabel", "q")];
  const hits = { a: 4, b: 2, c: 0, d: 3, nolabel: 4 };
  const seen: [string | null, number, number][] = [];
  const r = await evaluateBatch(items, runners(hits, { failLoad: "gone", noLabel: "nolabel" }), {
    keepWorst: 2,
    onCase: (c, done, total) => seen.push([c?.item.id ?? null, done, total]),
  });
  assert.equal(r.cancelled, false);
  assert.deepEqual(
    r.cases.map((c) => c.item.id),
    ["a", "b", "c", "d"],
  );
  const byId = Object.fromEntries(r.cases.map((c) => [c.item.id, c.dice]));
  close(byId.a.model, 1);
  close(byId.b.model, 2 / 3);
  close(byId.c.model, 0);
  close(byId.d.model, 6 / 7);
  for (const c of r.cases) {
    close(c.dice.otsu, 1);
    close(c.dice.frangi, 4 / 7);
  }
  // the two lowest model Dice, lowest first, each with the volume, its label and the three masks
  assert.deepEqual(
    r.worst.map((w) => w.item.id),
    ["c", "b"],
  );
  assert.deepEqual(
    r.worst[0].masks.map((m) => m.method),
    ["model", "otsu", "frangi"],
  );
  assert.equal(
    r.worst[1].masks[0].mask.data.reduce((a, b) => a + b, 0),
    2,
  );
  assert.equal(r.worst[0].label, label);
  assert.deepEqual(
    r.failed.map((f) => [f.item.id, f.message]),
    [
      ["gone", 'no kept sample "gone"'],
      ["nolabel", "it has no label to score against"],
    ],
  );
  assert.deepEqual(seen, [
    ["a", 1, 6],
    ["b", 2, 6],
    [null, 3, 6],
    ["c", 4, 6],
    ["d", 5, 6],
    [null, 6, 6],
  ]);
});

test("evaluateBatch runs only the methods asked for, ranking the worst by the first", async () => {
  const r = await evaluateBatch([item("a", "p"), item("b", "p")], runners({ a: 4, b: 0 }), { methods: ["frangi"], keepWorst: 1 });
  assert.deepEqual(Object.keys(r.cases[0].dice), ["frangi"]);
  assert.equal(r.worst.length, 1);
  assert.deepEqual(
    r.worst[0].masks.map((m) => m.method),
    ["frangi"],
  );
  await assert.rejects(evaluateBatch([], runners({}), { methods: [] }), /methods is empty/);
  await assert.rejects(evaluateBatch([], runners({}), { methods: ["unet" as "model"] }), /method "unet"/);
});

test("evaluateBatch stops at a cancel and returns the cases finished before it", async () => {
  const controller = new AbortController();
  const items = ["a", "b", "c", "d"].map((id) => item(id, "p"));
  const r = await evaluateBatch(items, runners({ a: 4, b: 2, c: 0, d: 3 }), {
    signal: controller.signal,
    onCase: (_c, done) => done === 2 && controller.abort(),
  });
  assert.equal(r.cancelled, true);
  assert.equal(r.cases.length, 2);
  // a worker's CancelledError in the middle of a volume stops the run the same way, and is not a failed volume
  const cancelling = { ...runners({ a: 4, b: 2 }), segment: async () => Promise.reject(Object.assign(new Error("cancelled"), { name: "CancelledError" })) };
  const r2 = await evaluateBatch(items, cancelling);
  assert.equal(r2.cancelled, true);
  assert.deepEqual(r2.failed, []);
});

test("batchSummary gives mean Dice per preset and overall, and the best method of each", () => {
  const c = (preset: string, model: number, otsu: number) => ({ item: item(`${preset}${model}`, preset), dice: { model, otsu } });
  const { presets, all } = batchSummary([c("p", 0.8, 0.5), c("q", 0.2, 0.4), c("p", 0.6, 0.9), c("q", 0.4, 0.6)], ["model", "otsu", "frangi"]);
  assert.deepEqual(
    presets.map((g) => [g.group, g.n, g.best]),
    [
      ["p", 2, "model"],
      ["q", 2, "otsu"],
    ],
  );
  close(presets[0].dice.model, 0.7);
  close(presets[0].dice.otsu, 0.7); // (0.5 + 0.9) / 2: a tie with the model, and the first method stays best
  close(presets[1].dice.model, 0.3);
  close(presets[1].dice.otsu, 0.5);
  assert.equal(presets[0].dice.frangi, undefined);
  assert.equal(all.n, 4);
  close(all.dice.model, 0.5);
  close(all.dice.otsu, 0.6);
  assert.equal(all.best, "otsu");
  assert.deepEqual(
    summaryBars(presets).map((b) => `${b.preset}/${b.method}`),
    ["p/model", "p/otsu", "q/model", "q/otsu"],
  );
});

test("batchItemChoice opens a batch's volume on the Segment page: the picker's URL parameters for it", () => {
  const [generated] = generatedBatch({ presets: ["brain-cta"], perPreset: 1, seed: 5, size: 48 });
  assert.equal(
    writeVolumeChoice(batchItemChoice(generated), new URLSearchParams("scale=2")).toString(),
    "scale=2&source=synthetic+sample&sample=brain-cta&index=0&ssize=48&dseed=5",
  );
  assert.equal(writeVolumeChoice(batchItemChoice(item("x-1", "p")), new URLSearchParams()).toString(), "source=kept+sample&kept=x-1");
});
