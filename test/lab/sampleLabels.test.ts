// The pages' synthetic samples carry labels in the convention the page's model learnt: labelConventionOf reads it from
// the model card, loadVolume asks the sample maker for it (and names the generate command that makes the same label),
// and the Evaluate page's generated batch names its samples as the Synthesise page names such samples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { labelConventionOf } from "../../src/infer/index.js";
import { generatedBatch, loadVolume, type SampleMaker } from "../../src/lab/index.js";

test("labelConventionOf: visible only where the card's training says so; lumen for other cards, none, or bad values", () => {
  assert.equal(labelConventionOf({ training: { label_convention: "visible" } }), "visible");
  assert.equal(labelConventionOf({ training: { label_convention: "lumen" } }), "lumen");
  assert.equal(labelConventionOf({ training: {} }), "lumen");
  assert.equal(labelConventionOf({}), "lumen");
  assert.equal(labelConventionOf(null), "lumen");
  assert.equal(labelConventionOf({ training: { label_convention: "VISIBLE" } }), "lumen");
});

test("loadVolume makes a synthetic sample's label in the page's convention, as generate --label-convention does", async () => {
  const asked: Parameters<SampleMaker>[0][] = [];
  const maker: SampleMaker = async (options, index) => {
    asked.push(options);
    const s = makeSample(sampleSpec(index, options as never));
    return { image: s.image, label: s.label, record: s.record as unknown as Record<string, unknown> };
  };
  const request = { source: "synthetic sample", preset: "microscopy", seed: 4242, index: 2, size: 32 } as const;
  const lumen = await loadVolume(request, { makeSample: maker });
  const visible = await loadVolume(request, { makeSample: maker, labelConvention: "visible" });
  assert.deepEqual(asked, [
    { seed: 4242, preset: "microscopy", size: 32 },
    { seed: 4242, preset: "microscopy", size: 32, labelConvention: "visible" },
  ]);
  // independent: the dataset's own samples with each convention
  const ref = (labelConvention: "lumen" | "visible") => makeSample(sampleSpec(2, { seed: 4242, preset: "microscopy", size: 32, labelConvention })).label.data;
  assert.deepEqual(lumen.label!.data, ref("lumen"));
  assert.deepEqual(visible.label!.data, ref("visible"));
  assert.notDeepEqual(ref("lumen"), ref("visible"), "the two conventions differ on this sample");
  assert.match(visible.detail, /generate --preset microscopy --seed 4242 --size 32 --label-convention visible"/);
  assert.doesNotMatch(lumen.detail, /label-convention/);
  assert.equal(visible.stem, lumen.stem);
});

test("generatedBatch names visible-label samples as the Synthesise page keeps them", () => {
  const plan = { presets: ["brain-tof"], perPreset: 2, seed: 99, size: 48 };
  assert.deepEqual(
    generatedBatch({ ...plan, label: "visible" }).map((i) => i.id),
    ["brain-tof-s99-48-visible-0000", "brain-tof-s99-48-visible-0001"],
  );
  assert.deepEqual(
    generatedBatch(plan).map((i) => i.id),
    ["brain-tof-s99-48-0000", "brain-tof-s99-48-0001"],
  );
});
