import { test } from "node:test";
import assert from "node:assert/strict";
import { distractors } from "../../src/imaging/index.js";
import { at, constantVolume, tubeLabels } from "./helpers.js";

test("distractors(image, {tubes, blobs}) draws a tube along its polyline and a blob at its centre, leaving the rest alone", () => {
  const img = constantVolume([32, 32, 32], 0.2);
  const out = distractors(img, {
    tubes: [
      {
        points: [
          [0.1, 0.25, 0.5],
          [0.5, 0.25, 0.5],
          [0.9, 0.25, 0.5],
        ],
        radius: 2,
        level: 0.7,
      },
    ],
    blobs: [{ center: [0.5, 0.75, 0.5], radius: 3, level: 0.9 }],
  });
  assert.ok(Math.abs(at(out, 16, 7, 15) - 0.7) < 1e-6 && Math.abs(at(out, 16, 8, 15) - 0.7) < 1e-6, "on the axis (y = 7.5)");
  assert.ok(Math.abs(at(out, 15, 23, 15) - 0.9) < 1e-6);
  assert.equal(at(out, 2, 2, 2), Math.fround(0.2));
  assert.equal(at(out, 16, 16, 15), Math.fround(0.2));
});

test("distractors(image, params, protect) never paints over full vessel voxels and leaves the label maps untouched", () => {
  const labels = tubeLabels([32, 32, 32], 3);
  const before = labels.fraction.data.slice();
  const img = constantVolume([32, 32, 32], 1);
  const out = distractors(
    img,
    {
      tubes: [
        {
          points: [
            [0.5, 0, 0],
            [0.5, 1, 1],
          ],
          radius: 4,
          level: 0,
        },
      ],
      blobs: [],
    },
    labels.fraction,
  );
  for (let v = 0; v < out.data.length; v++) if (labels.fraction.data[v] === 1) assert.equal(out.data[v], 1);
  assert.ok(
    out.data.some((x) => x < 1),
    "the tube is drawn elsewhere",
  );
  assert.deepEqual(labels.fraction.data, before);
});

test("distractors(image, params) refuses a tube with fewer than 2 points", () => {
  assert.throws(
    () => distractors(constantVolume([4, 4, 4], 0), { tubes: [{ points: [[0.5, 0.5, 0.5]], radius: 1, level: 1 }], blobs: [] }),
    /tubes\[0\]\.points has 1 points/,
  );
});
