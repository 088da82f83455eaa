import { test } from "node:test";
import assert from "node:assert/strict";
import { imagingNote, type ImageStats } from "../../src/fit/index.js";

// the note's words as the CLI gives them
const words = { dark: "give --dark", bright: "leave out --dark", mask: "give a mask" };
const read: ImageStats = { range: [0, 1], vessel: 0.8, background: 0.2, contrast: 0.6, noise: 0.05, blur: 1 };
// the vessels darker than their background: contrast negative, noise and blur unread
const unread: ImageStats = { range: [0, 1], vessel: 0.2, background: 0.8, contrast: -0.6, noise: NaN, blur: NaN };
const fit = (image: ImageStats | null, dark = false) => ({ scan: { mask: {} as never, image }, like: (dark ? { dark: true } : {}) as never });

test("imagingNote(fit) is null where the imaging was read, or no image was given; otherwise it says why, then the other polarity, then a mask where the mask measured was made", () => {
  assert.equal(imagingNote(fit(read), { maskGiven: false, words }), null);
  assert.equal(imagingNote(fit(null), { maskGiven: false, words }), null);
  assert.equal(
    imagingNote(fit(unread), { maskGiven: false, words }),
    "the imaging was not fitted (the geometry only): the voxels of the mask are not brighter than the background more than 2 voxels from it (median 0.2 against 0.8); if its vessels are darker than the tissue, give --dark; else give a mask",
  );
  // the user's own mask: no advice to give one
  assert.equal(
    imagingNote(fit(unread), { maskGiven: true, words }),
    "the imaging was not fitted (the geometry only): the voxels of the mask are not brighter than the background more than 2 voxels from it (median 0.2 against 0.8); if its vessels are darker than the tissue, give --dark",
  );
  // a fit of dark vessels: its numbers are the mirrored scan's, and the other polarity is bright
  assert.equal(
    imagingNote(fit(unread, true), { maskGiven: true, words }),
    "the imaging was not fitted (the geometry only): the voxels of the mask are not brighter than the background more than 2 voxels from it (median 0.2 against 0.8) (the scan read mirrored); if its vessels are in fact brighter than the tissue, leave out --dark",
  );
  // a problem polarity does not explain (a flat scan): no advice on it; the mask's, where it was made
  const flat: ImageStats = { range: [5, 5], vessel: 5, background: 5, contrast: NaN, noise: NaN, blur: NaN };
  assert.equal(
    imagingNote(fit(flat), { maskGiven: false, words }),
    "the imaging was not fitted (the geometry only): its intensities are flat (the 1st and 99th percentiles are both 5); give a mask",
  );
  assert.equal(
    imagingNote(fit(flat), { maskGiven: true, words }),
    "the imaging was not fitted (the geometry only): its intensities are flat (the 1st and 99th percentiles are both 5)",
  );
});
