import { test } from "node:test";
import assert from "node:assert/strict";
import { maskLikeNote } from "../../src/cli/maskLike.js";
import { createVolume } from "../../src/volume/index.js";

const volumeOf = (values: number[]) => {
  const v = createVolume(Float32Array, [values.length, 1, 1], [1, 1, 1]);
  v.data.set(values);
  return v;
};

test("maskLikeNote: a 0/1 volume, NaN-padded or not, reads as a mask; one value as a flat volume; a scan or all-NaN as nothing", () => {
  const mask = "it holds two values only (0 and 1): a mask, not a scan? give the scan itself";
  assert.equal(maskLikeNote(volumeOf([1, 0, 0, 1])), mask);
  // NaN padding around a 0/1 label is no third value (evaluate's notAMask reads it so too)
  assert.equal(maskLikeNote(volumeOf([NaN, 0, 1, NaN, 0])), mask);
  assert.equal(maskLikeNote(volumeOf([7, 7, 7, NaN])), "it holds one value only (7): a flat volume, not a scan? give the scan itself");
  assert.equal(maskLikeNote(volumeOf([0, 1, 2, 1])), null);
  assert.equal(maskLikeNote(volumeOf([NaN, NaN, NaN])), null);
});
