import { test } from "node:test";
import assert from "node:assert/strict";
import { baselineMask } from "../../src/baselines/index.js";
import { compareBaselines, scoreMask } from "../../src/lab/index.js";
import { clDice, dice } from "../../src/metrics/index.js";
import { createVolume, index3 } from "../../src/volume/index.js";

// 20³: a bright tube of radius 2 along x through (y, z) = (10, 10), in a faint deterministic texture; its label.
function tube() {
  const image = createVolume(Float32Array, [20, 20, 20], [1, 1, 1]);
  const label = createVolume(Uint8Array, [20, 20, 20], [1, 1, 1]);
  for (let z = 0; z < 20; z++)
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 20; x++) {
        const inside = Math.hypot(y - 10, z - 10) <= 2;
        image.data[index3(image.dims, x, y, z)] = (inside ? 100 : 10) + ((x * 7 + y * 13 + z * 17) % 5);
        label.data[index3(label.dims, x, y, z)] = inside ? 1 : 0;
      }
  return { image, label };
}

test("compareBaselines(volume, label, methods) gives each baseline's mask, Dice and clDice as baselineMask and the metrics do", async () => {
  const { image, label } = tube();
  const seen: Array<[number, number]> = [];
  const runs = await compareBaselines(image, label, ["otsu", "frangi"], { onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(
    runs.map((r) => r.method),
    ["otsu", "frangi"],
  );
  for (const run of runs) {
    const alone = baselineMask(image, { method: run.method });
    assert.deepEqual(run.mask.data, alone.mask.data, run.method);
    assert.equal(run.dice, dice(alone.mask, label));
    assert.equal(run.clDice, clDice(alone.mask, label));
    assert.equal(run.threshold, alone.threshold);
    assert.ok(run.seconds >= 0 && run.vessel > 0 && run.vessel < 1);
  }
  assert.ok(runs[0].dice! > 0.7 && runs[1].dice! > 0.5, `both find the tube (Dice ${runs[0].dice}, ${runs[1].dice})`);
  assert.deepEqual(seen.at(-1), [2, 2]);
  assert.ok(
    seen.every(([d], i) => i === 0 || d >= seen[i - 1][0]),
    "progress never goes back",
  );
});

test("compareBaselines without a label scores nothing; with none asked it returns []", async () => {
  const { image } = tube();
  const [run] = await compareBaselines(image, null, ["otsu"]);
  assert.equal(run.dice, null);
  assert.equal(run.clDice, null);
  assert.deepEqual(await compareBaselines(image, null, []), []);
});

test("compareBaselines stops with the signal's reason; a bad method or a label on another grid throws a RangeError naming it", async () => {
  const { image, label } = tube();
  const controller = new AbortController();
  controller.abort(new Error("stopped by the test"));
  await assert.rejects(compareBaselines(image, label, ["otsu"], { signal: controller.signal }), /stopped by the test/);
  await assert.rejects(compareBaselines(image, label, ["sato" as never]), /method = "sato"; give some of otsu, frangi/);
  await assert.rejects(compareBaselines(image, createVolume(Uint8Array, [4, 4, 4], [1, 1, 1]), ["otsu"]), /the label is 4×4×4 voxels, the volume 20×20×20/);
});

test("scoreMask(mask, label) is the share marked and Dice and clDice; no voxels mark nothing", () => {
  const { label } = tube();
  const s = scoreMask(label, label);
  assert.deepEqual([s.dice, s.clDice], [1, 1]);
  assert.ok(Math.abs(s.vessel - label.data.reduce((a, b) => a + b, 0) / 8000) < 1e-12);
  assert.deepEqual(scoreMask({ ...label, data: new Uint8Array(0) }, null), { vessel: 0, dice: null, clDice: null });
});
