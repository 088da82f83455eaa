import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, readNifti, readNiftiHeader, writeNifti } from "../../src/volume/index.js";

test("readNiftiHeader(bytes) shows datatype name, dims, pixdim, units, description and transform codes", () => {
  const v = createVolume(Float32Array, [6, 5, 4], [0.5, 0.5, 1.5]);
  const h = readNiftiHeader(writeNifti(v, { description: "synthetic angiogram" }));
  assert.equal(h.version, 1);
  assert.equal(h.compressed, true);
  assert.equal(h.littleEndian, true);
  assert.equal(h.datatypeName, "float32");
  assert.deepEqual(h.dims, [6, 5, 4]);
  assert.deepEqual(h.pixdim, [0.5, 0.5, 1.5]);
  assert.deepEqual([h.spatialUnits, h.temporalUnits], ["mm", "unknown"]);
  assert.equal(h.description, "synthetic angiogram");
  assert.deepEqual([h.qformCode, h.sformCode, h.qfac], [1, 1, 1]);
  assert.deepEqual(h.srow, [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1.5, 0]);
  assert.equal(h.hasExtension, false);
});

test("readNiftiHeader(bytes) reads the header of files readNifti refuses, such as a 4D series", () => {
  const bytes = writeNifti(createVolume(Int16Array, [2, 2, 2]), { gzip: false });
  const view = new DataView(bytes.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 3, true);
  view.setFloat32(92, 2.5, true);
  bytes[123] = 2 | 8; // mm, s
  const h = readNiftiHeader(bytes);
  assert.deepEqual(h.dims, [2, 2, 2, 3]);
  assert.deepEqual(h.pixdim, [1, 1, 1, 2.5]);
  assert.equal(h.temporalUnits, "s");
});

test("readNiftiHeader(bytes) rejects what is not a NIfTI file", () => {
  assert.throws(() => readNiftiHeader(new Uint8Array(400)), /^Error: not a NIfTI file: sizeof_hdr is 0 \(not 348 or 540\) and there is no n\+1\/n\+2 magic/);
});

test("readNiftiHeader(bytes) reads NIfTI-2's 64-bit dims and vox_offset as signed numbers, either byte order", () => {
  for (const littleEndian of [true, false]) {
    const bytes = new Uint8Array(560);
    const view = new DataView(bytes.buffer);
    view.setInt32(0, 540, littleEndian);
    bytes.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
    view.setInt16(12, 4, littleEndian); // int16
    view.setInt16(14, 16, littleEndian);
    [3n, -1n, 2n, 5000000000n].forEach((d, n) => view.setBigInt64(16 + 8 * n, d, littleEndian));
    view.setBigInt64(168, 544n, littleEndian);
    const h = readNiftiHeader(bytes);
    assert.equal(h.version, 2);
    assert.deepEqual(h.dims, [-1, 2, 5000000000]);
    assert.equal(h.voxOffset, 544);
    assert.throws(() => readNifti(bytes), /^Error: dim\[1\] is -1; sizes must be positive/);
  }
});
