import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLabelConvention, encodeSample, LABEL_CONVENTIONS, makeSample, sampleLabel, sampleSpec, synthesiseAroundMask } from "../../src/dataset/index.js";
import { visibleLabel } from "../../src/imaging/index.js";
import { createVolume, readNifti, type Vec3, type Volume } from "../../src/volume/index.js";

const count = (v: Volume) => (v.data as Uint8Array).reduce((s, x) => s + x, 0);

function assertHolds(outer: Volume, inner: Volume, what: string): void {
  inner.data.forEach((x, v) => {
    if (x) assert.equal(outer.data[v], 1, `${what}: voxel ${v} of the lumen left out`);
  });
}

test("checkLabelConvention(value) takes lumen and visible, and names the valid ones otherwise; sampleSpec records the convention, lumen by default", () => {
  assert.deepEqual([...LABEL_CONVENTIONS], ["lumen", "visible"]);
  assert.equal(checkLabelConvention("visible"), "visible");
  assert.throws(() => checkLabelConvention("wide"), /labelConvention = "wide"; give "lumen" or "visible"/);
  assert.equal(sampleSpec(0, { size: 24 }).labelConvention, "lumen");
  assert.equal(sampleSpec(0, { size: 24, labelConvention: "visible" }).labelConvention, "visible");
  assert.throws(() => sampleSpec(0, { labelConvention: "traced" as never }), /labelConvention = "traced"/);
  // Everything else of the recipe is the same: the convention changes the label alone.
  const { labelConvention: _a, ...lumen } = sampleSpec(3, { seed: 5, size: 24 });
  const { labelConvention: _b, ...visible } = sampleSpec(3, { seed: 5, size: 24, labelConvention: "visible" });
  assert.deepEqual(visible, lumen);
});

test("makeSample(spec) with labelConvention visible: the same image as lumen, a label holding the lumen and wider, the same bytes every time and from its record", () => {
  const opts = { seed: 9, preset: "brain-cemra" as const, size: 24 };
  const lumen = makeSample(sampleSpec(2, opts));
  const a = makeSample(sampleSpec(2, { ...opts, labelConvention: "visible" }));
  const b = makeSample(JSON.parse(JSON.stringify(a.record)));
  assert.equal(lumen.label, lumen.maps.binary, "lumen: the binary map itself");
  assert.deepEqual(a.image.data, lumen.image.data);
  assert.deepEqual(a.label.data, b.label.data);
  assert.deepEqual(b.record, a.record);
  assert.equal(a.record.labelConvention, "visible");
  assert.deepEqual(a.label.data, visibleLabel(a.maps, a.record.imaging.params).data);
  assertHolds(a.label, a.maps.binary, "visible");
  assert.ok(count(a.label) > count(lumen.label), `${count(a.label)} visible voxels, ${count(lumen.label)} lumen`);
  assert.equal(a.record.content.vesselVoxels, count(a.label));
  assert.deepEqual(readNifti(encodeSample(a)[1].bytes).data, a.label.data);
});

test("makeSample(record) of a record written before the convention existed (no labelConvention) makes the lumen label", () => {
  const made = makeSample(sampleSpec(1, { seed: 4, preset: "brain-tof", size: 24 }));
  const { labelConvention: _, ...old } = JSON.parse(JSON.stringify(made.record));
  const again = makeSample(old);
  assert.deepEqual(again.label.data, made.maps.binary.data);
  assert.deepEqual(again.image.data, made.image.data);
});

test("sampleLabel(labels, params, convention) is the binary map for lumen (or fraction ≥ 0.5 without one) and visibleLabel for visible", () => {
  const dims: Vec3 = [6, 9, 9];
  const fraction = createVolume(Float32Array, dims);
  fraction.data.forEach((_, v) => {
    const j = Math.floor(v / 6) % 9,
      k = Math.floor(v / 54);
    fraction.data[v] = Math.max(0, 1.5 - Math.hypot(j - 4, k - 4) / 1.5);
  });
  const made = makeSample(sampleSpec(0, { seed: 1, preset: "brain-tof", size: 24 }));
  const params = made.record.imaging.params;
  const lumen = sampleLabel({ fraction }, params);
  lumen.data.forEach((x, v) => assert.equal(x, fraction.data[v] >= 0.5 ? 1 : 0));
  assert.deepEqual(sampleLabel({ fraction }, params, "visible").data, visibleLabel({ fraction }, params).data);
  assert.throws(() => sampleLabel({ fraction }, params, "x" as never), /sampleLabel: convention = "x"/);
});

test("synthesiseAroundMask(mask, {labelConvention: visible}) labels the mask's visible extent, holding the mask; the image is unchanged", () => {
  const dims: Vec3 = [20, 17, 17];
  const mask = createVolume(Uint8Array, dims, [0.5, 0.5, 0.5]);
  mask.data.forEach((_, v) => {
    const j = Math.floor(v / 20) % 17,
      k = Math.floor(v / 340);
    if (Math.hypot(j - 8, k - 8) <= 1.2) mask.data[v] = 1;
  });
  const lumen = synthesiseAroundMask(mask, { preset: "microscopy", seed: 2 });
  const visible = synthesiseAroundMask(mask, { preset: "microscopy", seed: 2, labelConvention: "visible" });
  assert.equal(lumen.record.labelConvention, "lumen");
  assert.equal(visible.record.labelConvention, "visible");
  assert.deepEqual(visible.image.data, lumen.image.data);
  assert.deepEqual(lumen.label.data, mask.data);
  assertHolds(visible.label, mask, "around a mask");
  assert.ok(count(visible.label) >= count(mask));
  assert.equal(visible.record.content.vesselVoxels, count(visible.label));
});
