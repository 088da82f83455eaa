import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { isMetaImage, readMetaImage, readMetaImageHeader, readVolume, transformPoint, volumeLayout } from "../../src/volume/index.js";

import { int16Ramp } from "../support/scanFormats.js";

const encoder = new TextEncoder();

/** A MetaImage file: the header lines (ElementDataFile last), then `data`. */
function mha(lines: string[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const head = encoder.encode(lines.join("\n") + "\n");
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

const HEADER = ["ObjectType = Image", "NDims = 3", "BinaryData = True", "DimSize = 3 4 5", "ElementSpacing = 0.5 0.6 0.7"];

test("a .mha with identity directions: int16 voxels x fastest, LPS offset turned into a RAS+ affine (x and y change sign, as ITK writes NIfTI)", () => {
  const bytes = mha(
    [
      ...HEADER,
      "BinaryDataByteOrderMSB = False",
      "Offset = 10 20 30",
      "TransformMatrix = 1 0 0 0 1 0 0 0 1",
      "ElementType = MET_SHORT",
      "ElementDataFile = LOCAL",
    ],
    int16Ramp(true),
  );
  assert.ok(isMetaImage(bytes));
  const v = readMetaImage(bytes);
  assert.ok(v.data instanceof Int16Array);
  assert.deepEqual(v.dims, [3, 4, 5]);
  assert.deepEqual(v.spacing, [0.5, 0.6, 0.7]);
  assert.equal(v.data[2 + 3 * (1 + 4 * 3)], 2 + 10 + 300);
  // LPS (10, 20, 30) + index·spacing along +L, +P, +S  →  RAS (−10 − 0.5 i, −20 − 0.6 j, 30 + 0.7 k)
  assert.deepEqual(v.affine, [-0.5, 0, 0, -10, 0, -0.6, 0, -20, 0, 0, 0.7, 30, 0, 0, 0, 1]);
});

test("TransformMatrix rows are the i, j, k axes' directions (ITK's reading); big-endian voxels are byte-swapped", () => {
  // axis i along +P (LPS y), axis j along −L (LPS −x), axis k along +S
  const bytes = mha(
    [...HEADER, "ElementByteOrderMSB = True", "Position = 1 2 3", "Rotation = 0 1 0 -1 0 0 0 0 1", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"],
    int16Ramp(false),
  );
  const v = readMetaImage(bytes);
  assert.equal(v.data[1 + 3 * (2 + 4 * 4)], 1 + 20 + 400);
  // voxel (1, 0, 0): LPS (1, 2 + 0.5, 3) → RAS (−1, −2.5, 3); voxel (0, 1, 0): LPS (1 − 0.6, 2, 3) → RAS (−0.4, −2, 3)
  const close = (a: number[], b: number[]) => a.forEach((x, n) => assert.ok(Math.abs(x - b[n]) < 1e-12, `${a} vs ${b}`));
  close(transformPoint(v.affine, [1, 0, 0]), [-1, -2.5, 3]);
  close(transformPoint(v.affine, [0, 1, 0]), [-0.4, -2, 3]);
  close(transformPoint(v.affine, [0, 0, 1]), [-1, -2, 3.7]);
});

test("CompressedData = True: zlib-compressed voxels (compressed here by Node's zlib) are inflated; float32 and float64 keep their type", () => {
  const values = new Float32Array(3 * 4 * 5).map((_, n) => n / 7 - 2);
  const v = readMetaImage(
    mha([...HEADER, "CompressedData = True", "ElementType = MET_FLOAT", "ElementDataFile = LOCAL"], deflateSync(new Uint8Array(values.buffer))),
  );
  assert.ok(v.data instanceof Float32Array);
  assert.deepEqual([...v.data], [...values]);
  const doubles = new Float64Array(60).map((_, n) => Math.sqrt(n));
  const d = readMetaImage(mha([...HEADER, "ElementType = MET_DOUBLE", "ElementDataFile = LOCAL"], new Uint8Array(doubles.buffer)));
  assert.ok(d.data instanceof Float64Array);
  assert.deepEqual([...d.data], [...doubles]);
});

test("a .mhd's data file is read through dataFile(name), after HeaderSize bytes or as the file's last bytes (HeaderSize = -1)", () => {
  const raw = int16Ramp(true);
  const withJunk = new Uint8Array(7 + raw.length);
  withJunk.set(raw, 7);
  const asked: string[] = [];
  const header = (skip: number) => mha([...HEADER, `HeaderSize = ${skip}`, "ElementType = MET_SHORT", "ElementDataFile = scan.raw"]);
  const a = readMetaImage(header(7), { dataFile: (name) => (asked.push(name), withJunk) });
  const b = readVolume(header(-1), { dataFile: () => withJunk });
  assert.deepEqual(asked, ["scan.raw"]);
  assert.equal(a.data[59], 2 + 30 + 400);
  assert.deepEqual([...b.data], [...a.data]);
  assert.throws(() => readMetaImage(header(7)), /voxels are in a separate file \(ElementDataFile = scan\.raw\).*save the image as one \.mha/);
});

test("4D with a trailing axis of 1 is read as 3D; what is not one 3D scalar volume is refused with the fix", () => {
  const four = readMetaImage(
    mha(["NDims = 4", "DimSize = 3 4 5 1", "ElementSpacing = 1 1 1 1", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], int16Ramp(true)),
  );
  assert.deepEqual(four.dims, [3, 4, 5]);
  const refuse = (lines: string[], pattern: RegExp, data = int16Ramp(true)) => assert.throws(() => readMetaImage(mha(lines, data)), pattern);
  refuse(["NDims = 2", "DimSize = 3 4", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], /NDims = 2: a 2D image; vessel-lab segments 3D volumes/);
  refuse(["NDims = 4", "DimSize = 3 4 5 2", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], /a 4D series.*extract one/);
  refuse(
    [...HEADER, "ElementNumberOfChannels = 3", "ElementType = MET_UCHAR", "ElementDataFile = LOCAL"],
    /ElementNumberOfChannels = 3: a vector or colour image/,
  );
  refuse(
    [...HEADER, "ElementType = MET_LONG_LONG", "ElementDataFile = LOCAL"],
    /ElementType = MET_LONG_LONG: vessel-lab reads MET_UCHAR.*cast the image and save it again/,
  );
  refuse(["NDims = 3", "DimSize = 3 4", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], /DimSize = 3 4: expected 3 positive whole numbers/);
  refuse([...HEADER, "TransformMatrix = 1 0 0 1 0 0 0 0 1", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], /TransformMatrix .* not independent/);
  refuse([...HEADER, "ElementType = MET_SHORT", "ElementDataFile = LIST"], /list or pattern of files/);
  refuse(
    [...HEADER, "ElementType = MET_SHORT", "ElementDataFile = LOCAL"],
    /^Error: truncated: the MetaImage header says 3×4×5 MET_SHORT voxels \(120 bytes\) but the data hold 119/,
    int16Ramp(true).subarray(1),
  );
  const z = deflateSync(int16Ramp(true));
  refuse(
    [...HEADER, "CompressedData = True", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"],
    /compressed voxels are damaged or cut short/,
    z.subarray(0, z.length - 30),
  );
  assert.throws(() => readMetaImageHeader(mha(["NDims = 3", "DimSize = 3 4 5", "ElementType = MET_SHORT"])), /no ElementDataFile line/);
});

test("as MetaIO: booleans by their first letter (1, T, t), HeaderSize on LOCAL data, keys in any order, a UTF-8 BOM", () => {
  const v = readMetaImage(mha([...HEADER, "ElementByteOrderMSB = 1", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], int16Ramp(false)));
  assert.equal(v.data[59], 2 + 30 + 400);
  const padded = new Uint8Array(5 + 120);
  padded.set(int16Ramp(true), 5);
  assert.equal(readMetaImage(mha([...HEADER, "HeaderSize = -1", "ElementType = MET_SHORT", "ElementDataFile = LOCAL"], padded)).data[59], 2 + 30 + 400);
  const any = mha(["DimSize = 3 4 5", "ElementType = MET_SHORT", "NDims = 3", "ElementDataFile = LOCAL"], int16Ramp(true));
  assert.equal(readVolume(any).data[59], 2 + 30 + 400);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...any]);
  assert.equal(readVolume(bom).data[59], 2 + 30 + 400);
});

test("damaged zlib data are an error, never other voxels: each of 40 single-bit flips, and streams cut to 2…6 bytes", () => {
  const values = new Float32Array(60).map((_, n) => Math.sin(n) * 100);
  const z = deflateSync(new Uint8Array(values.buffer));
  const head = [...HEADER, "CompressedData = True", "ElementType = MET_FLOAT", "ElementDataFile = LOCAL"];
  for (let f = 0; f < 40; f++) {
    const bad = z.slice();
    const bit = Math.floor(((f + 0.5) / 40) * bad.length * 8);
    bad[bit >> 3] ^= 1 << (bit & 7);
    let read: Float32Array | null = null;
    try {
      read = readMetaImage(mha(head, bad)).data as Float32Array;
    } catch (error) {
      assert.match((error as Error).message, /damaged or cut short|truncated/);
    }
    if (read) assert.deepEqual([...read], [...values], `flip at bit ${bit}: read other voxels`);
  }
  for (let n = 2; n <= 6; n++) assert.throws(() => readMetaImage(mha(head, z.subarray(0, n))), /damaged or cut short/);
});

test("volumeLayout reads a MetaImage's size and cost from its header alone, and readVolume tells the formats apart by their bytes", () => {
  const bytes = mha([...HEADER, "CompressedData = True", "ElementType = MET_FLOAT", "ElementDataFile = LOCAL"], deflateSync(new Uint8Array(240)));
  const layout = volumeLayout(bytes.subarray(0, 200));
  assert.deepEqual(
    { format: layout.format, dims: layout.dims, typeName: layout.typeName, readBytes: layout.readBytes },
    { format: "metaimage", dims: [3, 4, 5], typeName: "float32", readBytes: 2 * 240 },
  );
  assert.equal(readVolume(bytes).data.length, 60);
  assert.throws(
    () => readVolume(new Uint8Array([1, 2])),
    /empty or nearly empty file.*NIfTI \(\.nii, \.nii\.gz\), MetaImage \(\.mha, \.mhd\), NRRD \(\.nrrd, \.nhdr\) and TIFF/,
  );
});
