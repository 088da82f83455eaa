import { test } from "node:test";
import assert from "node:assert/strict";
import { checkFileBudget } from "../../src/lab/volumeBudget.js";
import { createVolume, gzip, writeNifti, writeTiff } from "../../src/volume/index.js";

test("checkFileBudget reads only a file's header: a volume over the page's budget is refused before decoding, with its size and the fix", async () => {
  const small = new Blob([writeNifti(createVolume(Int16Array, [8, 8, 8])) as Uint8Array<ArrayBuffer>]);
  const layout = await checkFileBudget(small);
  assert.deepEqual(layout.dims, [8, 8, 8]);
  assert.equal(layout.readBytes, 352 + 8 * 8 * 8 * 2);
  // 1024³ uint8 (1 GiB to read) claimed by a header before 64 MiB of zeros: the Blob's voxels are never read
  const header = writeNifti(createVolume(Uint8Array, [1, 1, 1]), { gzip: false }).slice(0, 352);
  [1024, 1024, 1024].forEach((n, a) => new DataView(header.buffer).setInt16(42 + 2 * a, n, true));
  const rest = gzip(new Uint8Array(64 * 2 ** 20), 9);
  const big = Object.assign(new Blob([gzip(header) as Uint8Array<ArrayBuffer>, rest as Uint8Array<ArrayBuffer>]), { name: "big.nii.gz" });
  await assert.rejects(
    checkFileBudget(big, 2 ** 29),
    /^Error: big\.nii\.gz: this volume \(1024×1024×1024 uint8 = 1073\.7 million voxels\) takes 1\.0 GB just to read, more than the 0\.5 GB the page allows itself, so it was not opened/,
  );
  await assert.rejects(checkFileBudget(Object.assign(new Blob(["not nifti"]), { name: "x.nii" })), /^Error: x\.nii: not a NIfTI file/);
});

test("checkFileBudget on a TIFF stack: read whole for its page directories when the file fits the budget, refused unread when it does not", async () => {
  const v = createVolume(Uint16Array, [16, 12, 10], [0.002, 0.002, 0.005]);
  const bytes = writeTiff(v);
  const layout = await checkFileBudget(Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name: "stack.tif" }));
  assert.deepEqual([layout.format, layout.dims, layout.typeName], ["tiff", [16, 12, 10], "uint16"]);
  assert.equal(layout.readBytes, 16 * 12 * 10 * 2 + bytes.length); // the file and the voxels decoded from it
  assert.match(layout.note!, /TIFF stack of 10 pages, uncompressed; voxel size from ImageJ's calibration/);
  // a budget smaller than the file: refused before the whole file is read
  await assert.rejects(
    checkFileBudget(Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name: "stack.tif" }), 1000),
    /^Error: stack\.tif: this 0\.0 GB TIFF is more than the 0\.0 GB the page allows itself, so it was not opened\. Crop or downsample it first/,
  );
  // a budget the file fits but its voxels do not: refused with the volume's size, as any format
  await assert.rejects(
    checkFileBudget(Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name: "stack.tif" }), bytes.length + 100),
    /^Error: stack\.tif: this volume \(16×12×10 uint16 = 0\.0 million voxels\) takes 0\.0 GB just to read/,
  );
});
