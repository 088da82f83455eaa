import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeSample, makeSample, sampleFileName, sampleSpec } from "../../src/dataset/index.js";
import { gunzip, readNifti } from "../../src/volume/index.js";

const sample = makeSample(sampleSpec(12, { seed: 1, preset: "brain-cta", size: 24 }));

test("encodeSample(sample) gives the image (float32) and the binary label (uint8) as .nii.gz that readNifti reads back exactly", () => {
  const files = encodeSample(sample);
  assert.deepEqual(files.map((f) => [f.kind, f.path]), [["image", "images/sample-000012.nii.gz"], ["label", "labels/sample-000012.nii.gz"]]);
  const image = readNifti(files[0].bytes);
  const label = readNifti(files[1].bytes);
  assert.deepEqual(image.dims, [24, 24, 24]);
  assert.ok(image.data instanceof Float32Array);
  assert.deepEqual(image.data, sample.image.data);
  assert.ok(label.data instanceof Uint8Array);
  assert.deepEqual(label.data, sample.maps.binary.data);
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(label.affine[i] - sample.maps.binary.affine[i]) < 1e-4);
});

test("encodeSample(sample, {fraction, centerline, compress}) adds the maps asked for and compresses with the given function", () => {
  const seen: number[] = [];
  const files = encodeSample(sample, { fraction: true, centerline: true, compress: (nifti, volume) => (seen.push(volume.data.BYTES_PER_ELEMENT), nifti) });
  assert.deepEqual(files.map((f) => f.path), ["images/sample-000012.nii.gz", "labels/sample-000012.nii.gz", "fractions/sample-000012.nii.gz", "centerlines/sample-000012.nii.gz"]);
  assert.deepEqual(seen, [4, 1, 4, 1]);
  assert.deepEqual(readNifti(files[2].bytes).data, sample.maps.fraction.data);
  assert.deepEqual(readNifti(files[3].bytes).data, sample.maps.centerline.data);
  // The uncompressed bytes are the gzipped ones inflated.
  assert.deepEqual(gunzip(encodeSample(sample)[1].bytes), files[1].bytes);
});

test("sampleFileName(index) pads to six digits so names sort by index, and grows beyond", () => {
  assert.equal(sampleFileName(0), "sample-000000.nii.gz");
  assert.equal(sampleFileName(123), "sample-000123.nii.gz");
  assert.equal(sampleFileName(1234567), "sample-1234567.nii.gz");
});
