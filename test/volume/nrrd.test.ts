import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { isNrrd, readNrrd, readVolume, transformPoint, volumeLayout } from "../../src/volume/index.js";

import { int16Ramp } from "../support/scanFormats.js";

const encoder = new TextEncoder();

/** An attached NRRD: the magic, the field lines, a blank line, then `data`. */
function nrrd(fields: string[], data: Uint8Array | string = new Uint8Array(0), magic = "NRRD0004"): Uint8Array {
  const head = encoder.encode([magic, "# made by a test", ...fields].join("\n") + "\n\n");
  const body = typeof data === "string" ? encoder.encode(data) : data;
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const close = (a: number[], b: number[]) => a.forEach((x, n) => assert.ok(Math.abs(x - b[n]) < 1e-12, `${a} vs ${b}`));
const BASE = ["type: short", "dimension: 3", "sizes: 3 4 5"];

test("raw little-endian NRRD in LPS (3D Slicer's way): voxels x fastest, space directions and origin turned into a RAS+ affine", () => {
  const bytes = nrrd(
    [
      ...BASE,
      "endian: little",
      "encoding: raw",
      "space: left-posterior-superior",
      "space directions: (0,0.5,0) (-0.6,0,0) (0,0,0.7)",
      "space origin: (1,2,3)",
      "kinds: domain domain domain",
      "spacing key:=ignored",
    ],
    int16Ramp(true),
  );
  assert.ok(isNrrd(bytes));
  const v = readNrrd(bytes);
  assert.ok(v.data instanceof Int16Array);
  assert.deepEqual(v.dims, [3, 4, 5]);
  assert.equal(v.data[2 + 3 * (3 + 4 * 1)], 2 + 30 + 100);
  close(v.spacing, [0.5, 0.6, 0.7]);
  // LPS (1, 2, 3) + i (0, 0.5, 0) + j (−0.6, 0, 0) + k (0, 0, 0.7) → RAS: x and y change sign
  close(transformPoint(v.affine, [0, 0, 0]), [-1, -2, 3]);
  close(transformPoint(v.affine, [1, 0, 0]), [-1, -2.5, 3]);
  close(transformPoint(v.affine, [0, 1, 0]), [-0.4, -2, 3]);
  close(transformPoint(v.affine, [0, 0, 2]), [-1, -2, 4.4]);
});

test("RAS and LAS spaces, space units in µm, and spacings without space directions", () => {
  const ras = readNrrd(
    nrrd([...BASE, "endian: little", "encoding: raw", "space: RAS", "space directions: (2,0,0) (0,3,0) (0,0,4)", "space origin: (5,6,7)"], int16Ramp(true)),
  );
  assert.deepEqual(ras.affine, [2, 0, 0, 5, 0, 3, 0, 6, 0, 0, 4, 7, 0, 0, 0, 1]);
  const las = readNrrd(
    nrrd([...BASE, "endian: little", "encoding: raw", "space: left-anterior-superior", "space directions: (2,0,0) (0,3,0) (0,0,4)"], int16Ramp(true)),
  );
  close(las.affine, [-2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
  const um = readNrrd(
    nrrd(
      [...BASE, "endian: little", "encoding: raw", "space: RAS", 'space units: "um" "um" "um"', "space directions: (2,0,0) (0,3,0) (0,0,4)"],
      int16Ramp(true),
    ),
  );
  close(um.spacing, [0.002, 0.003, 0.004]);
  // no space, or one without anatomy: taken as LPS, as ITK's NrrdImageIO and SimpleITK take it (3D Slicer's own reader would say RAS)
  const plain = readNrrd(nrrd([...BASE, "endian: little", "encoding: raw", "spacings: 0.25 nan 2"], int16Ramp(true)));
  assert.deepEqual(plain.spacing, [0.25, 1, 2]);
  close(plain.affine, [-0.25, 0, 0, 0, 0, -1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  const scanner = readNrrd(
    nrrd(
      [...BASE, "endian: little", "encoding: raw", "space: scanner-xyz", "space directions: (2,0,0) (0,3,0) (0,0,4)", "space origin: (5,6,7)"],
      int16Ramp(true),
    ),
  );
  close(scanner.affine, [-2, 0, 0, -5, 0, -3, 0, -6, 0, 0, 4, 7, 0, 0, 0, 1]);
  assert.throws(
    () => readNrrd(nrrd([...BASE, "endian: little", "encoding: raw", "space: 3D-left-handed"], int16Ramp(true))),
    /space: 3D-left-handed: vessel-lab reads 3D spaces/,
  );
});

test("gzip encoding (compressed by Node's zlib) with byte skip after inflating; big-endian float32 is byte-swapped; text encoding", () => {
  const values = new Float32Array(60).map((_, n) => n / 3 - 5);
  const be = new Uint8Array(4 + 240);
  const view = new DataView(be.buffer);
  values.forEach((x, n) => view.setFloat32(4 + 4 * n, x, false));
  const g = readNrrd(nrrd(["type: float", "dimension: 3", "sizes: 3 4 5", "endian: big", "encoding: gzip", "byte skip: 4"], gzipSync(be)));
  assert.ok(g.data instanceof Float32Array);
  assert.deepEqual([...g.data], [...values]);
  const text = Array.from({ length: 60 }, (_, n) => String(n * 2)).join(" ");
  const t = readNrrd(nrrd(["type: unsigned char", "dimension: 3", "sizes: 3 4 5", "encoding: ascii"], text + "\n"));
  assert.ok(t.data instanceof Uint8Array);
  assert.equal(t.data[59], 118);
});

test("a detached header (.nhdr) reads its data file through dataFile(name), after line skip and byte skip; byte skip -1 takes the last bytes", () => {
  const raw = int16Ramp(true);
  const lines = encoder.encode("line one\nline 2\n"); // two lines to skip, then 3 bytes to skip, then the voxels
  const data = new Uint8Array(lines.length + 3 + raw.length);
  data.set(lines);
  data.set(raw, lines.length + 3);
  const header = (skips: string[]) =>
    encoder.encode(["NRRD0004", ...BASE, "endian: little", "encoding: raw", ...skips, "data file: ./scan.raw"].join("\n") + "\n");
  const asked: string[] = [];
  const v = readNrrd(header(["line skip: 2", "byte skip: 3"]), { dataFile: (name) => (asked.push(name), data) });
  assert.deepEqual(asked, ["./scan.raw"]);
  assert.equal(v.data[59], 2 + 30 + 400);
  const last = readVolume(header(["byte skip: -1"]), { dataFile: () => data });
  assert.deepEqual([...last.data], [...v.data]);
  assert.throws(() => readNrrd(header([])), /voxels are in a separate file \(data file: \.\/scan\.raw\).*save the image as one \.nrrd/);
});

test("what vessel-lab cannot read is refused with the field, its value and the fix", () => {
  const refuse = (fields: string[], pattern: RegExp, data: Uint8Array | string = int16Ramp(true)) => assert.throws(() => readNrrd(nrrd(fields, data)), pattern);
  refuse(["type: short", "dimension: 4", "sizes: 2 3 4 5", "endian: little", "encoding: raw"], /dimension: 4 \(sizes 2 3 4 5\): not one 3D volume.*unu slice/);
  refuse(["type: short", "dimension: 2", "sizes: 3 4", "endian: little", "encoding: raw"], /a 2D image/);
  refuse([...BASE, "endian: little", "encoding: bzip2"], /encoding: bzip2: vessel-lab reads raw, gzip and text NRRD/);
  refuse([...BASE, "encoding: raw"], /endian: \(missing\): 2-byte voxels need "little" or "big"/);
  refuse(["type: block", "dimension: 3", "sizes: 3 4 5", "encoding: raw"], /type: block: vessel-lab reads int8, uint8/);
  refuse([...BASE, "endian: little", "encoding: raw", "space directions: (1,0,0) (1,0,0) (0,0,1)"], /space directions: .*not independent/);
  refuse(
    [...BASE, "endian: little", "encoding: raw", "space: right-anterior-superior-time"],
    /space: right-anterior-superior-time: vessel-lab reads 3D spaces/,
  );
  refuse([...BASE, "endian: little", "encoding: raw", 'space units: "mm" "s" "mm"'], /space units: .*one length unit/);
  refuse(
    [...BASE, "endian: little", "encoding: raw"],
    /^Error: truncated: the NRRD header says 3×4×5 short voxels \(120 bytes\) but the data hold 100/,
    int16Ramp(true).subarray(20),
  );
  refuse(["type: short", "dimension: 3", "endian: little", "encoding: raw"], /has no "sizes" field/);
  refuse(["type: uchar", "dimension: 3", "sizes: 3 4 5", "encoding: text"], /value 3, "x", is not a number/, ["1", "2", "x", ...Array(60).fill("4")].join(" "));
  const z = gzipSync(int16Ramp(true));
  refuse([...BASE, "endian: little", "encoding: gzip"], /NRRD \(gzip\): gzip stream is cut short/, z.subarray(0, z.length - 20));
});

test("a 4D file holding one 3D volume (a size-1 axis, its direction none) is read as 3D; a data file LIST is refused as such; a gzip stream longer than the header says is refused", () => {
  const four = readNrrd(
    nrrd(
      [
        "type: short",
        "dimension: 4",
        "sizes: 1 3 4 5",
        "endian: little",
        "encoding: raw",
        "space: RAS",
        "space directions: none (2,0,0) (0,3,0) (0,0,4)",
        "kinds: list domain domain domain",
      ],
      int16Ramp(true),
    ),
  );
  assert.deepEqual(four.dims, [3, 4, 5]);
  assert.deepEqual(four.affine, [2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
  assert.equal(four.data[59], 2 + 30 + 400);
  const trailing = readNrrd(nrrd(["type: short", "dimension: 4", "sizes: 3 4 5 1", "endian: little", "encoding: raw", "spacings: 1 1 1 nan"], int16Ramp(true)));
  assert.deepEqual(trailing.dims, [3, 4, 5]);
  const list = new TextEncoder().encode(["NRRD0004", ...BASE, "endian: little", "encoding: raw", "data file: LIST", "slice0.raw", "slice1.raw", ""].join("\n"));
  assert.throws(() => readNrrd(list, { dataFile: () => new Uint8Array(0) }), /data file: LIST: the voxels are spread over several files/);
  const longer = new Uint8Array(130);
  longer.set(int16Ramp(true));
  assert.throws(() => readNrrd(nrrd([...BASE, "endian: little", "encoding: gzip"], gzipSync(longer))), /inflate to more than the header's 3×4×5 short voxels/);
});

test("volumeLayout reads an NRRD's size and cost from its header alone", () => {
  const bytes = nrrd([...BASE, "endian: little", "encoding: gzip"], gzipSync(int16Ramp(true)));
  const layout = volumeLayout(bytes.subarray(0, 120)); // the header and a little of the data
  assert.deepEqual(
    { format: layout.format, dims: layout.dims, typeName: layout.typeName, readBytes: layout.readBytes },
    { format: "nrrd", dims: [3, 4, 5], typeName: "int16", readBytes: 240 },
  );
  assert.equal(readVolume(bytes).data[59], 2 + 30 + 400);
});
