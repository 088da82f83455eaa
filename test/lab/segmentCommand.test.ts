import { test } from "node:test";
import assert from "node:assert/strict";
import { segmentCommand } from "../../src/lab/segmentCommand.js";

test("segmentCommand: the CLI command adds only what differs from the card (--overlap, --spacing) and says when the page ran a cropped or downsampled scan", () => {
  const base = "npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz";
  assert.equal(segmentCommand({ overlap: 0.5, cardOverlap: 0.5 }), base);
  assert.equal(segmentCommand({ overlap: 0.25, cardOverlap: 0.5 }), `${base} --overlap 0.25`);
  assert.equal(segmentCommand({ overlap: 0.25, cardOverlap: 0.5, spacing: "x2" }), `${base} --overlap 0.25 --spacing x2`);
  assert.equal(segmentCommand({ overlap: 0.5, cardOverlap: 0.5, spacing: "native" }), `${base} --spacing native`);
  assert.equal(segmentCommand({ overlap: 0.25, cardOverlap: 0.5, spacing: "x2", dark: true }), `${base} --overlap 0.25 --spacing x2 --dark`);
  assert.equal(segmentCommand({ overlap: 0.5, cardOverlap: 0.5, dark: false }), base);
  assert.equal(
    segmentCommand({ overlap: 0.25, cardOverlap: 0.5, resized: "crop" }),
    `${base} --overlap 0.25 (on the whole scan: the page cropped it to fit its memory)`,
  );
  assert.match(segmentCommand({ overlap: 0.5, cardOverlap: 0.5, resized: "downsample" }), /the page downsampled it to fit its memory\)$/);
});
