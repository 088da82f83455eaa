import { test } from "node:test";
import assert from "node:assert/strict";
import { centroidBox, cropAroundCentroid, realGeometryPreset, scoreMethods } from "../../src/quality/index.js";
import { createVolume } from "../../src/volume/index.js";

test("centroidBox(mask, size) centres the crop on the foreground's centroid and keeps it inside the grid", () => {
  const mask = createVolume(Uint8Array, [100, 50, 20]);
  // foreground at x = 80…89, y = 10, z = 5: centroid (84.5, 10, 5)
  for (let x = 80; x < 90; x++) mask.data[x + 100 * (10 + 50 * 5)] = 1;
  const box = centroidBox(mask, 30);
  assert.deepEqual(box.start, [70, 0, 0]); // x: round(84.5 − 15) = 70 (69.5 rounds up); y: 10 − 15 < 0 → 0; z: side 20 = the grid
  assert.deepEqual(box.end, [100, 30, 20]);
  const crop = cropAroundCentroid(mask, mask, 30);
  assert.deepEqual(crop.dims, [30, 30, 20]);
  assert.equal(
    crop.data.reduce((s, v) => s + v, 0),
    10,
    "the foreground is inside the crop",
  );
  assert.deepEqual(centroidBox(createVolume(Uint8Array, [10, 10, 10]), 4), { start: [3, 3, 3], end: [7, 7, 7] }, "empty: the grid's centre");
  assert.throws(() => centroidBox(mask, 0), /size = 0/);
});

test("realGeometryPreset(file) names the modality a mask was drawn on by its file name's start", () => {
  assert.equal(realGeometryPreset("tof_mra_sub-000_vessels.nii.gz"), "brain-tof");
  assert.equal(realGeometryPreset("MiniVess_mv68.nii.gz"), "microscopy");
  assert.equal(realGeometryPreset("vessap_vessels.nii.gz"), "microscopy");
  assert.equal(realGeometryPreset("something_else.nii.gz"), null);
});

test("scoreMethods(image, label, {segment}) scores the model's mask and the baselines' with hand-checkable numbers", async () => {
  const image = createVolume(Float32Array, [16, 16, 16]);
  const label = createVolume(Uint8Array, [16, 16, 16]);
  for (let z = 0; z < 16; z++)
    for (let y = 6; y < 10; y++)
      for (let x = 6; x < 10; x++) {
        label.data[x + 16 * (y + 16 * z)] = 1;
        image.data[x + 16 * (y + 16 * z)] = 100;
      }
  // a "model" that marks the label's left half: precision 1, recall 0.5, Dice 2/3
  const half = createVolume(Uint8Array, [16, 16, 16]);
  for (let n = 0; n < half.data.length; n++) half.data[n] = label.data[n] && n % 16 < 8 ? 1 : 0;
  const scores = await scoreMethods(image, label, { segment: async () => half, methods: ["model", "otsu"] });
  assert.deepEqual(
    scores.map((s) => s.method),
    ["model", "otsu"],
  );
  assert.ok(Math.abs(scores[0].dice - 2 / 3) < 1e-12);
  assert.equal(scores[0].precision, 1);
  assert.equal(scores[0].recall, 0.5);
  assert.equal(scores[0].marked, 128 / 4096);
  assert.ok(scores[1].recall > 0.9, `otsu finds the bright bar: recall ${scores[1].recall}`);
});
