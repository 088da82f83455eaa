import { test } from "node:test";
import assert from "node:assert/strict";
import { imageStats, imageStatsProblem } from "../../src/fit/index.js";
import { gaussianBlur } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { maskOf } from "../metrics/shapes.js";

// A thick straight vessel (radius 6 voxels) of level 1 on a background of 0.2, blurred by a Gaussian of σ = 1.5
// voxels, plus white noise of σ = 0.03; its mask is the tube itself.
const DIMS: Vec3 = [48, 40, 40];
const inside = (i: number, j: number, k: number) => i >= 4 && i <= 43 && (j - 20) ** 2 + (k - 20) ** 2 <= 36;
function fixture(blur: number, noise: number) {
  const clean = createVolume(Float32Array, DIMS);
  for (let k = 0, v = 0; k < DIMS[2]; k++) for (let j = 0; j < DIMS[1]; j++) for (let i = 0; i < DIMS[0]; i++, v++) clean.data[v] = inside(i, j, k) ? 1 : 0.2;
  const image = blur > 0 ? gaussianBlur(clean, { sigma: [blur, blur, blur] }) : clean;
  const rng = createRng(3);
  for (let v = 0; v < image.data.length; v++) image.data[v] += noise * rng.normal();
  return { image, mask: maskOf(DIMS, inside) };
}

test("imageStats(image, mask) reads white noise's σ over the vessel-to-background step, and the contrast over the 1st–99th percentile range", () => {
  const { image, mask } = fixture(0, 0.03);
  const s = imageStats(image, mask);
  assert.ok(Math.abs(s.vessel - 1) < 0.01 && Math.abs(s.background - 0.2) < 0.01, `medians ${s.vessel}, ${s.background}`);
  assert.ok(Math.abs(s.noise - 0.03 / 0.8) < 0.1 * (0.03 / 0.8), `noise ${s.noise} (expected ${0.03 / 0.8})`);
  // the range by sorting, independently of the percentile code
  const sorted = Float64Array.from(image.data).sort();
  const at = (p: number) => {
    const r = (p / 100) * (sorted.length - 1),
      lo = Math.floor(r);
    return sorted[lo] + (r - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
  };
  const range = at(99) - at(1);
  assert.ok(Math.abs(s.contrast - (s.vessel - s.background) / range) < 1e-9, `contrast ${s.contrast}`);
});

test("imageStats(image, mask) reads the blur of a thick vessel's edge as the Gaussian's σ, in voxels", () => {
  for (const sigma of [1, 2]) {
    const { image, mask } = fixture(sigma, 0.002);
    const s = imageStats(image, mask);
    // the boundary voxels lie up to half a voxel inside the edge, where the gradient is a little below its peak
    assert.ok(Math.abs(s.blur - sigma) < 0.25 * sigma, `σ ${sigma}: read ${s.blur}`);
  }
  const sharp = imageStats(...(Object.values(fixture(1, 0.002)) as [never, never])).blur;
  const blurred = imageStats(...(Object.values(fixture(2, 0.002)) as [never, never])).blur;
  assert.ok(blurred > 1.3 * sharp, `more blur reads wider: ${sharp} → ${blurred}`);
});

test("imageStats(image, mask) refuses a mask on another grid, naming both sizes", () => {
  const { image } = fixture(0, 0.01);
  assert.throws(() => imageStats(image, createVolume(Uint8Array, [8, 8, 8])), /mask is 8×8×8 voxels, the image 48×40×40/);
});

test("imageStats(image, mask) of a scan whose background was masked to one value reads the noise and contrast inside its field of view", () => {
  const { image, mask } = fixture(0, 0.03);
  const open = imageStats(image, mask);
  // zero the outer third of the slices, as a skull-stripped or zero-padded scan holds exact zeros
  const masked = { ...image, data: Float32Array.from(image.data) };
  const slice = DIMS[0] * DIMS[1];
  for (let v = 0; v < masked.data.length; v++) if (Math.floor(v / slice) < 14) masked.data[v] = -1;
  const s = imageStats(masked, mask);
  assert.ok(Math.abs(s.noise - open.noise) < 0.15 * open.noise, `noise ${s.noise} (open ${open.noise})`);
  assert.ok(Math.abs(s.contrast - open.contrast) < 0.1 * open.contrast, `contrast ${s.contrast} (open ${open.contrast})`);
});

test("imageStatsProblem(stats) is null when contrast, noise and blur are all read, and otherwise says why not: a dark vessel, a flat scan, a mask that leaves no background", () => {
  const { image, mask } = fixture(1, 0.01);
  assert.equal(imageStatsProblem(imageStats(image, mask)), null);
  // the vessel dark on a bright background: not brighter than its background, with both medians
  const dark = createVolume(Float32Array, DIMS);
  dark.data.set(image.data.map((x) => 1.2 - x));
  const darkStats = imageStats(dark, mask);
  assert.ok(!Number.isFinite(darkStats.noise) && darkStats.contrast < 0);
  assert.match(
    imageStatsProblem(darkStats)!,
    /^the voxels of the mask are not brighter than the background more than 2 voxels from it \(median 0\.2\d* against 1\)$/,
  );
  // a flat scan: 0.5 % of its voxels at 4, the rest at 5 (too few at the minimum for a masked background)
  const flat = createVolume(Float32Array, DIMS);
  flat.data.fill(5);
  flat.data.fill(4, 0, Math.floor(flat.data.length / 200));
  assert.equal(imageStatsProblem(imageStats(flat, mask)), "its intensities are flat (the 1st and 99th percentiles are both 5)");
  // every voxel one value: all of it the masked background
  flat.data.fill(5);
  assert.equal(imageStatsProblem(imageStats(flat, mask)), "no voxel of the scan lies outside its masked background (every voxel holds its lowest value)");
  // a mask of every voxel: no background
  const all = maskOf(DIMS, () => true);
  assert.equal(imageStatsProblem(imageStats(image, all)), "no voxel lies more than 2 voxels from the mask, where the background is read");
});
