import { test } from "node:test";
import assert from "node:assert/strict";
import { bodyRegion } from "../../src/imaging/index.js";
import { at, constantVolume } from "./helpers.js";

const head = {
  enabled: true,
  center: [0.5, 0.5, 0.5] as [number, number, number],
  radii: [0.4, 0.4, 0.4] as [number, number, number],
  outside: -1000,
  shell: { thickness: 3, level: 1200 },
};

test("bodyRegion(image, params) sets air outside the ellipsoid, a shell at its surface and leaves the inside alone", () => {
  const out = bodyRegion(constantVolume([40, 40, 40], 40), head);
  // centre voxel coordinate 19.5, radius 16: the surface is at x ≈ 3.5 and 35.5.
  assert.equal(at(out, 20, 20, 20), 40);
  assert.equal(at(out, 0, 0, 0), -1000);
  assert.equal(at(out, 39, 20, 20), -1000);
  assert.equal(at(out, 34, 19, 19), 1200, "within the 3-voxel shell");
  assert.equal(at(out, 30, 19, 19), 40, "deeper than the shell");
});

test("bodyRegion(image, params) with enabled false or a 0-thickness shell does what it says", () => {
  const img = constantVolume([16, 16, 16], 1);
  assert.deepEqual(bodyRegion(img, { ...head, enabled: false }).data, img.data);
  const noShell = bodyRegion(img, { ...head, shell: { thickness: 0, level: 1200 } });
  assert.ok(noShell.data.every((x) => x <= 1 && x >= -1000));
  assert.ok(!noShell.data.some((x) => x > 1));
});

test("bodyRegion(image, params) edges are soft: values between air and shell only near the surface", () => {
  const out = bodyRegion(constantVolume([40, 40, 40], 40), head);
  const profile = Array.from({ length: 20 }, (_, i) => at(out, i, 19, 19));
  const blended = profile.filter((x) => x !== -1000 && x !== 1200 && x !== 40);
  assert.ok(blended.length <= 3, `${blended.length} blended voxels on the profile`);
});

test("bodyRegion(image, params) refuses a zero radius", () => {
  assert.throws(() => bodyRegion(constantVolume([4, 4, 4], 0), { ...head, radii: [0.4, 0, 0.4] }), /body\.radii\[1\] = 0/);
});
