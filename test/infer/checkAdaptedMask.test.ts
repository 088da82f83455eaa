import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAdaptedMask, describeMaskChange } from "../../src/infer/index.js";

test("checkAdaptedMask counts the symmetric difference against the unadapted mask's voxels and keeps at most maxChange", () => {
  const unadapted = new Uint8Array(100);
  unadapted.fill(1, 0, 40); // 40 marked
  const adapted = unadapted.slice();
  adapted[0] = 0; // one lost
  adapted[50] = 1; // one gained
  assert.deepEqual(checkAdaptedMask(unadapted, adapted), { changed: 2, marked: 40, fraction: 0.05, kept: true, maxChange: 0.05 });
  adapted[51] = 1;
  const three = checkAdaptedMask(unadapted, adapted);
  assert.deepEqual([three.changed, three.fraction, three.kept], [3, 3 / 40, false]);
  assert.equal(checkAdaptedMask(unadapted, adapted, 0.1).kept, true);
  assert.deepEqual(checkAdaptedMask(unadapted, unadapted, 0), { changed: 0, marked: 40, fraction: 0, kept: true, maxChange: 0 });
  // nothing marked before: any change is infinitely large
  const none = checkAdaptedMask(new Uint8Array(10), Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  assert.deepEqual([none.fraction, none.kept], [Infinity, false]);
  assert.equal(checkAdaptedMask(new Uint8Array(10), Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Infinity).kept, true);
  assert.throws(() => checkAdaptedMask(new Uint8Array(3), new Uint8Array(4)), /masks of 3 and 4 voxels/);
  assert.throws(() => checkAdaptedMask(unadapted, adapted, -1), /maxChange/);
});

test("describeMaskChange says the share of the unadapted mask, or the voxels gained when it marked none", () => {
  const unadapted = new Uint8Array(100).fill(1, 0, 40);
  const adapted = unadapted.slice();
  adapted[0] = 0;
  adapted[50] = 1;
  assert.equal(describeMaskChange(checkAdaptedMask(unadapted, adapted)), "5.0 % of the unadapted mask's voxels");
  assert.equal(describeMaskChange(checkAdaptedMask(new Uint8Array(4), Uint8Array.from([1, 1, 0, 0]))), "2 voxels, where the unadapted mask marks none");
  assert.equal(describeMaskChange(checkAdaptedMask(new Uint8Array(4), Uint8Array.from([1, 0, 0, 0]))), "1 voxel, where the unadapted mask marks none");
});
