import { test } from "node:test";
import assert from "node:assert/strict";
import { fitImagingToMask, makeSample, sampleSpec, synthesiseAroundMask } from "../../src/dataset/index.js";
import { synthesiseImage } from "../../src/imaging/index.js";
import { createVolume, type Affine, type Vec3, type Volume } from "../../src/volume/index.js";
import { imagingLabelsFromMask } from "../../src/voxel/index.js";

const AFFINE: Affine = [0, -0.5, 0, 12, 0.5, 0, 0, -30, 0, 0, 0.8, 5, 0, 0, 0, 1]; // x and y swapped, one flipped

/** A curved tube of radius `r` mm (value 255 inside) on a 32×28×20 grid of `spacing`. */
function tube(spacing: Vec3 = [0.5, 0.5, 0.8], affine: Affine = AFFINE, r = 1.6): Volume<Uint8Array> {
  const dims: Vec3 = [32, 28, 20];
  const mask = createVolume(Uint8Array, dims, spacing, affine);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 2; i < dims[0] - 2; i++) {
        const cy = 14 + 4 * Math.sin(i / 6),
          cz = 10;
        if (((j - cy) * spacing[1]) ** 2 + ((k - cz) * spacing[2]) ** 2 <= r * r) mask.data[i + dims[0] * (j + dims[1] * k)] = 255;
      }
  return mask;
}

function meanInOut(image: Volume, label: Volume): { inside: number; outside: number } {
  let si = 0,
    ni = 0,
    so = 0,
    no = 0;
  for (let v = 0; v < image.data.length; v++) {
    if (label.data[v]) {
      si += image.data[v];
      ni++;
    } else {
      so += image.data[v];
      no++;
    }
  }
  return { inside: si / ni, outside: so / no };
}

test("synthesiseAroundMask(mask, {preset, seed, index}) keeps the mask's dims, spacing and affine; the label is the mask binarised", () => {
  const mask = tube();
  const s = synthesiseAroundMask(mask, { preset: "brain-tof", seed: 7, index: 1 });
  for (const v of [s.image, s.label]) {
    assert.deepEqual(v.dims, mask.dims);
    assert.deepEqual(v.spacing, mask.spacing);
    assert.deepEqual(v.affine, AFFINE);
  }
  assert.ok(s.image.data instanceof Float32Array && s.label.data instanceof Uint8Array);
  assert.deepEqual(
    [...s.label.data],
    [...mask.data].map((x) => (x > 0 ? 1 : 0)),
  );
  assert.ok(s.image.data.every(Number.isFinite));
  assert.deepEqual(s.record.grid, { dims: mask.dims, spacing: mask.spacing, affine: AFFINE, unit: "mm" });
  assert.equal(
    s.record.content.vesselVoxels,
    s.label.data.reduce((n, x) => n + x, 0),
  );
  assert.equal(synthesiseAroundMask(tube([1.5, 1.5, 2]), { preset: "microscopy" }).record.grid.unit, "um");
});

test("synthesiseAroundMask(mask, {preset}) draws vessels brighter than the background for bright modalities (TOF, microscopy, CTA)", () => {
  const mask = tube();
  for (const [preset, index] of [
    ["brain-tof", 0],
    ["brain-tof", 1],
    ["microscopy", 2],
    ["brain-cta", 4],
  ] as const) {
    const s = synthesiseAroundMask(mask, { preset, seed: 7, index });
    assert.equal(s.params.vessels.invert, false, `${preset} ${index} draws dark vessels: pick another index`);
    // CT's bone-bright distractor blobs (400–1400 HU, up to 12 voxels in radius) would fill most of so small a grid
    if (s.record.modality === "cta") assert.equal(s.params.distractors.blobs.length, 0, `${preset} ${index} draws distractor blobs: pick another index`);
    const { inside, outside } = meanInOut(s.image, s.label);
    const spread = s.params.vessels.level - s.params.background.level;
    assert.ok(inside - outside > 0.15 * spread, `${preset} ${index}: mean ${inside} inside, ${outside} outside`);
  }
});

test("synthesiseAroundMask(mask, options) gives the same bytes for the same options, other bytes for another index, and its record makes the image again", () => {
  const mask = tube();
  const a = synthesiseAroundMask(mask, { preset: "brain-cta", seed: 3, index: 2 });
  const b = synthesiseAroundMask(tube(), { preset: "brain-cta", seed: 3, index: 2 });
  assert.deepEqual(a.image.data, b.image.data);
  assert.deepEqual(a.record, b.record);
  const c = synthesiseAroundMask(mask, { preset: "brain-cta", seed: 3, index: 3 });
  assert.notDeepEqual(c.image.data, a.image.data);
  const record = JSON.parse(JSON.stringify(a.record));
  assert.deepEqual(record, a.record);
  assert.deepEqual(synthesiseImage(imagingLabelsFromMask(mask), record.imaging.params, record.imaging.seed).data, a.image.data);
});

test("synthesiseAroundMask(mask, options) draws the imaging exactly as makeSample does for that sample, then fits it to the mask", () => {
  // isotropic voxels and no body outline (microscopy): nothing to fit, so makeSample's very parameters
  const iso = tube([2, 2, 2], undefined, 5);
  for (const index of [0, 5]) {
    const s = synthesiseAroundMask(iso, { preset: "microscopy", seed: 4, index });
    const made = makeSample(sampleSpec(index, { seed: 4, preset: "microscopy", size: 16, voxels: "scanner" }));
    assert.deepEqual(s.params, made.record.imaging.params);
    assert.equal(s.record.imaging.seed, made.record.imaging.seed);
  }
  // anisotropic: the drawn parameters through fitImagingToMask
  const mask = tube();
  const s = synthesiseAroundMask(mask, { preset: "mix", seed: 9, index: 4 });
  const spec = sampleSpec(4, { seed: 9, preset: "mix" });
  assert.equal(s.record.preset, spec.preset);
  assert.equal(s.record.modality, spec.modality);
  assert.deepEqual(s.params, fitImagingToMask(spec.imaging.params, s.label));
  assert.equal(s.params.blur.sigma[2], spec.imaging.params.blur.sigma[2] * (0.5 / 0.8));
});

test("synthesiseAroundMask(mask, options) refuses a bad seed, index or preset and an empty mask, naming the fix", () => {
  assert.throws(() => synthesiseAroundMask(tube(), { seed: -1 }), /seed = -1; give a non-negative integer/);
  assert.throws(() => synthesiseAroundMask(tube(), { index: 1.5 }), /index = 1.5/);
  assert.throws(() => synthesiseAroundMask(tube(), { preset: "brain" as never }), /valid presets: brain-tof/);
  assert.throws(() => synthesiseAroundMask(createVolume(Uint8Array, [8, 8, 8])), /mask: no voxel is > 0/);
});
