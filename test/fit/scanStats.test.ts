import { test } from "node:test";
import assert from "node:assert/strict";
import { fitWindow, scanStats, statDistance } from "../../src/fit/index.js";
import { createRng } from "../../src/random/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { maskOf } from "../metrics/shapes.js";

// A wide scan with one thin vessel: a straight tube of radius 3 along z (29 voxels a slice) of level 1 on a background
// of 0.2, white noise of σ 0.03 on both. Over the whole scan the vessel is 0.3 % of the voxels, so the 1st–99th
// percentile range is the background's noise alone (0.2 ± 2.33σ) and the contrast (1 − 0.2) / 0.14 ≈ 5.7; in windows
// of a fit's 32-voxel samples centred on it (32 × 32 × 11) it is 2.8 %, its 99th percentile lies among the vessel's
// values (≈ 1), and the contrast reads (1 − 0.2) / (1 − 0.13) ≈ 0.92, as in a sample a vessel crosses.
const DIMS: Vec3 = [96, 96, 32];
const SIGMA = 0.03;
const inside = (i: number, j: number) => (i - 48) ** 2 + (j - 48) ** 2 <= 9;
function scan() {
  const image = createVolume(Float32Array, DIMS);
  const rng = createRng(5);
  for (let k = 0, v = 0; k < DIMS[2]; k++)
    for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) image.data[v] = (inside(i, j) ? 1 : 0.2) + SIGMA * rng.normal();
  return { image, mask: maskOf(DIMS, (i, j) => inside(i, j)) };
}

test("scanStats(mask, image) reads the image as a sample sees it too: in the windows its vessel fraction is read in, a thin vessel of a wide scan reads the contrast a sample across it would, and statDistance compares that", () => {
  const { image, mask } = scan();
  const s = scanStats(mask, image, { size: 32 });
  const whole = s.image!,
    window = whole.window!;
  assert.deepEqual(window.dims, fitWindow(DIMS, 32));
  assert.deepEqual(window.dims, [32, 32, 11]);
  assert.equal(window.windows, s.mask.window!.windows, "the windows of the vessel fraction");
  const range = 2 * 2.326 * SIGMA; // the background's 1st to 99th percentile
  assert.ok(Math.abs(whole.contrast - 0.8 / range) < 0.15 * (0.8 / range), `whole-scan contrast ${whole.contrast}, expected ≈ ${0.8 / range}`);
  const windowed = 0.8 / (1 - (0.2 - 2.326 * SIGMA));
  assert.ok(Math.abs(window.contrast - windowed) < 0.05, `windowed contrast ${window.contrast}, expected ≈ ${windowed}`);
  // noise over the step and blur do not depend on the range: the same in windows as over the whole scan
  assert.ok(Math.abs(window.noise - SIGMA / 0.8) < 0.15 * (SIGMA / 0.8), `windowed noise ${window.noise}`);
  assert.ok(Math.abs(window.noise - whole.noise) < 0.1 * whole.noise);
  assert.ok(Math.abs(window.blur - whole.blur) < 0.1 * whole.blur, `blur ${window.blur} in windows, ${whole.blur} whole`);
  // the distance reads the scan's windows; a sample's statistics (no window) are read whole
  const { window: _w, ...sample } = whole;
  const terms = statDistance(s, { mask: s.mask, image: sample }, { kinds: ["image"] }).terms;
  const term = (name: string) => terms.find((t) => t.name === name)!;
  assert.equal(term("contrast").scan, window.contrast);
  assert.equal(term("contrast").samples, whole.contrast);
  assert.equal(term("noise").scan, window.noise);
  // a mask alone: no image, no window
  assert.equal(scanStats(mask, null, { size: 32 }).image, null);
});
