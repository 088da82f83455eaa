import { test } from "node:test";
import assert from "node:assert/strict";
import { baselineMask } from "../../src/baselines/index.js";
import { makeSample, sampleSpec } from "../../src/dataset/index.js";
import { fitSimulator, imageStats, measureMask, scanStats } from "../../src/fit/index.js";
import { mirrorIntensities } from "../../src/infer/index.js";
import { fitScan, valuesInVoxels } from "../../src/lab/index.js";
import { dice } from "../../src/metrics/index.js";
import { createVolume, percentilesOf } from "../../src/volume/index.js";

// a 32³ synthetic liver CTA sample with ten branches in its label, and a budget that fits in seconds
const sample = makeSample(sampleSpec(7, { seed: 4242, preset: "liver-cta", size: 32 }));
const budget = { rounds: 1, population: 4, samples: 1, finalSamples: 2, labelConvention: "lumen" as const };
const spread = (values: Float64Array) => percentilesOf(values, [10, 50, 90]);

test("fitScan(volume, label, options) fits the label's statistics as fitSimulator(scanStats(label)) does, and returns the values of the scan and of the samples before and after", async () => {
  const progress: [number, number, string][] = [];
  const r = await fitScan(sample.image, sample.label, { ...budget, image: false }, { onProgress: (done, total, unit) => progress.push([done, total, unit]) });
  assert.equal(r.maskFrom, "label");
  assert.deepEqual(
    r.mask.data,
    Uint8Array.from(sample.label.data, (v) => (v > 0 ? 1 : 0)),
  );
  const scan = scanStats(sample.label, null);
  assert.deepEqual(r.fit.scan, scan);
  const alone = fitSimulator(scan, budget);
  assert.deepEqual(r.fit.like, alone.like);
  assert.equal(r.fit.after.distance, alone.after.distance);
  // the values: the scan's mask's, and those of the very samples the distances were measured on (their spreads agree)
  const h = Math.min(...sample.label.spacing);
  assert.deepEqual(
    r.values.scan.radius,
    measureMask(sample.label).radii.map((x) => x / h),
  );
  assert.deepEqual(spread(r.values.scan.radius), scan.mask.radiusVox);
  assert.deepEqual(spread(r.values.fit.radius), r.fit.after.stats.mask.radiusVox);
  assert.deepEqual(spread(r.values.fit.length), r.fit.after.stats.mask.branchLengthVox);
  assert.deepEqual(spread(r.values.default.radius), r.fit.before.stats.mask.radiusVox);
  assert.equal(r.values.default.length.length, r.fit.before.stats.mask.branches);
  // progress: the search's steps only (candidates, their checks, the final measurements; the histograms' samples are the
  // fit's own, not grown again), never going back, to the end
  assert.deepEqual([...new Set(progress.map((p) => p[2]))], ["search steps"]);
  assert.equal(progress.at(-1)![0], progress.at(-1)![1]);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] >= progress[i - 1][0], `progress ${i} goes back`);
  assert.ok(r.seconds.total >= r.seconds.fit && r.seconds.fit > 0);
});

test("fitScan(volume, null, options) measures the Frangi baseline's mask, and with the image reads its contrast, noise and blur as imageStats does", async () => {
  const progress: string[] = [];
  const r = await fitScan(sample.image, null, budget, { onProgress: (_d, _t, unit) => progress.push(unit) });
  assert.equal(r.maskFrom, "vesselness");
  const frangi = baselineMask(sample.image, { method: "frangi" }).mask;
  assert.deepEqual(r.mask.data, frangi.data);
  assert.deepEqual(r.fit.scan.mask, scanStats(frangi).mask);
  // over the whole scan as imageStats reads it, and in the windows of the fit's samples as scanStats does
  const { window, ...whole } = r.fit.scan.image!;
  assert.deepEqual(whole, imageStats(sample.image, frangi));
  assert.ok(window && window.windows > 0);
  assert.deepEqual(r.fit.scan.image, scanStats(frangi, sample.image, { size: r.fit.search.size }).image);
  assert.equal(progress[0], "scales of the vesselness filter");
  assert.ok(
    r.fit.after.terms.some((t) => t.name === "contrast"),
    "the image statistics are compared",
  );
  // mask: "vesselness" with a label measures the vesselness mask too
  const asked = await fitScan(sample.image, sample.label, { ...budget, image: false, mask: "vesselness", rounds: 1 }, {});
  assert.equal(asked.maskFrom, "vesselness");
  assert.deepEqual(asked.mask.data, frangi.data);
});

test("fitScan(volume, null, { dark: true }) measures the mirrored scan: a bright sample mirrored into dark vessels gives back the sample's vesselness mask and image statistics, which reading it as bright does not", async () => {
  const dark = mirrorIntensities(sample.image);
  const r = await fitScan(dark, null, { ...budget, dark: true });
  assert.equal(r.dark, true);
  assert.equal(r.fit.like.dark, true, "the simulator's samples drawn dark too, and so those of generate --like");
  const frangi = baselineMask(sample.image, { method: "frangi" }).mask;
  // the mirror of the mirror is the sample to float32's rounding (measured: 6e-5 of a range of 1400)
  assert.equal(dice(r.mask, frangi), 1);
  const bright = imageStats(sample.image, frangi);
  for (const key of ["contrast", "noise", "blur"] as const)
    assert.ok(Math.abs(r.fit.scan.image![key] / bright[key] - 1) < 1e-5, `${key}: ${r.fit.scan.image![key]} against the sample's ${bright[key]}`);
  // read as bright (the default), the dark scan's vesselness marks the tissue between the vessels, and its contrast is another
  const asBright = await fitScan(dark, null, budget);
  assert.equal(asBright.dark, false);
  assert.ok(!("dark" in asBright.fit.like));
  assert.ok(dice(asBright.mask, frangi) < 0.1, `the mask read as bright: Dice ${dice(asBright.mask, frangi)} with the sample's`);
  assert.ok(asBright.fit.scan.image!.contrast < bright.contrast / 2);
  await assert.rejects(fitScan(dark, null, { ...budget, dark: "yes" as never }), /dark = "yes"; give true \(vessels darker than the tissue\) or false/);
});

test("fitScan stops with the signal's reason within a candidate of the abort: the search checks the signal", async () => {
  const controller = new AbortController();
  let candidates = 0;
  await assert.rejects(
    fitScan(
      sample.image,
      sample.label,
      { ...budget, image: false, rounds: 3 },
      {
        signal: controller.signal,
        onProgress: (_done, _total, unit) => {
          if (unit !== "search steps") return;
          candidates++;
          controller.abort(new Error("stopped by the test"));
        },
      },
    ),
    /stopped by the test/,
  );
  assert.equal(candidates, 1, "no candidate is measured after the abort");
  const aborted = new AbortController();
  aborted.abort(new Error("before it began"));
  await assert.rejects(fitScan(sample.image, sample.label, budget, { signal: aborted.signal }), /before it began/);
});

test("fitScan throws a RangeError naming the problem: no label to measure, a label on another grid, a mask with no vessels", async () => {
  await assert.rejects(fitScan(sample.image, null, { mask: "label" }), /mask = "label" but the volume has no label/);
  await assert.rejects(fitScan(sample.image, sample.label, { mask: "otsu" as never }), /mask = "otsu"; give "label" or "vesselness"/);
  await assert.rejects(fitScan(sample.image, createVolume(Uint8Array, [4, 4, 4], [1, 1, 1])), /the label is 4×4×4 voxels, the volume 32×32×32/);
  await assert.rejects(fitScan(sample.image, createVolume(Uint8Array, [32, 32, 32], [1, 1, 1]), { image: false }), /the label has no vessel centreline/);
});

test("valuesInVoxels(measures) divides each mask's radii and lengths by its own finest side and pools them in order", () => {
  const m = (spacing: [number, number, number], radii: number[], lengths: number[]) => ({
    spacing,
    radii: Float64Array.from(radii),
    lengths: Float64Array.from(lengths),
  });
  const v = valuesInVoxels([m([0.5, 0.5, 2], [1, 0.5], [3]), m([2, 1, 4], [3], [2, 5])]);
  assert.deepEqual([...v.radius], [2, 1, 3]);
  assert.deepEqual([...v.length], [6, 2, 5]);
  assert.deepEqual(valuesInVoxels([]), { radius: new Float64Array(0), length: new Float64Array(0) });
});
