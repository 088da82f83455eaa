import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { readScanFile } from "../../src/lab/realScans.js";
import { checkFileBudget } from "../../src/lab/volumeBudget.js";
import { createVolume, gzip, writeNifti, writeTiff } from "../../src/volume/index.js";
import { writeDicomFolders } from "../support/dicomFolders.js";

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
    /^Error: big\.nii\.gz: this volume \(1024×1024×1024 uint8 = 1073\.7 million voxels\) takes 1\.0 GiB just to read, more than the 512\.0 MiB the page allows itself, so it was not opened/,
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
    /^Error: stack\.tif: this \d KiB TIFF is more than the 1000 bytes the page allows itself, so it was not opened\. Crop or downsample it first/,
  );
  // a budget the file fits but its voxels do not: refused with the volume's size, as any format
  await assert.rejects(
    checkFileBudget(Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name: "stack.tif" }), bytes.length + 100),
    /^Error: stack\.tif: this volume \(16×12×10 uint16 = 0\.0 million voxels\) takes \d+ KiB just to read, more than the \d+ KiB the page allows itself/,
  );
});

test("checkFileBudget and readScanFile on a DICOM series given as its files: the series' layout and volume as the CLI reads its folder; too large refused unread; one file alone, or files none of them DICOM, told what to give", async () => {
  const dir = writeDicomFolders("vl-dicom-budget-");
  try {
    const folder = join(dir, "nested");
    const paths = ["a/IM0000.dcm", "a/IM0001.dcm", "b/IM0000.dcm", "b/IM0001.dcm", "DICOMDIR", "README.txt"].map((p) => join(folder, p));
    const files = paths.map((p) => new File([readFileSync(p)], p.split("/").pop()!));
    const layout = await checkFileBudget(files);
    const cli = readVolumeFile(folder, "--in", { command: "test" });
    assert.deepEqual([layout.format, layout.dims, layout.typeName], ["dicom", [7, 5, 4], "int16"]);
    assert.match(layout.note!, /4 slices; 1 file without pixels skipped; 1 other file ignored/);
    const read = await readScanFile(files);
    assert.equal(read.format, "dicom");
    assert.equal(read.name, "DICOM series 3 'angio' (4 files)");
    assert.deepEqual(Array.from(read.volume.data), Array.from(cli.volume.data));
    assert.deepEqual(read.volume.affine, cli.volume.affine);
    await assert.rejects(
      checkFileBudget(files, 1000),
      /^Error: 6 files: 4 DICOM files of \d KiB, more than the 1000 bytes the page allows itself, so they were not opened/, // the series' four image files: the DICOMDIR is not counted
    );
    await assert.rejects(checkFileBudget(files.slice(0, 1)), /IM0000\.dcm: one DICOM slice of a series: choose or drop all the files/);
    await assert.rejects(readScanFile(files.slice(0, 1)), /IM0000\.dcm: one DICOM slice of a series/);
    await assert.rejects(readScanFile([files[5], files[5]]), /2 files, none of them DICOM: choose one scan file/);
    // one enhanced (multi-frame) file is a whole series
    const enhanced = new File([readFileSync(join(dir, "enhanced", "enhanced.dcm"))], "enhanced.dcm");
    assert.deepEqual((await checkFileBudget(enhanced)).dims, [7, 5, 5]);
    const one = await readScanFile(enhanced);
    assert.deepEqual(Array.from(one.volume.data), Array.from(readVolumeFile(join(dir, "enhanced"), "--in", { command: "test" }).volume.data));
    assert.equal(one.name, "DICOM series 7 'enhanced TOF' (1 file, 5 slices)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
