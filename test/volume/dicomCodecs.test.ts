import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// no src/cli here, so no nodeCodecs: this file reads compressed series as the pages do, after loadDicomCodecs
import { dicomCodecsOf, dicomSeriesOf, loadDicomCodecs, readDicomSeries } from "../../src/volume/index.js";

/** A Part 10 file holding `fragment` as the encapsulated pixel data of one rows × columns MONOCHROME2 slice (explicit VR little endian elements). */
function encapsulatedFile(syntax: string, rows: number, columns: number, bitsAllocated: number, fragment: Uint8Array): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push(v & 255, v >> 8);
  const u32 = (v: number) => (u16(v & 0xffff), u16(v >>> 16));
  const element = (group: number, el: number, vr: string, value: number[]) => {
    (u16(group), u16(el), parts.push(vr.charCodeAt(0), vr.charCodeAt(1)));
    if (["OB", "OW", "SQ", "UN"].includes(vr)) (u16(0), u32(value.length));
    else u16(value.length);
    parts.push(...value);
  };
  const text = (s: string) => {
    const bytes = [...s].map((c) => c.charCodeAt(0));
    if (bytes.length % 2) bytes.push(0);
    return bytes;
  };
  const short = (v: number) => [v & 255, v >> 8];
  const meta: number[] = [];
  const before = parts.length;
  element(0x0002, 0x0010, "UI", text(syntax));
  meta.push(...parts.splice(before));
  element(0x0002, 0x0000, "UL", [meta.length & 255, (meta.length >> 8) & 255, 0, 0]);
  parts.push(...meta);
  element(0x0028, 0x0002, "US", short(1));
  element(0x0028, 0x0004, "CS", text("MONOCHROME2"));
  element(0x0028, 0x0010, "US", short(rows));
  element(0x0028, 0x0011, "US", short(columns));
  element(0x0028, 0x0100, "US", short(bitsAllocated));
  element(0x0028, 0x0101, "US", short(bitsAllocated));
  element(0x0028, 0x0103, "US", short(0));
  // pixel data of undefined length: an empty basic offset table, one fragment, the sequence delimiter
  (u16(0x7fe0), u16(0x0010), parts.push(0x4f, 0x42), u16(0), u32(0xffffffff));
  (u16(0xfffe), u16(0xe000), u32(0));
  (u16(0xfffe), u16(0xe000), u32(fragment.length + (fragment.length % 2)));
  parts.push(...fragment);
  if (fragment.length % 2) parts.push(0);
  (u16(0xfffe), u16(0xe0dd), u32(0));
  const file = new Uint8Array(132 + parts.length);
  file.set([0x44, 0x49, 0x43, 0x4d], 128);
  file.set(parts, 132);
  return file;
}

test("DICOM RLE: a slice coded by hand (PS3.5 Annex G: high-byte segment, then low-byte, each PackBits) decodes to its pixels", () => {
  // 2 × 3 pixels of 16 bits: 0x0102 0x0103 0x0104 / 0x0105 0x0105 0x0105
  const high = [0xfb, 0x01]; // the byte 0x01 six times (a run: −5 → 6 copies)
  const low = [0x02, 0x02, 0x03, 0x04, 0xfe, 0x05]; // 3 literal bytes (2 → 3), then 0x05 three times (−2 → 3)
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, 2, true);
  view.setUint32(4, 64, true);
  view.setUint32(8, 64 + high.length, true);
  const fragment = new Uint8Array([...header, ...high, ...low]);
  const file = encapsulatedFile("1.2.840.10008.1.2.5", 2, 3, 16, fragment);
  const volume = readDicomSeries(dicomSeriesOf([{ name: "rle.dcm", bytes: file }]));
  assert.deepEqual(volume.dims, [3, 2, 1]);
  assert.deepEqual(Array.from(volume.data), [0x0102, 0x0103, 0x0104, 0x0105, 0x0105, 0x0105]);
  // the same pixels, a segment short: refused, naming the file and the count
  view.setUint32(0, 1, true);
  assert.throws(
    () => dicomSeriesOf([{ name: "rle.dcm", bytes: encapsulatedFile("1.2.840.10008.1.2.5", 2, 3, 16, new Uint8Array([...header, ...high])) }]),
    /rle\.dcm: its RLE data hold 1 segments, not the 2 of one grey sample of 16 bits.*dcm2niix/,
  );
});

test("compressed series read as the pages read them (CharLS and OpenJPEG's WebAssembly inline in the modules scripts/build-codecs.mjs makes, loaded by loadDicomCodecs): the voxels of the uncompressed files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-codecs-"));
  try {
    const r = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "write", dir], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    assert.equal(
      r.status,
      0,
      `scripts/dicom-check.py write (apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm): ${r.stderr}`,
    );
    const made = JSON.parse(r.stdout) as { name: string; syntax?: string; values?: number[]; dims?: number[] }[];
    const files = (name: string) => readdirSync(join(dir, name)).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, name, f))) }));
    // before the decoders are loaded, a JPEG-LS series says so (a page must await loadDicomCodecs first)
    assert.throws(() => dicomSeriesOf(files("c-signed-jpeg-ls")), /the jpeg-ls decoder is not loaded: call loadDicomCodecs/);
    const compressed = made.filter((m) => m.syntax);
    assert.equal(compressed.length, 19);
    const codecs = dicomCodecsOf(compressed.flatMap((m) => files(m.name).map((f) => f.bytes)));
    assert.deepEqual([...codecs].sort(), ["jpeg-lossless", "jpeg-ls", "jpeg2000", "rle"]);
    assert.deepEqual([...dicomCodecsOf(files("c-signed").map((f) => f.bytes))], []);
    await loadDicomCodecs(codecs);
    for (const m of compressed) {
      const volume = readDicomSeries(dicomSeriesOf(files(m.name)));
      assert.deepEqual(volume.dims, m.dims, m.name);
      m.values!.forEach((x, n) => assert.ok(Math.abs(volume.data[n] - x) < 1e-3, `${m.name}: voxel ${n} is ${volume.data[n]}, not ${x}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("compressed pixels are decoded only once the series fits: a header claiming 65535 × 65535 pixels is refused undecoded, naming the size", () => {
  const header = new Uint8Array(64);
  new DataView(header.buffer).setUint32(0, 2, true);
  const file = encapsulatedFile("1.2.840.10008.1.2.5", 65535, 65535, 16, header);
  assert.throws(
    () => dicomSeriesOf([{ name: "huge.dcm", bytes: file }], { maxDecodedBytes: 2 ** 31 }),
    /compressed pixels decode to 8\.0 GiB \(1 slice of 65535×65535\), more than the 2\.0 GiB left for them, so they were not decoded/,
  );
});
