import { test } from "node:test";
import assert from "node:assert/strict";
import { checkFileBudget } from "../../src/lab/volumeBudget.js";
import { createVolume, gzip, writeNifti } from "../../src/volume/index.js";

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
