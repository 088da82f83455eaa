import { test } from "node:test";
import assert from "node:assert/strict";
import { BYTES_PER_VOXEL, checkBudget, cropToFit, downsampleToFit, fitToBudget, shiftDomain } from "../../src/lab/index.js";
import { createVolume } from "../../src/volume/index.js";

function ramp() {
  const v = createVolume(Float32Array, [5, 4, 3], [1, 1, 1]);
  v.data.forEach((_, n) => (v.data[n] = 10 + n)); // 10 … 69
  return v;
}

test("shiftDomain: the bias field runs from ×0.3 at x = 0 to ×1.7 at the far x of the first slice; gamma and low contrast keep the range's ends", () => {
  const v = ramp();
  const bias = shiftDomain(v, "strong bias field");
  assert.ok(Math.abs(bias.data[0] - 0.3 * 10) < 1e-5);
  assert.ok(Math.abs(bias.data[4] - 1.7 * 14) < 1e-4, `${bias.data[4]}`);
  const last = v.data.length - 1;
  assert.ok(Math.abs(bias.data[last] - 0.3 * v.data[last]) < 1e-4, "cos(π) = −1 at the last slice: the field is 0.3 there");
  const gamma = shiftDomain(v, "gamma 2.5");
  assert.ok(Math.abs(gamma.data[0] - 10) < 1e-5 && Math.abs(gamma.data[last] - 69) < 1e-4);
  assert.ok(Math.abs(gamma.data[30] - (10 + 59 * (30 / 59) ** 2.5)) < 1e-4);
  const low = shiftDomain(v, "low contrast");
  assert.ok(Math.abs(low.data[0] - (10 + 0.4 * 59)) < 1e-4 && Math.abs(low.data[last] - (10 + 0.6 * 59)) < 1e-4);
  assert.deepEqual(shiftDomain(v, "none").data, v.data);
  const noisy = shiftDomain(v, "heavy noise", 3);
  assert.deepEqual(noisy.data, shiftDomain(v, "heavy noise", 3).data, "seeded");
  assert.notDeepEqual(noisy.data, v.data);
  assert.deepEqual([bias.dims, bias.affine], [v.dims, v.affine]);
});

test("checkBudget, cropToFit and downsampleToFit: the message names the size that works, crops keep the centre, downsampling halves until it fits", () => {
  const small = checkBudget([64, 64, 64], 64 ** 3 * BYTES_PER_VOXEL);
  assert.deepEqual([small.fits, small.message], [true, null]);
  const big = checkBudget([100, 100, 100], 50 ** 3 * BYTES_PER_VOXEL);
  assert.equal(big.fits, false);
  assert.equal(big.maxVoxels, 50 ** 3);
  assert.match(big.message!, /100×100×100 = 1\.0 million voxels.*about 50³\) work: crop it to its centre, or downsample it/);
  assert.match(big.message!, /to segment in the browser.*segment it with the CLI \(vessel-lab segment\)/);
  assert.match(
    checkBudget([100, 100, 100], 50 ** 3 * BYTES_PER_VOXEL, { task: "fit", command: "vessel-lab fit" }).message!,
    /to fit in the browser.*fit it with the CLI \(vessel-lab fit\), which has no such limit/,
  );
  const v = createVolume(Uint8Array, [40, 20, 10], [1, 2, 3]);
  const c = cropToFit(v, 1000);
  assert.ok(c.dims[0] * c.dims[1] * c.dims[2] <= 1000);
  assert.deepEqual(c.dims, [20, 10, 5]);
  assert.deepEqual([c.affine[3], c.affine[7], c.affine[11]], [10 * 1, 5 * 2, 2 * 3], "the crop starts where the centre box does");
  assert.equal(cropToFit(v, 10_000), v);
  const d = downsampleToFit(v, 1000);
  assert.deepEqual(d.spacing, [2, 4, 6], "8000 voxels halved once per axis: 1000, which fits");
  assert.deepEqual(d.dims, [20, 10, 5]);
  assert.equal(downsampleToFit(v, 10_000), v);
});

test("fitToBudget keeps a scan that fits, crops scan and label alike, and drops the label when it downsamples", () => {
  const v = createVolume(Uint8Array, [40, 20, 10], [1, 2, 3]);
  const label = createVolume(Uint8Array, [40, 20, 10], [1, 2, 3]);
  const kept = fitToBudget({ volume: v, label }, 10_000);
  assert.equal(kept.volume, v);
  assert.equal(kept.label, label);
  const cropped = fitToBudget({ volume: v, label }, 1000);
  assert.deepEqual(
    [cropped.volume.dims, cropped.label?.dims],
    [
      [20, 10, 5],
      [20, 10, 5],
    ],
  );
  assert.deepEqual(cropped.label?.affine, cropped.volume.affine);
  const down = fitToBudget({ volume: v, label }, 1000, "downsample");
  assert.deepEqual([down.volume.spacing, down.label], [[2, 4, 6], null]);
  assert.equal(fitToBudget({ volume: v, label: null }, 1000).label, null);
});
