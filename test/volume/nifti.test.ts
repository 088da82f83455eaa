import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzip, readNifti, decodeNifti, writeNifti, createVolume, type Volume } from "../../src/volume/index.js";
import { nibabel, flat } from "./nibabel.js";

const AFFINE = [-0.5, 0, 0, 10, 0, 1.25, 0, -3, 0, 0, 2, 7, 0, 0, 0, 1];

function ramp(): Volume<Int16Array> {
  const v = createVolume(Int16Array, [3, 4, 5], [0.5, 1.25, 2], AFFINE);
  v.data.forEach((_, n) => (v.data[n] = n - 20));
  return v;
}

/** An uncompressed file of ramp(), with `edit` applied to its header. */
function patched(edit: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = writeNifti(ramp(), { gzip: false });
  edit(new DataView(bytes.buffer), bytes);
  return bytes;
}

test("readNifti(bytes) reads .nii and .nii.gz alike, detecting gzip by its magic", () => {
  const v = ramp();
  for (const gz of [false, true]) {
    const r = readNifti(writeNifti(v, { gzip: gz }));
    assert.deepEqual(r, v);
  }
});

test("readNifti(bytes) accepts an ArrayBuffer, a Uint8Array and a Node Buffer that is a slice of a larger one", () => {
  const v = ramp();
  const bytes = writeNifti(v);
  assert.deepEqual(readNifti(bytes.slice().buffer), v);
  const pool = Buffer.alloc(bytes.length + 100);
  pool.set(bytes, 37);
  assert.deepEqual(readNifti(pool.subarray(37, 37 + bytes.length)), v);
  assert.throws(() => readNifti("x.nii" as never), /bytes must be an ArrayBuffer or Uint8Array/);
});

test("readNifti(bytes) applies scl_slope and scl_inter, returning a Float32Array", () => {
  const r = readNifti(
    patched((view) => {
      view.setFloat32(112, 2, true);
      view.setFloat32(116, -1, true);
    }),
  );
  assert.ok(r.data instanceof Float32Array);
  assert.deepEqual(Array.from(r.data.slice(0, 3)), [-41, -39, -37]);
});

test("readNifti(bytes) treats scl_slope 0 (or NaN) as no scaling and keeps the stored type", () => {
  for (const slope of [0, NaN]) {
    const r = readNifti(
      patched((view) => {
        view.setFloat32(112, slope, true);
        view.setFloat32(116, 5, true);
      }),
    );
    assert.ok(r.data instanceof Int16Array);
    assert.equal(r.data[0], -20);
  }
});

test("readNifti(bytes) takes the sform when sform_code > 0, else the qform, else diag(pixdim)", () => {
  // qform: identity rotation with offset (1, 2, 3); sform: as written (AFFINE)
  const withQform = (view: DataView) => {
    [0, 0, 0, 1, 2, 3].forEach((q, n) => view.setFloat32(256 + 4 * n, q, true));
    view.setFloat32(76, 1, true); // qfac
  };
  assert.deepEqual(readNifti(patched(withQform)).affine, AFFINE);
  const qformOnly = readNifti(patched((view) => (withQform(view), view.setInt16(254, 0, true))));
  assert.deepEqual(qformOnly.affine, [0.5, 0, 0, 1, 0, 1.25, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1]);
  const neither = readNifti(patched((view) => (view.setInt16(252, 0, true), view.setInt16(254, 0, true))));
  assert.deepEqual(neither.affine, [0.5, 0, 0, 0, 0, 1.25, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
});

test("readNifti(bytes) takes spacing as |pixdim| and converts metres and microns to mm", () => {
  const negative = readNifti(patched((view) => view.setFloat32(80, -0.5, true)));
  assert.deepEqual(negative.spacing, [0.5, 1.25, 2]);
  const metres = readNifti(
    patched((view, bytes) => {
      bytes[123] = 1; // m
      view.setFloat32(80, 0.002, true);
      [0.002, 0, 0, 0.01].forEach((v, n) => view.setFloat32(280 + 4 * n, v, true));
    }),
  );
  assert.ok(Math.abs(metres.spacing[0] - 2) < 1e-6);
  assert.ok(Math.abs(metres.affine[0] - 2) < 1e-6 && Math.abs(metres.affine[3] - 10) < 1e-5);
  const microns = readNifti(patched((view, bytes) => ((bytes[123] = 3), view.setFloat32(84, 250, true))));
  assert.equal(microns.spacing[1], 0.25);
});

test("readNifti(bytes) accepts a 4D file with one time point", () => {
  const r = readNifti(patched((view) => (view.setInt16(40, 4, true), view.setInt16(48, 1, true))));
  assert.deepEqual(r.dims, [3, 4, 5]);
});

test("readNifti(bytes) rejects a 4D series, a 2D image and a 5D image, saying what to do", () => {
  // a 4D series of 2 volumes of 3×4×5 int16 needs 240 bytes of data: pad the file so only the dims are the issue
  const series = patched((view) => (view.setInt16(40, 4, true), view.setInt16(48, 2, true)));
  assert.throws(() => readNifti(series), /this is a 4D series with 2 volumes; vessel-lab needs one 3D volume: extract one with fslroi/);
  assert.throws(() => readNifti(patched((view) => view.setInt16(40, 2, true))), /this is a 2D image \(3 × 4\); vessel-lab needs one 3D volume/);
  const fiveD = patched((view) => (view.setInt16(40, 5, true), view.setInt16(48, 1, true), view.setInt16(50, 3, true)));
  assert.throws(() => readNifti(fiveD), /5D image .*needs one scalar 3D volume/);
  assert.throws(() => readNifti(patched((view) => view.setInt16(44, 0, true))), /dim\[2\] is 0/);
});

test("readNifti(bytes) says 'not a NIfTI file' for other bytes, naming sizeof_hdr and the magic, and names .hdr/.img pairs", () => {
  assert.throws(() => readNifti(new Uint8Array(10)), /^Error: not a NIfTI file: it has 10 bytes, fewer than the 348 of a NIfTI-1 header/);
  assert.throws(
    () => readNifti(new TextEncoder().encode("<html>".padEnd(400))),
    /^Error: not a NIfTI file: sizeof_hdr is 1836345404 \(not 348 or 540\) and there is no n\+1\/n\+2 magic/,
  );
  const analyze = patched((_, bytes) => bytes.fill(0, 344, 348));
  assert.throws(() => readNifti(analyze), /not a NIfTI file: sizeof_hdr is 348 but bytes 344–347 \(the magic\) are "\\u0000\\u0000\\u0000\\u0000"/);
  const pair = patched((_, bytes) => (bytes[345] = "i".charCodeAt(0)));
  assert.throws(() => readNifti(pair), /header of a \.hdr\/\.img pair/);
});

test("readNifti(bytes) says how many bytes a truncated file lacks, compressed or not, and blames the header when it is far off", () => {
  const whole = writeNifti(ramp(), { gzip: false });
  const cut = whole.subarray(0, whole.length - 7);
  const says =
    /^Error: truncated: the header says 3×4×5 int16 voxels \(120 bytes from vox_offset 352\) but the file(, decompressed,)? has 113; the file was cut short: download or export it again$/;
  assert.throws(() => readNifti(cut), says);
  assert.throws(() => readNifti(gzip(cut)), says);
  assert.throws(
    () => readNifti(whole.subarray(0, 350)),
    /the header says 3×4×5 int16 voxels \(120 bytes from vox_offset 352\) but the file has 0: more likely a damaged header/,
  );
  const huge = patched((view) => view.setInt16(42, 30000, true));
  assert.throws(
    () => readNifti(huge),
    /^Error: the header says 30000×4×5 int16 voxels \(1200000 bytes from vox_offset 352\) but the file has 120: more likely a damaged header \(dim, datatype or vox_offset\)/,
  );
});

test("readNifti(bytes) says 'gzip stream is corrupt' for a damaged .nii.gz and 'cut short' for one cut inside the header", () => {
  const gz = writeNifti(ramp());
  const damaged = gz.slice();
  damaged.fill(0xff, 12, 40);
  assert.throws(() => readNifti(damaged), /gzip stream is corrupt/);
  assert.throws(() => readNifti(gz.subarray(0, 30)), /^Error: gzip stream is cut short \(its data end at byte 30 mid-stream\)/);
});

test("readNifti(bytes) reads a multi-member .nii.gz (cat a.gz b.gz, bgzip) and one padded with zeros, as nibabel does", () => {
  const raw = writeNifti(ramp(), { gzip: false });
  const join = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
    return out;
  };
  const expected = readNifti(raw);
  for (const cut of [100, 348, 360, raw.length - 1]) {
    assert.deepEqual(readNifti(join(gzip(raw.subarray(0, cut)), gzip(raw.subarray(cut)))), expected, `members split at byte ${cut}`);
  }
  assert.deepEqual(readNifti(join(gzip(raw), new Uint8Array(4096))), expected);
});

test("readNifti(bytes) reads a NIfTI-1 file whose sizeof_hdr alone is damaged (the magic is right), as nibabel does", () => {
  assert.deepEqual(readNifti(patched((view) => view.setInt32(0, 349, true))), readNifti(patched(() => {})));
});

test("readNifti(bytes) refuses a file whose reading would pass maxBytes from its header, before inflating its voxels", () => {
  // a header claiming 1024³ int16 and 64 MiB of zeros after it: refused without inflating them
  const big = patched((view) => [1024, 1024, 1024].forEach((n, a) => view.setInt16(42 + 2 * a, n, true)));
  const bomb = gzip(
    new Uint8Array(64 * 2 ** 20).fill(0).map((_, n) => (n < 352 ? big[n] : 0)),
    9,
  );
  const t0 = performance.now();
  assert.throws(() => readNifti(bomb), /^Error: 1024×1024×1024 int16 voxels take 2\.0 GiB to read, over the 2\.0 GiB this reader is allowed \(maxBytes\)/);
  assert.ok(performance.now() - t0 < 200, "refused from the header, without inflating 64 MiB");
  assert.throws(
    () =>
      readNifti(
        patched(() => {}),
        { maxBytes: 100 },
      ),
    /3×4×5 int16 voxels take \d+ bytes to read, over the 100 bytes this reader is allowed/,
  );
});

test("readNifti(bytes) refuses a vox_offset inside the header or between bytes, and a NaN scl_inter, naming the field and value", () => {
  for (const offset of [348, 351])
    assert.throws(
      () => readNifti(patched((view) => view.setFloat32(108, offset, true))),
      new RegExp(`^Error: vox_offset is ${offset}, inside the 348-byte header and its 4-byte extension flag`),
    );
  assert.throws(() => readNifti(patched((view) => view.setFloat32(108, 352.5, true))), /^Error: vox_offset is 352\.5, not a whole byte/);
  const nanInter = patched((view) => (view.setFloat32(112, 2, true), view.setFloat32(116, NaN, true)));
  assert.throws(() => readNifti(nanInter), /^Error: scl_inter is NaN with scl_slope 2: .*set scl_inter to 0/);
});

test("readNifti(bytes) keeps scaled values float32 cannot hold as float64 (scl_slope 1e38 on int16), not Infinity", () => {
  const r = readNifti(patched((view) => view.setFloat32(112, 1e38, true)));
  assert.ok(r.data instanceof Float64Array);
  assert.ok(r.data.every(Number.isFinite));
  assert.equal(r.data[0], -20 * Math.fround(1e38));
});

test("readNifti(bytes) passes over a NaN or singular sform for a sound qform, and refuses when neither is sound", () => {
  const withQform = (view: DataView) => {
    [0, 0, 0, 1, 2, 3].forEach((q, n) => view.setFloat32(256 + 4 * n, q, true));
    view.setFloat32(76, 1, true);
  };
  const qformAffine = [0.5, 0, 0, 1, 0, 1.25, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1];
  const nanSform = (view: DataView) => view.setFloat32(280, NaN, true);
  const singularSform = (view: DataView) => [280, 296, 312].forEach((o) => [0, 4, 8].forEach((c) => view.setFloat32(o + c, 0, true)));
  for (const edit of [nanSform, singularSform]) {
    assert.deepEqual(readNifti(patched((view) => (withQform(view), edit(view)))).affine, qformAffine);
    assert.throws(
      () => readNifti(patched((view) => (edit(view), view.setInt16(252, 0, true)))),
      /^Error: the sform \(sform_code 1, srow_x\/y\/z .*\) (has a value that is no number|is singular .*): no voxel-to-world transform to use; set a sound one with nibabel/,
    );
  }
  const longQuaternion = patched((view) => (withQform(view), view.setFloat32(256, 1.5, true), view.setInt16(254, 0, true)));
  assert.throws(() => readNifti(longQuaternion), /the qform \(qform_code 1\) has quatern_b\/c\/d 1\.5, 0, 0, longer than 1/);
});

test("readNifti(bytes) names unsupported datatypes and an inconsistent bitpix", () => {
  const rgb = patched((view) => (view.setInt16(70, 128, true), view.setInt16(72, 24, true)));
  assert.throws(() => readNifti(rgb), /unsupported datatype 128 \(RGB24\); vessel-lab reads uint8, int16/);
  assert.throws(() => readNifti(patched((view) => view.setInt16(70, 1024, true))), /unsupported datatype 1024 \(int64\)/);
  assert.throws(() => readNifti(patched((view) => view.setInt16(72, 8, true))), /bitpix is 8 but datatype 4 \(int16\) has 16 bits/);
  assert.throws(() => readNifti(patched((view) => view.setFloat32(108, 0, true))), /vox_offset is 0, inside the 348-byte header/);
});

test("decodeNifti(bytes) returns the header with the volume", () => {
  const { header, volume } = decodeNifti(writeNifti(ramp(), { description: "ramp" }));
  assert.equal(header.description, "ramp");
  assert.equal(header.datatypeName, "int16");
  assert.deepEqual(volume.dims, [3, 4, 5]);
});

test("readNifti(bytes) reads what nibabel wrote: a left-handed rotated qform with scaling, a big-endian float64 sform, a NIfTI-2 file", () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-nifti-"));
  try {
    const expected = nibabel("write", dir);
    assert.equal(Object.keys(expected).length, 3);
    for (const [name, ref] of Object.entries<any>(expected)) {
      const v = readNifti(readFileSync(join(dir, name)));
      assert.deepEqual(v.dims, ref.shape, name);
      flat(ref.affine).forEach((x, n) => assert.ok(Math.abs(v.affine[n] - x) < 1e-5, `${name}: affine[${n}] = ${v.affine[n]}, nibabel ${x}`));
      v.spacing.forEach((s, a) => assert.ok(Math.abs(s - ref.zooms[a]) < 1e-6, `${name}: spacing`));
      assert.deepEqual(Array.from(v.data), ref.data, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
