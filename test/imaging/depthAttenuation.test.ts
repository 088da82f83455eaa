import { test } from "node:test";
import assert from "node:assert/strict";
import { depthAttenuation } from "../../src/imaging/index.js";
import { at, constantVolume } from "./helpers.js";

test("depthAttenuation(image, {axis, endRatio, floor}) falls exponentially from 1 at the first slice to endRatio at the last", () => {
  const out = depthAttenuation(constantVolume([4, 4, 11], 2), { axis: 2, endRatio: 0.25, floor: 0 });
  assert.ok(Math.abs(at(out, 0, 0, 0) - 2) < 1e-6);
  assert.ok(Math.abs(at(out, 3, 3, 10) - 0.5) < 1e-6);
  assert.ok(Math.abs(at(out, 1, 2, 5) - 1) < 1e-6, "halfway: √0.25 = 0.5 of 2");
  for (let k = 1; k < 11; k++) assert.ok(at(out, 0, 0, k) < at(out, 0, 0, k - 1));
});

test("depthAttenuation(image, params) acts above the floor and along the chosen axis; endRatio 1 changes nothing", () => {
  const out = depthAttenuation(constantVolume([5, 3, 3], 0), { axis: 0, endRatio: 0.5, floor: -10 });
  assert.ok(Math.abs(at(out, 4, 1, 1) - -5) < 1e-5);
  assert.ok(Math.abs(at(out, 4, 0, 2) - at(out, 4, 2, 0)) < 1e-7);
  const img = constantVolume([3, 3, 3], 1);
  assert.deepEqual(depthAttenuation(img, { axis: 2, endRatio: 1, floor: 0 }).data, img.data);
});

test("depthAttenuation(image, params) refuses an endRatio above 1 or at 0", () => {
  const img = constantVolume([2, 2, 2], 1);
  assert.throws(() => depthAttenuation(img, { axis: 2, endRatio: 1.5, floor: 0 }), /attenuation\.endRatio = 1.5/);
  assert.throws(() => depthAttenuation(img, { axis: 2, endRatio: 0, floor: 0 }), RangeError);
});
