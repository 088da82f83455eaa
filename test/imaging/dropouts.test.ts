import { test } from "node:test";
import assert from "node:assert/strict";
import { dropouts } from "../../src/imaging/index.js";
import { at, constantVolume } from "./helpers.js";

test("dropouts(image, {boxes, floor}) multiplies the signal inside a box by its factor and leaves the outside alone", () => {
  const img = constantVolume([20, 20, 20], 1);
  const out = dropouts(img, { boxes: [{ center: [0.5, 0.5, 0.5], size: [0.4, 0.4, 0.4], factor: 0.3, softness: 0 }], floor: 0 });
  assert.ok(Math.abs(at(out, 10, 10, 10) - 0.3) < 1e-6);
  assert.equal(at(out, 1, 1, 1), 1);
  assert.equal(at(out, 10, 10, 2), 1);
  const darkened = out.data.filter((x) => x < 1).length;
  assert.ok(darkened >= 7 ** 3 && darkened <= 9 ** 3, `${darkened} voxels darkened`);
});

test("dropouts(image, {boxes, floor}) with a size ≥ 1 on two axes darkens a whole slab; soft edges ramp monotonically", () => {
  const img = constantVolume([16, 16, 32], 2);
  const out = dropouts(img, { boxes: [{ center: [0.5, 0.5, 0.5], size: [2, 2, 0.25], factor: 0.5, softness: 4 }], floor: 0 });
  assert.ok(Math.abs(at(out, 0, 0, 16) - 1) < 1e-6 && Math.abs(at(out, 15, 15, 16) - 1) < 1e-6, "the whole slice");
  const profile = Array.from({ length: 16 }, (_, k) => at(out, 3, 3, k));
  for (let k = 1; k < 16; k++) assert.ok(profile[k] <= profile[k - 1] + 1e-7);
  assert.equal(profile[0], 2);
});

test("dropouts(image, {boxes, floor}) works above the floor (CT air stays air) and with no boxes changes nothing", () => {
  const img = constantVolume([8, 8, 8], -1024);
  const out = dropouts(img, { boxes: [{ center: [0.5, 0.5, 0.5], size: [1, 1, 1], factor: 0.5, softness: 0 }], floor: -1024 });
  assert.ok(out.data.every((x) => x === -1024));
  assert.deepEqual(dropouts(img, { boxes: [], floor: 0 }).data, img.data);
});

test("dropouts(image, {boxes, floor}) refuses a factor outside [0, 1]", () => {
  assert.throws(
    () => dropouts(constantVolume([2, 2, 2], 1), { boxes: [{ center: [0.5, 0.5, 0.5], size: [1, 1, 1], factor: 2, softness: 0 }], floor: 0 }),
    /dropouts\[0\]\.factor = 2/,
  );
});
