import { test } from "node:test";
import assert from "node:assert/strict";
import { reconstructionScale } from "../../src/scale/index.js";

test("reconstructionScale picks the factor whose mean loss over the seeds is lowest, and reports every factor's mean", async () => {
  const calls: string[] = [];
  // loss (f − 2)² + seed/10: lowest at ×2 on every seed; the mean adds 0.05
  const r = await reconstructionScale(
    { spacing: [0.5, 0.5, 2] },
    async (spacing, seed) => {
      calls.push(`${spacing.join("x")}/${seed}`);
      const f = spacing[0] / 0.5;
      return (f - 2) ** 2 + seed / 10;
    },
    { factors: [1, 2, 4], seeds: [0, 1] },
  );
  assert.equal(r.factor, 2);
  assert.deepEqual(r.spacing, [1, 1, 4], "every axis scaled alike: the voxel shape is kept");
  assert.deepEqual(
    r.losses.map((l) => [l.factor, +l.loss.toFixed(6)]),
    [
      [1, 1.05],
      [2, 0.05],
      [4, 4.05],
    ],
  );
  assert.deepEqual(calls, ["0.5x0.5x2/0", "0.5x0.5x2/1", "1x1x4/0", "1x1x4/1", "2x2x8/0", "2x2x8/1"]);
});

test("reconstructionScale keeps the first factor on a tie and refuses factors below 1 or no seeds", async () => {
  assert.equal((await reconstructionScale({ spacing: [1, 1, 1] }, async () => 0.5, { factors: [1.6, 1, 2] })).factor, 1.6);
  await assert.rejects(
    reconstructionScale({ spacing: [1, 1, 1] }, async () => 0, { factors: [0.5] }),
    /factors ≥ 1/,
  );
  await assert.rejects(
    reconstructionScale({ spacing: [1, 1, 1] }, async () => 0, { seeds: [] }),
    /at least one mask seed/,
  );
});
