import { test } from "node:test";
import assert from "node:assert/strict";
import { baselineMask, otsuThreshold } from "../../src/baselines/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { dice } from "../../src/metrics/index.js";

test("otsuThreshold(values) splits two separated groups between them, counted by hand", () => {
  // 0,0,0,1 and 9,10: 256 bins on [0, 10]; any split between 1 and 9 has the same classes, Otsu picks the first bin
  // centre after 1's bin: bin width 10/256, 1 falls in bin 25, centre (25.5)·10/256
  assert.equal(otsuThreshold([0, 0, 0, 1, 9, 10]), (25.5 * 10) / 256);
  assert.equal(otsuThreshold([4, 4, 4]), 4, "one value: the value itself");
  assert.ok(Number.isNaN(otsuThreshold([NaN, Infinity])), "no finite value: NaN");
  assert.equal(otsuThreshold([0, 100, 1, 2, 3], { within: Uint8Array.of(1, 0, 1, 1, 1) }), otsuThreshold([0, 1, 2, 3]));
  assert.throws(() => otsuThreshold([1, 2], { bins: 1 }), /bins = 1/);
  assert.throws(() => otsuThreshold([1, 2], { within: new Uint8Array(3) }), /mask has 3 voxels/);
});

function tubeScan(dims: Vec3, background: number, noise = 0) {
  const image = createVolume(Float32Array, dims);
  const label = createVolume(Uint8Array, dims);
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * noise;
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        const n = x + dims[0] * (y + dims[1] * z);
        const d = Math.hypot(y - dims[1] / 2, z - dims[2] / 2);
        label.data[n] = d <= 3 ? 1 : 0;
        image.data[n] = background + (d <= 3 ? 100 : 0) + rand();
      }
  return { image, label };
}

test("baselineMask(scan, {method: otsu | frangi}) finds a bright tube on a noisy background", () => {
  const { image, label } = tubeScan([24, 32, 32], 20, 30);
  const otsu = baselineMask(image, { method: "otsu" });
  const frangi = baselineMask(image, { method: "frangi", radii: [2, 3, 4] });
  assert.ok(dice(otsu.mask, label) > 0.85, `otsu Dice ${dice(otsu.mask, label)}`);
  assert.ok(dice(frangi.mask, label) > 0.5, `frangi Dice ${dice(frangi.mask, label)}`);
  assert.ok(otsu.threshold > 20 && otsu.threshold < 120, `otsu threshold ${otsu.threshold} between background and vessel`);
  assert.equal(otsu.radius, null);
  assert.ok(frangi.radius && frangi.radius.data.some((r) => r === 3));
  assert.deepEqual(otsu.mask.dims, image.dims);
});

test("baselineMask on a scan with a masked background thresholds inside the field of view and marks nothing outside", () => {
  const { image, label } = tubeScan([24, 32, 32], 20, 30);
  // zero the outer half along x, as a skull-stripped scan: a fifth or more of the voxels at exactly the minimum
  for (let n = 0; n < image.data.length; n++) if (n % 24 >= 12) image.data[n] = -1000;
  const r = baselineMask(image, { method: "otsu" });
  assert.ok(r.outside > 0.4, `outside ${r.outside}`);
  for (let n = 0; n < image.data.length; n++) if (n % 24 >= 15) assert.equal(r.mask.data[n], 0);
  // inside, the tube is still found: the threshold is not pulled down to the masked value
  let hit = 0,
    total = 0;
  for (let n = 0; n < image.data.length; n++) if (n % 24 < 10 && label.data[n]) (total++, (hit += r.mask.data[n]));
  assert.ok(hit / total > 0.9, `recall inside the field of view ${hit / total}`);
  const all = baselineMask(image, { method: "otsu", maskBackground: false });
  assert.equal(all.outside, 0);
});

test("baselineMask({bright: false}) finds dark vessels, and refuses an unknown method by name", () => {
  const { image, label } = tubeScan([24, 32, 32], 20, 10);
  for (let n = 0; n < image.data.length; n++) image.data[n] = 200 - image.data[n];
  const r = baselineMask(image, { method: "otsu", bright: false });
  assert.ok(dice(r.mask, label) > 0.85, `dark otsu Dice ${dice(r.mask, label)}`);
  assert.throws(() => baselineMask(image, { method: "unet" as "otsu" }), /method = "unet"; give one of otsu, frangi/);
});
