import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeSample, makeSample, sampleFileName, sampleSpec } from "../../src/dataset/index.js";
import { gunzip, readNifti, readNiftiHeader } from "../../src/volume/index.js";

const sample = makeSample(sampleSpec(12, { seed: 1, preset: "brain-cta", size: 24 }));

test("encodeSample(sample) gives the image (int16 + scl_slope/scl_inter, within half a step) and the binary label (uint8) as .nii.gz that readNifti reads back", () => {
  const files = encodeSample(sample);
  assert.deepEqual(
    files.map((f) => [f.kind, f.path, f.dtype]),
    [
      ["image", "images/sample-000012.nii.gz", "int16"],
      ["label", "labels/sample-000012.nii.gz", "uint8"],
    ],
  );
  const header = readNiftiHeader(files[0].bytes);
  assert.equal(header.datatypeName, "int16");
  const image = readNifti(files[0].bytes);
  const label = readNifti(files[1].bytes);
  assert.deepEqual(image.dims, [24, 24, 24]);
  assert.ok(image.data instanceof Float32Array);
  const want = sample.image.data;
  let min = Infinity,
    max = -Infinity,
    worst = 0;
  for (const v of want) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  const step = (max - min) / 65534;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(image.data[i] - want[i]));
  assert.ok(worst <= 0.5 * step * (1 + 1e-5) + 2 ** -23 * Math.max(-min, max), `worst error ${worst}, step ${step}`);
  assert.ok(worst > 0, "quantised, not stored exactly");
  // float32 on request: exact
  const exact = encodeSample(sample, { imageDtype: "float32" });
  assert.equal(exact[0].dtype, "float32");
  assert.deepEqual(readNifti(exact[0].bytes).data, sample.image.data);
  assert.deepEqual(exact[1].bytes, files[1].bytes);
  assert.ok(label.data instanceof Uint8Array);
  assert.deepEqual(label.data, sample.maps.binary.data);
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(label.affine[i] - sample.maps.binary.affine[i]) < 1e-4);
});

test("encodeSample(sample, {fraction, centreline, compress}) adds the maps asked for and compresses with the given function", () => {
  const seen: number[] = [];
  const files = encodeSample(sample, { fraction: true, centreline: true, compress: (nifti, volume) => (seen.push(volume.data.BYTES_PER_ELEMENT), nifti) });
  assert.deepEqual(
    files.map((f) => f.path),
    ["images/sample-000012.nii.gz", "labels/sample-000012.nii.gz", "fractions/sample-000012.nii.gz", "centerlines/sample-000012.nii.gz"],
  );
  assert.deepEqual(seen, [4, 1, 4, 1]); // compress gets the volume as made (the float image), whatever is stored
  assert.deepEqual(readNifti(files[2].bytes).data, sample.maps.fraction.data);
  assert.deepEqual(readNifti(files[3].bytes).data, sample.maps.centreline.data);
  // The uncompressed bytes are the gzipped ones inflated.
  assert.deepEqual(gunzip(encodeSample(sample)[1].bytes), files[1].bytes);
});

test("sampleFileName(index) pads to six digits so names sort by index, and grows beyond", () => {
  assert.equal(sampleFileName(0), "sample-000000.nii.gz");
  assert.equal(sampleFileName(123), "sample-000123.nii.gz");
  assert.equal(sampleFileName(1234567), "sample-1234567.nii.gz");
});
