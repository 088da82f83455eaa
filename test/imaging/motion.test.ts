import { test } from "node:test";
import assert from "node:assert/strict";
import { motion, motionOperator } from "../../src/imaging/index.js";
import { at, constantVolume, deltaVolume, mean } from "./helpers.js";

test("motion(image, {kind: 'ghost'}) puts an attenuated copy at the shift along the phase-encode axis, wrapping, and keeps the total", () => {
  const img = deltaVolume([10, 20, 6], [4, 15, 3]);
  const out = motion(img, {
    kind: "ghost",
    axis: 1,
    ghosts: [
      { shift: 0.25, amplitude: 0.1 },
      { shift: -0.5, amplitude: 0.05 },
    ],
    length: 1,
  });
  assert.ok(Math.abs(at(out, 4, 15, 3) - 0.85) < 1e-6);
  assert.ok(Math.abs(at(out, 4, (15 + 5) % 20, 3) - 0.1) < 1e-6, "shift 0.25 · 20 = 5 voxels, wrapped");
  assert.ok(Math.abs(at(out, 4, (15 - 10 + 20) % 20, 3) - 0.05) < 1e-6);
  assert.ok(Math.abs(mean(out.data) - mean(img.data)) < 1e-9);
  assert.equal(out.data.filter((x) => x !== 0).length, 3);
});

test("motion(image, {kind: 'blur'}) averages along its axis only, over `length` voxels", () => {
  const img = deltaVolume([16, 16, 16], [8, 8, 8]);
  const out = motion(img, { kind: "blur", axis: 0, ghosts: [], length: 3 });
  for (const i of [7, 8, 9]) assert.ok(Math.abs(at(out, i, 8, 8) - 1 / 3) < 1e-6);
  assert.equal(at(out, 6, 8, 8), 0);
  assert.equal(at(out, 8, 9, 8), 0);
  // A fractional length gives fractional end weights: 2.5 voxels → 0.75, 1, 0.75 (÷ 2.5).
  const op = motionOperator(32, { kind: "blur", axis: 2, ghosts: [], length: 2.5 })!;
  const taps = Array.from({ length: op.start[17] - op.start[16] }, (_, t) => [op.index[op.start[16] + t], op.weight[op.start[16] + t]]);
  assert.deepEqual(
    taps.map(([i]) => i),
    [15, 16, 17],
  );
  taps.forEach(([, w], t) => assert.ok(Math.abs(w - [0.3, 0.4, 0.3][t]) < 1e-12));
});

test("motion(image, {kind: 'none'}) and a zero-amplitude ghost change nothing", () => {
  const img = deltaVolume([6, 6, 6], [1, 2, 3]);
  assert.deepEqual(motion(img, { kind: "none", axis: 0, ghosts: [], length: 1 }).data, img.data);
  assert.deepEqual(motion(img, { kind: "ghost", axis: 0, ghosts: [{ shift: 0.3, amplitude: 0 }], length: 1 }).data, img.data);
});

test("motion(image, params) refuses ghost amplitudes summing above 1, an unknown kind and a bad axis", () => {
  const img = constantVolume([4, 4, 4], 0);
  assert.throws(
    () =>
      motion(img, {
        kind: "ghost",
        axis: 0,
        ghosts: [
          { shift: 0.1, amplitude: 0.7 },
          { shift: 0.2, amplitude: 0.6 },
        ],
        length: 1,
      }),
    /sum to/,
  );
  assert.throws(() => motion(img, { kind: "shake" as never, axis: 0, ghosts: [], length: 1 }), /motion\.kind/);
  assert.throws(() => motion(img, { kind: "blur", axis: 3 as never, ghosts: [], length: 2 }), /motion\.axis = 3/);
});
