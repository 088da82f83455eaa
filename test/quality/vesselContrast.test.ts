import { test } from "node:test";
import assert from "node:assert/strict";
import { vesselContrast } from "../../src/quality/vesselContrast.js";
import { createVolume } from "../../src/volume/index.js";

test("vesselContrast: a vessel's median minus the median of the tissue 2–3 voxels from it (hand-made volumes)", () => {
  // 11³: a vessel one voxel wide along z at (5, 5) valued 10; the voxels 1 from it (its edge, which must not count)
  // 100; those 2–3 from it 4 or 7 by x's parity (the median of these is the tissue's); the tissue beyond 1000 (must not count)
  const n = 11;
  const image = createVolume(Float32Array, [n, n, n]);
  const label = createVolume(Uint8Array, [n, n, n]);
  const shell: number[] = [];
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const i = x + n * (y + n * z);
        const d = Math.max(Math.abs(x - 5), Math.abs(y - 5));
        if (d === 0) {
          image.data[i] = 10;
          label.data[i] = 1;
        } else if (d === 1) image.data[i] = 100;
        else if (d <= 3) {
          image.data[i] = x % 2 ? 4 : 7;
          shell.push(image.data[i]);
        } else image.data[i] = 1000;
      }
  shell.sort((a, b) => a - b);
  const median = shell.length % 2 ? shell[(shell.length - 1) / 2] : (shell[shell.length / 2 - 1] + shell[shell.length / 2]) / 2;
  assert.equal(vesselContrast(image, label), 10 - median);
  // dark vessels: negative
  image.data.forEach((x, i) => (image.data[i] = label.data[i] ? 1 : x));
  assert.ok(vesselContrast(image, label) < 0);
});

test("vesselContrast is NaN without a vessel, and refuses a label on another grid", () => {
  const image = createVolume(Float32Array, [4, 4, 4]);
  assert.ok(Number.isNaN(vesselContrast(image, createVolume(Uint8Array, [4, 4, 4]))));
  assert.throws(() => vesselContrast(image, createVolume(Uint8Array, [4, 4, 5])), /the label is 4×4×5 voxels, the image 4×4×4/);
});
