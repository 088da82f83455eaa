import { test } from "node:test";
import assert from "node:assert/strict";
import { acquiredSize, resolution, resolutionDownOperator, resolutionOperator } from "../../src/imaging/index.js";
import { constantVolume, deltaVolume, at } from "./helpers.js";

test("resolution(image, {factor}) keeps a constant volume constant", () => {
  const out = resolution(constantVolume([20, 20, 20], 2), { factor: [1.3, 2, 3.7] });
  assert.ok(out.data.every((x) => Math.abs(x - 2) < 1e-5));
});

test("resolution(image, {factor}) with factor 1 is the identity", () => {
  const img = deltaVolume([6, 6, 6], [3, 2, 1]);
  assert.deepEqual(resolution(img, { factor: [1, 1, 1] }).data, img.data);
});

test("resolution(image, {factor}) averages over slices factor voxels thick: a one-slice sheet spreads along z only and keeps its mass", () => {
  const dims: [number, number, number] = [8, 8, 40];
  const img = constantVolume(dims, 0);
  for (let v = 0; v < 64; v++) img.data[20 * 64 + v] = 1; // slice z = 20
  const out = resolution(img, { factor: [1, 1, 4] });
  let mass = 0;
  const profile = Array.from({ length: 40 }, (_, k) => at(out, 3, 3, k));
  for (const x of profile) mass += x;
  assert.ok(Math.abs(mass - 1) < 1e-5, `mass ${mass}`);
  assert.ok(Math.max(...profile) <= 0.25 + 1e-6, "the peak is at most 1/thickness");
  assert.ok(profile.filter((x) => x > 1e-6).length >= 4, "spread over at least the slice thickness");
  assert.ok(Math.abs(at(out, 0, 7, 20) - at(out, 5, 2, 20)) < 1e-6, "x and y are untouched");
});

test("resolutionDownOperator(n, factor) averages round(n / factor) acquired voxels whose weights sum to 1", () => {
  const op = resolutionDownOperator(10, 2.5);
  assert.equal(op.nOut, acquiredSize(10, 2.5));
  assert.equal(op.nOut, 4);
  for (let o = 0; o < op.nOut; o++) {
    let s = 0;
    for (let t = op.start[o]; t < op.start[o + 1]; t++) s += op.weight[t];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
  // Composed with the interpolation back, every row still sums to 1.
  const both = resolutionOperator(10, 2.5);
  for (let o = 0; o < 10; o++) {
    let s = 0;
    for (let t = both.start[o]; t < both.start[o + 1]; t++) s += both.weight[t];
    assert.ok(Math.abs(s - 1) < 1e-12);
  }
});

test("resolution(image, {factor}) refuses a factor below 1 with a RangeError naming the axis", () => {
  assert.throws(() => resolution(constantVolume([4, 4, 4], 0), { factor: [1, 0.5, 1] }), /resolution\.factor\[1\] = 0.5/);
});
