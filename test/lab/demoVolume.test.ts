import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_VOLUME, demoVolumeCommand, demoVolumeFiles } from "../../src/lab/index.js";
import { readNifti } from "../../src/volume/index.js";

const shipped = (kind: "image" | "label") => new Uint8Array(readFileSync(join("notebooks", DEMO_VOLUME.files[kind])));

test("demoVolumeFiles() makes the shipped demo volume byte for byte (scripts/make-demo-volume.ts writes them)", () => {
  const made = demoVolumeFiles();
  for (const kind of ["image", "label"] as const) {
    assert.ok(
      Buffer.compare(Buffer.from(made[kind]), Buffer.from(shipped(kind))) === 0,
      `notebooks/${DEMO_VOLUME.files[kind]} differs from what the recipe makes: run npx tsx scripts/make-demo-volume.ts`,
    );
  }
});

test("the shipped demo volume reads back as a 48³ image with a label that marks vessels, and stays small", () => {
  const image = readNifti(shipped("image"));
  const label = readNifti(shipped("label"));
  assert.deepEqual(image.dims, [48, 48, 48]);
  assert.deepEqual(label.dims, image.dims);
  let vessel = 0;
  for (const v of label.data) vessel += v;
  assert.ok(vessel > 500 && vessel < 0.1 * label.data.length, `${vessel} vessel voxels`);
  let brighter = 0,
    inside = 0;
  const sorted = Float32Array.from(image.data).sort();
  const median = sorted[sorted.length >> 1];
  for (let i = 0; i < label.data.length; i++)
    if (label.data[i]) {
      inside++;
      if (image.data[i] > median) brighter++;
    }
  assert.ok(brighter > 0.8 * inside, `vessels are bright in a TOF image: ${brighter} of ${inside} above the median`);
  assert.ok(shipped("image").length + shipped("label").length < 300_000, "under 300 kB together");
});

test("demoVolumeCommand() is the vessel-lab synth command for the same sample", () => {
  const r = DEMO_VOLUME.recipe;
  assert.equal(
    demoVolumeCommand(),
    `npx vessel-lab synth --preset ${r.preset} --seed ${r.seed} --index ${r.index} --size ${r.size} --voxels ${r.voxels} --out angiogram.nii.gz --label-out angiogram-label.nii.gz`,
  );
});
