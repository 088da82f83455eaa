import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  VOLUME_NAME,
  createVolume,
  formatOfName,
  isTiff,
  readTiffHeader,
  readVolume,
  tiffLayout,
  volumeFormat,
  volumeLayout,
  writeTiff,
} from "../../src/volume/index.js";

// The references are tifffile's and Pillow's (scripts/tiff-check.py under Debian's /usr/bin/python3): files they
// write are read here, and files writeTiff writes are read there. A missing module FAILS the test with the install line.
const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-tifffile python3-pil";

function tiffCheck(mode: "write" | "read", arg: string): any {
  const r = spawnSync(PYTHON, ["scripts/tiff-check.py", mode, arg], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}): the TIFF cross-check needs Debian's python3: ${INSTALL}`);
  if (r.status === 3) assert.fail(`${PYTHON} lacks tifffile or Pillow: ${INSTALL}\n${r.stderr}`);
  assert.equal(r.status, 0, `tiff-check.py ${mode} ${arg} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const TYPE_OF_DTYPE: Record<string, string> = { uint8: "Uint8Array", uint16: "Uint16Array", int16: "Int16Array", float32: "Float32Array" };

test("TIFF stacks written by tifffile and Pillow read voxel for voxel, with the voxel size ImageJ, OME-XML or the resolution tags give", () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-tiff-"));
  try {
    const made = tiffCheck("write", dir) as Array<{
      name: string;
      dims: number[] | null;
      dtype: string | null;
      values: number[] | null;
      spacing: number[] | null;
      spacingFrom: string | null;
      refused: string | null;
      skipped: number;
    }>;
    assert.ok(made.filter((m) => !m.refused).length >= 9 && made.filter((m) => m.refused).length >= 6);
    for (const m of made) {
      const bytes = new Uint8Array(readFileSync(join(dir, m.name)));
      assert.equal(volumeFormat(bytes.subarray(0, 64)), "tiff", m.name);
      if (m.refused) {
        const refusal = (error: Error) => error.message.includes(m.refused!) && /save|set/.test(error.message);
        assert.throws(() => readVolume(bytes), refusal, m.name);
        assert.throws(() => tiffLayout(bytes), refusal, `${m.name}: refused from its directories, before any voxel is decoded`);
        continue;
      }
      const v = readVolume(bytes);
      assert.deepEqual(v.dims, m.dims, m.name);
      assert.equal(v.data.constructor.name, TYPE_OF_DTYPE[m.dtype!], m.name);
      assert.deepEqual(Array.from(v.data), m.values, m.name); // float32 values compare exactly: the same bits
      v.spacing.forEach((s, a) =>
        assert.ok(Math.abs(s - m.spacing![a]) < 1e-9 * Math.max(1, m.spacing![a]), `${m.name}: spacing ${v.spacing} vs ${m.spacing}`),
      );
      // TIFF has no orientation: the voxel size on the diagonal, origin 0 (as NIfTI takes a file without one)
      assert.deepEqual(v.affine, [v.spacing[0], 0, 0, 0, 0, v.spacing[1], 0, 0, 0, 0, v.spacing[2], 0, 0, 0, 0, 1], m.name);
      const h = readTiffHeader(bytes);
      assert.equal(h.spacingFrom, m.spacingFrom, m.name);
      assert.equal(h.skippedPages, m.skipped, m.name);
      const layout = tiffLayout(bytes);
      assert.equal(layout.format, "tiff");
      assert.deepEqual(layout.dims, m.dims);
      assert.ok(layout.readBytes >= v.data.byteLength, m.name);
      assert.match(layout.note!, m.spacingFrom ? /voxel size from/ : /no voxel size in the file: 1 mm taken/, m.name);
      if (/no-z|pixels|resolution-cm/.test(m.name)) assert.match(layout.note!, /taken/, `${m.name}: what was assumed is said`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writeTiff: tifffile reads the voxels, type and ImageJ calibration back (µm for microscopy voxels, mm for a scanner's), and so does readVolume", () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-tiff-"));
  try {
    const cases = [
      createVolume(Uint8Array, [7, 5, 3], [0.002, 0.003, 0.005]),
      createVolume(Int16Array, [4, 3, 2], [0.5, 0.6, 1.2]),
      createVolume(Float32Array, [3, 4, 5], [1, 1, 1]),
      createVolume(Uint16Array, [5, 1, 1], [0.8, 0.8, 0.8]),
    ];
    cases.forEach((v, c) =>
      v.data.forEach((_, n) => (v.data[n] = c === 1 ? n * 1301 - 15000 : c === 2 ? (n - 30) / 7 : (n * 37 + c) % (c === 0 ? 256 : 65536))),
    );
    for (const [c, v] of cases.entries()) {
      const file = join(dir, `w${c}.tif`);
      writeFileSync(file, writeTiff(v));
      const ref = tiffCheck("read", file);
      assert.deepEqual(ref.dims, v.dims, `case ${c}`);
      assert.equal(ref.dtype, { Uint8Array: "uint8", Int16Array: "int16", Float32Array: "float32", Uint16Array: "uint16" }[v.data.constructor.name]);
      assert.deepEqual(ref.values, Array.from(v.data), `case ${c}`);
      assert.equal(ref.pages, v.dims[2]);
      assert.equal(ref.compression, 1);
      const micron = Math.max(...v.spacing) < 0.1;
      const scale = micron ? 1000 : 1;
      assert.equal(ref.imagej.unit, micron ? "micron" : "mm");
      assert.equal(ref.imagej.slices, v.dims[2]);
      assert.ok(Math.abs(ref.imagej.spacing - v.spacing[2] * scale) < 1e-9);
      // pixels per unit, as a rational
      assert.ok(Math.abs(ref.xResolution[1] / ref.xResolution[0] - v.spacing[0] * scale) < 1e-5 * v.spacing[0] * scale, `x: ${ref.xResolution}`);
      assert.ok(Math.abs(ref.yResolution[1] / ref.yResolution[0] - v.spacing[1] * scale) < 1e-5 * v.spacing[1] * scale, `y: ${ref.yResolution}`);
      const back = readVolume(readFileSync(file));
      assert.equal(back.data.constructor, v.data.constructor);
      assert.deepEqual(Array.from(back.data), Array.from(v.data));
      back.spacing.forEach((s, a) => assert.ok(Math.abs(s - v.spacing[a]) < 1e-5 * v.spacing[a], `${back.spacing} vs ${v.spacing}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a TIFF is told by its first bytes (either byte order, BigTIFF); its layout needs the whole file; a cut file or a volume past 4 GiB is refused with the fix", () => {
  assert.ok(isTiff(new Uint8Array([0x49, 0x49, 42, 0])) && isTiff(new Uint8Array([0x4d, 0x4d, 0, 42])) && isTiff(new Uint8Array([0x49, 0x49, 43, 0])));
  assert.ok(!isTiff(new Uint8Array([0x49, 0x49, 0, 42])) && !isTiff(new Uint8Array([0x49, 0x49])) && !isTiff(new TextEncoder().encode("NRRD0004")));
  assert.ok(VOLUME_NAME.test("stack.TIF") && VOLUME_NAME.test("a.tiff") && !VOLUME_NAME.test("a.tif.gz"));
  assert.equal("case7.ome.tif".replace(VOLUME_NAME, ""), "case7"); // an OME-TIFF pairs with case7.nii.gz in evaluate
  assert.equal(formatOfName("mask.tif"), "tiff");
  assert.equal(formatOfName("mask.TIFF"), "tiff");
  const v = createVolume(Uint16Array, [40, 30, 6], [1, 1, 2]);
  v.data.forEach((_, n) => (v.data[n] = n));
  const bytes = writeTiff(v);
  assert.throws(() => volumeLayout(bytes.subarray(0, 1024)), /whole file/);
  // cut inside the voxels, and cut before the last page's directory
  assert.throws(() => readVolume(bytes.subarray(0, 2000)), /TIFF.*(cut short|damaged)/);
  assert.throws(() => readVolume(bytes.subarray(0, bytes.length - 100)), /TIFF.*(cut short|damaged)/);
  assert.throws(() => readVolume(bytes, { maxBytes: 1000 }), /40×30×6 uint16 voxels take .* this reader is allowed \(maxBytes\); crop or downsample/);
  const huge = { ...createVolume(Uint8Array, [2, 2, 2]), dims: [2048, 2048, 1025] as [number, number, number] };
  assert.throws(() => writeTiff(huge), /over the 4 GiB a classic TIFF holds; write \.nii\.gz instead/);
});

/** The byte offset of tag `tag`'s value in page `page`'s directory of a classic little-endian TIFF (writeTiff's). */
function entryValueAt(bytes: Uint8Array, page: number, tag: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ifd = view.getUint32(4, true);
  for (let p = 0; p < page; p++) ifd = view.getUint32(ifd + 2 + 12 * view.getUint16(ifd, true), true);
  for (let e = 0; e < view.getUint16(ifd, true); e++) if (view.getUint16(ifd + 2 + 12 * e, true) === tag) return ifd + 2 + 12 * e + 8;
  throw new Error(`no tag ${tag} on page ${page}`);
}

test("a strip shorter than its rows is an error naming it; an empty strip (offset and byte count 0, as sparse files have) reads as zeros", () => {
  const v = createVolume(Uint16Array, [6, 5, 3], [1, 1, 1]);
  v.data.forEach((_, n) => (v.data[n] = n + 1));
  const short = writeTiff(v);
  new DataView(short.buffer).setUint32(entryValueAt(short, 1, 279), 30, true); // page 2's strip: 30 of its 60 bytes
  assert.throws(() => readVolume(short), /TIFF page 2 of 3: strip 1 decodes to 30 of its 60 bytes; the file is cut short or damaged/);
  const sparse = writeTiff(v);
  new DataView(sparse.buffer).setUint32(entryValueAt(sparse, 1, 279), 0, true);
  assert.throws(() => readVolume(sparse), /TIFF page 2: strip 1 has no bytes; the file is cut short or damaged/); // a count lost, not a sparse strip
  new DataView(sparse.buffer).setUint32(entryValueAt(sparse, 1, 273), 0, true); // offset and count 0: sparse
  const read = readVolume(sparse);
  assert.deepEqual(Array.from(read.data.subarray(30, 60)), new Array(30).fill(0));
  assert.deepEqual(Array.from(read.data.subarray(0, 30)), Array.from(v.data.subarray(0, 30)));
  assert.deepEqual(Array.from(read.data.subarray(60)), Array.from(v.data.subarray(60)));
  // a strip said to hold 40,000 rows of a 5-row page is taken for the page's rows (TIFF: RowsPerStrip may exceed the height)
  const tall = writeTiff(v);
  new DataView(tall.buffer).setUint32(entryValueAt(tall, 0, 278), 40000, true);
  assert.deepEqual(Array.from(readVolume(tall).data), Array.from(v.data));
});
