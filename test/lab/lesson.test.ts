import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSample, sampleGeometry, sampleSpec } from "../../src/dataset/index.js";
import { EFFECTS } from "../../src/imaging/index.js";
import {
  EFFECT_GROUPS,
  LESSON_SIZE,
  busiestSlice,
  effectsOff,
  labelCost,
  learnThreshold,
  lessonSample,
  randomisationExperiment,
  thresholdDice,
} from "../../src/lab/index.js";
import { createVolume, index3 } from "../../src/volume/index.js";

test("thresholdDice: Dice of values > t against the label, computed by hand on four voxels", () => {
  const values = [0.1, 0.6, 0.9, 0.4];
  const label = [0, 1, 1, 0];
  assert.equal(thresholdDice(values, label, 0.5), 1); // marks voxels 1 and 2: exactly the label
  assert.equal(thresholdDice(values, label, 0.3), 0.8); // marks 1, 2, 3: 2·2 / (3 + 2)
  assert.equal(thresholdDice(values, label, 0.7), 2 / 3); // marks 2 only: 2·1 / (1 + 2)
  assert.equal(thresholdDice(values, label, 0.95), 0); // marks nothing, the label has 2
  assert.equal(thresholdDice([0.2, 0.3], [0, 0], 0.5), 1); // nothing to find, nothing found
  assert.throws(() => thresholdDice([1, 2], [1], 0.5), RangeError);
});

test("learnThreshold picks the threshold with the best mean Dice over the samples, the lowest on a tie", () => {
  // sample A is cut exactly by any t in [0.5, 0.6); sample B by any t in [0.3, 0.7): the best mean is at 0.5
  const a = { values: [0.1, 0.6, 0.9, 0.4], label: [0, 1, 1, 0] };
  const b = { values: [0.2, 0.7, 0.8, 0.3], label: [0, 1, 1, 0] };
  assert.deepEqual(learnThreshold([a, b], [0.25, 0.5, 0.55, 0.75]), { threshold: 0.5, dice: 1 });
  // at 0.25 A marks 1, 2, 3 (0.8) and B marks 1, 2, 3 (0.8); at 0.75 A marks 2 (2/3) and B marks 2 (2/3)
  assert.deepEqual(learnThreshold([a, b], [0.25, 0.75]), { threshold: 0.25, dice: 0.8 });
  assert.throws(() => learnThreshold([]), RangeError);
});

test("labelCost counts the label's voxels, its share, and the axial slices that hold a vessel; busiestSlice finds the one with most", () => {
  const label = createVolume(Uint8Array, [4, 4, 5], [1, 1, 1]);
  // a 3-voxel run along x in slice z = 1, one voxel in slice z = 3
  for (const [x, y, z] of [
    [0, 1, 1],
    [1, 1, 1],
    [2, 1, 1],
    [3, 3, 3],
  ])
    label.data[index3(label.dims, x, y, z)] = 1;
  assert.deepEqual(labelCost(label), { voxels: 80, vesselVoxels: 4, fraction: 4 / 80, slices: 5, slicesWithVessel: 2 });
  assert.equal(busiestSlice(label), 1, "slice 1 holds 3 vessel voxels, slice 3 one");
  label.data[index3(label.dims, 0, 0, 3)] = label.data[index3(label.dims, 1, 0, 3)] = 1;
  assert.equal(busiestSlice(label), 1, "3 against 3: the first");
  label.data[index3(label.dims, 2, 0, 3)] = 1;
  assert.equal(busiestSlice(label), 3);
});

test("EFFECT_GROUPS hold every imaging effect exactly once; effectsOff lists the effects of the groups not kept", () => {
  const grouped = EFFECT_GROUPS.flatMap((g) => g.effects);
  assert.deepEqual([...grouped].sort(), [...EFFECTS].sort());
  assert.equal(new Set(grouped).size, grouped.length);
  assert.deepEqual(effectsOff(EFFECT_GROUPS.map((g) => g.key)), []);
  assert.deepEqual(effectsOff([]), [...EFFECTS]);
  assert.deepEqual(effectsOff(EFFECT_GROUPS.filter((g) => g.key !== "noise").map((g) => g.key)), ["noise"]);
  assert.deepEqual(effectsOff(["no such group"]), [...EFFECTS]);
});

test("lessonSample with no effect off is the CLI's sample (synth --voxels scanner), voxel for voxel", () => {
  const mine = lessonSample({ preset: "brain-tof", seed: 3, index: 1 });
  const cli = makeSample(sampleSpec(1, { preset: "brain-tof", seed: 3, size: LESSON_SIZE, voxels: "scanner" }));
  assert.deepEqual(mine.image.dims, [48, 48, 48]);
  assert.deepEqual(mine.image.data, cli.image.data);
  assert.deepEqual(mine.label.data, cli.label.data);
});

test("lessonSample's visible label is the CLI's (synth --voxels scanner --label-convention visible), wider than the lumen where the image blurs it", () => {
  const mine = lessonSample({ preset: "brain-tof", seed: 3, index: 1, labelConvention: "visible" });
  const cli = makeSample(sampleSpec(1, { preset: "brain-tof", seed: 3, size: LESSON_SIZE, voxels: "scanner", labelConvention: "visible" }));
  const lumen = lessonSample({ preset: "brain-tof", seed: 3, index: 1 });
  assert.deepEqual(mine.image.data, lumen.image.data, "the image does not depend on the label's convention");
  assert.deepEqual(mine.label.data, cli.label.data);
  const count = (v: Uint8Array) => v.reduce((a, b) => a + b, 0);
  assert.ok(count(lumen.label.data) > 0);
  assert.ok(count(mine.label.data) > count(lumen.label.data), `visible ${count(mine.label.data)}, lumen ${count(lumen.label.data)}`);
  for (let i = 0; i < lumen.label.data.length; i++) if (lumen.label.data[i]) assert.equal(mine.label.data[i], 1, `lumen voxel ${i} is in the visible label`);
});

test("with every effect off the image takes two values, and the brighter marks exactly the label; the label never changes", () => {
  const on = lessonSample({ preset: "brain-tof", seed: 1, index: 0 });
  const off = lessonSample({ preset: "brain-tof", seed: 1, index: 0, off: EFFECTS });
  assert.deepEqual(off.label.data, on.label.data);
  const levels = [...new Set(off.image.data)].sort((x, y) => x - y);
  assert.equal(levels.length, 2, `levels ${levels}`);
  for (let n = 0; n < off.image.data.length; n++) assert.equal(off.image.data[n] === levels[1] ? 1 : 0, off.label.data[n], `voxel ${n}`);
  assert.notDeepEqual(off.image.data, on.image.data);
});

test("switching one effect on changes the image only where that effect acts: a drop-out box and its soft edge", () => {
  // microscopy sample 1 of seed 1 draws one drop-out box; every other effect stays off in both images
  const options = { preset: "microscopy" as const, seed: 1, index: 1 };
  const { imaging } = sampleGeometry(sampleSpec(1, { preset: "microscopy", seed: 1, size: LESSON_SIZE, voxels: "scanner" }));
  assert.equal(imaging.dropouts.length, 1);
  const box = imaging.dropouts[0];
  const without = lessonSample({ ...options, off: EFFECTS });
  const withBox = lessonSample({ ...options, off: EFFECTS.filter((e) => e !== "dropouts") });
  const n = LESSON_SIZE;
  let changed = 0;
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const v = index3(without.image.dims, x, y, z);
        if (withBox.image.data[v] === without.image.data[v]) continue;
        changed++;
        // within the box (centre c·n − 0.5, half-width s·n / 2) grown by half its soft edge
        [x, y, z].forEach((i, a) =>
          assert.ok(
            Math.abs(i - (box.center[a] * n - 0.5)) <= (box.size[a] * n) / 2 + box.softness / 2 + 1e-9,
            `voxel (${x}, ${y}, ${z}) changed outside the box on axis ${a}`,
          ),
        );
      }
  assert.ok(changed > 0, "the drop-out changed some voxels");
});

test("randomisationExperiment: a threshold learnt with every effect off is perfect on its training samples and fails on the test scans; learnt with every effect on, it does better there", async () => {
  const progress: Array<[number, number]> = [];
  const clean = await randomisationExperiment({ preset: "brain-tof", kept: [], count: 2 }, { onProgress: (done, total) => progress.push([done, total]) });
  assert.deepEqual(progress, [
    [1, 4],
    [2, 4],
    [3, 4],
    [4, 4],
  ]);
  assert.deepEqual(clean.off, [...EFFECTS]);
  assert.ok(clean.trainDice > 0.99, `clean training Dice ${clean.trainDice}`);
  assert.equal(clean.testDices.length, 2);
  assert.ok(clean.testDice < 0.1, `clean rule on the test scans ${clean.testDice}`);
  const randomised = await randomisationExperiment({ preset: "brain-tof", kept: EFFECT_GROUPS.map((g) => g.key), count: 2 });
  assert.deepEqual(randomised.off, []);
  assert.ok(randomised.trainDice < clean.trainDice, "randomised training images are harder to cut with one threshold");
  assert.ok(randomised.testDice > clean.testDice + 0.1, `randomised ${randomised.testDice} against clean ${clean.testDice} on the test scans`);
  // the test scans are the same whatever was switched off in training: the same threshold would score the same there
  const again = await randomisationExperiment({ preset: "brain-tof", kept: EFFECT_GROUPS.map((g) => g.key), count: 2 });
  assert.deepEqual(again.testDices, randomised.testDices);
  await assert.rejects(randomisationExperiment({ preset: "brain-tof", kept: [], count: 1 }, { signal: AbortSignal.abort() }));
});
