import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDicomSlices } from "../../src/volume/index.js";

/**
 * A fresh folder of scripts/dicom-check.py's DICOM series (pydicom and GDCM write them with Debian's python3), one
 * subfolder each. A missing module FAILS the test with the install line.
 */
export function writeDicomFolders(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  assert.equal(
    r.status,
    0,
    `scripts/dicom-check.py write (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`,
  );
  return dir;
}

/**
 * Damaged copies of one slice of an uncompressed explicit little-endian series (as scripts/dicom-check.py writes them):
 * `early`, cut 300 bytes in, before its SeriesInstanceUID; `pastSeries`, cut inside the element after its
 * SeriesInstanceUID; `beforePixels`, cut at the end of the element before its pixel data; `inPixels`, its last 10
 * bytes cut off; and `garbage`, a preamble and "DICM" followed by bytes that are no DICOM elements.
 */
export function damagedCopies(bytes: Uint8Array): Record<"early" | "pastSeries" | "beforePixels" | "inPixels" | "garbage", Uint8Array<ArrayBuffer>> {
  const slice = readDicomSlices(bytes, "slice")[0];
  const uidAt = Buffer.from(bytes).indexOf(slice.seriesUid);
  assert.ok(uidAt > 132, "the SeriesInstanceUID is in the data set");
  const pixelsAt = slice.pixels().offset - 12; // (7FE0,0010), OW, two reserved bytes, a 4-byte length
  assert.deepEqual(Array.from(bytes.subarray(pixelsAt, pixelsAt + 4)), [0xe0, 0x7f, 0x10, 0x00], "the pixel data element's tag");
  const garbage = new Uint8Array(532);
  garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
  for (let n = 132; n < garbage.length; n++) garbage[n] = (n * 37 + 11) & 0xff;
  return {
    early: bytes.slice(0, 300),
    pastSeries: bytes.slice(0, uidAt + slice.seriesUid.length + 6),
    beforePixels: bytes.slice(0, pixelsAt),
    inPixels: bytes.slice(0, bytes.length - 10),
    garbage,
  };
}

/**
 * A sound MR spectroscopy file (scripts/dicom-check.py mr-spectroscopy, pydicom) at `path`: SOP class MR Spectroscopy
 * Storage, Rows and Columns (its grid of voxels, one), no PixelData, `points` complex samples in SpectroscopyData.
 */
export function writeMrSpectroscopy(path: string, points = 1024): Uint8Array<ArrayBuffer> {
  const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "mr-spectroscopy", path, String(points)], { encoding: "utf8" });
  assert.equal(r.status, 0, `scripts/dicom-check.py mr-spectroscopy: ${r.stderr}`);
  return new Uint8Array(readFileSync(path));
}

/**
 * A file of a sound DICOM file's preamble and meta header (those of `bytes`, an explicit little-endian file's) followed
 * by `length` bytes of noise (a fixed pseudo-random sequence): a file garbled past its meta header.
 */
export function garbageAfterMeta(bytes: Uint8Array, length: number): Uint8Array<ArrayBuffer> {
  const metaEnd = 144 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(140, true); // (0002,0000)'s value: the group's length after it
  const out = new Uint8Array(metaEnd + length);
  out.set(bytes.subarray(0, metaEnd));
  let x = 20261206;
  for (let n = metaEnd; n < out.length; n++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[n] = x >>> 24;
  }
  return out;
}
