import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readVolumeFile, scanFiles } from "../../src/cli/files.js";
import {
  COMPRESSED_SYNTAXES,
  DICOM_HEAD_STEPS,
  DamagedDicom,
  NotAnImage,
  SeveralSeries,
  type Volume,
  damagedByName,
  damagedNote,
  dicomHeadIn,
  dicomHeadOf,
  dicomSeriesOf,
  isDicom,
  notDicomFile,
  readDicomSeries,
  readDicomSlices,
  readVolume,
  seriesOfHeads,
  writeNifti,
} from "../../src/volume/index.js";
import { cli } from "../support/cli.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { damagedCopies, garbageAfterMeta, writeDicomFolders, writeMrSpectroscopy } from "../support/dicomFolders.js";

// The references: series written by pydicom (scripts/dicom-check.py, Debian's /usr/bin/python3) with the voxels and
// RAS affine computed there from the geometry they were written with, and dcm2niix's NIfTI of the same folders read by
// nibabel. A missing module or program FAILS the test with the install line.
const PYTHON = "/usr/bin/python3";
const INSTALL = "apt-get install -y python3-pydicom python3-nibabel dcm2niix libgdcm-tools python3-gdcm";

function dicomCheck(...args: string[]): any {
  const r = spawnSync(PYTHON, ["scripts/dicom-check.py", ...args], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (r.error) assert.fail(`cannot run ${PYTHON} (${r.error.message}): the DICOM cross-check needs Debian's python3: ${INSTALL}`);
  if (r.status === 3) assert.fail(`${PYTHON} lacks pydicom, nibabel or gdcm, or dcm2niix or gdcmconv is missing: ${INSTALL}\n${r.stderr}`);
  assert.equal(r.status, 0, `dicom-check.py ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

interface Made {
  name: string;
  refused: string | null;
  dims: number[] | null;
  dtype: string | null;
  /** Whether dcm2niix's NIfTI of the folder is compared: voxels and placement, or ("geometry") its grid and placement alone. */
  dcm2niix: boolean | "geometry";
  note: string | null;
  /** The transfer syntax of a compressed copy of another series (its voxels and affine that series'). */
  syntax?: string;
  /** How far the affine may be from the one computed (mm): more where the files' orientation is rounded. */
  tolerance: number;
  values?: number[];
  affine?: number[];
}

const TYPE_OF_DTYPE: Record<string, string> = {
  uint8: "Uint8Array",
  int8: "Int8Array",
  uint16: "Uint16Array",
  int16: "Int16Array",
  int32: "Int32Array",
  float32: "Float32Array",
};

test("DICOM series written by pydicom read as one volume: slices ordered along their normal, rescaled, the affine in RAS; what cannot be read is refused with the fix", () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-"));
  try {
    const made = dicomCheck("write", dir) as Made[];
    assert.ok(made.filter((m) => !m.refused).length >= 6 && made.filter((m) => m.refused).length >= 8);
    // the compressed copies cover RLE, lossless JPEG, JPEG-LS and JPEG 2000, each equal to its uncompressed series below
    const syntaxes = new Set(made.map((m) => m.syntax).filter(Boolean));
    assert.deepEqual([...syntaxes].sort(), ["1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5"]);
    for (const m of made) {
      const folder = join(dir, m.name);
      if (m.refused) {
        assert.throws(
          () => readVolumeFile(folder, "--in", { command: "test" }),
          (error: Error) => error.message.startsWith(`--in ${folder}`) && error.message.includes(m.refused!) && /dcm2niix|folder|leave/.test(error.message),
          m.name,
        );
        continue;
      }
      const { volume: v, layout } = readVolumeFile(folder, "--in", { command: "test" });
      assert.equal(layout.format, "dicom", m.name);
      assert.deepEqual(v.dims, m.dims, m.name);
      assert.equal(v.data.constructor.name, TYPE_OF_DTYPE[m.dtype!], m.name);
      assert.equal(layout.typeName, m.dtype, m.name);
      const tolerance = m.dtype === "float32" ? 1e-3 : 0;
      m.values!.forEach((x, n) => assert.ok(Math.abs(v.data[n] - x) <= tolerance, `${m.name}: voxel ${n} is ${v.data[n]}, not ${x}`));
      m.affine!.forEach((x, n) => assert.ok(Math.abs(v.affine[n] - x) < m.tolerance, `${m.name}: affine ${v.affine} against ${m.affine}`));
      for (let a = 0; a < 3; a++) assert.ok(Math.abs(v.spacing[a] - Math.hypot(v.affine[a], v.affine[4 + a], v.affine[8 + a])) < 1e-9, m.name);
      if (m.note) assert.ok(layout.note?.includes(m.note), `${m.name}: ${layout.note}`);
      if (m.syntax) assert.ok(layout.note?.includes(`slices, ${COMPRESSED_SYNTAXES[m.syntax].name}`), `${m.name}: ${layout.note}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("DICOM series: vessel-lab's volume equals dcm2niix's NIfTI of the same folder, voxel for voxel and in placement (nibabel, both turned to RAS)", () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-ref-"));
  try {
    const made = (dicomCheck("write", dir) as Made[]).filter((m) => m.dcm2niix);
    assert.ok(made.length >= 3, made.map((m) => m.name).join());
    for (const m of made) {
      const { volume } = readVolumeFile(join(dir, m.name), "--in", { command: "test" });
      const ours = join(dir, `${m.name}.nii`);
      writeFileSync(ours, writeNifti(volume, { gzip: false }));
      const r = dicomCheck("compare", join(dir, m.name), ours, ...(m.dcm2niix === "geometry" ? ["--tilted"] : []));
      assert.deepEqual(r.shape[0], r.shape[1], `${m.name}: dcm2niix ${r.shape[0]}, vessel-lab ${r.shape[1]}`);
      // a tilted series' voxels are compared with scipy's resampling instead (the first test): dcm2niix's tilt-corrected
      // file (v1.0.20220720) samples these slices half a row from where their positions put them (its first slice, which
      // needs no shift, comes out as the mean of two rows)
      if (m.dcm2niix !== "geometry") assert.ok(r.maxValueDifference < 1e-3, `${m.name}: voxels differ by up to ${r.maxValueDifference}`);
      assert.ok(r.maxAffineDifference < Math.max(1e-3, m.tolerance), `${m.name}: affines differ by up to ${r.maxAffineDifference} mm`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("vessel-lab info and convert take a DICOM folder for --in; a single DICOM file is told to give its folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-cli-"));
  try {
    dicomCheck("write", dir);
    const info = cli(["info", "--in", join(dir, "mr-oblique")]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /DICOM, 7×5×5 float32/);
    assert.match(info.stdout, /series 3 'angio': 5 slices, rescaled ×0\.5 \+ 3/);
    const out = join(dir, "ct.nii.gz");
    const convert = await cliInProcess(["convert", "--in", join(dir, "ct-axial"), "--out", out]);
    assert.equal(convert.code, 0, convert.stderr);
    assert.match(convert.stderr, /ct-axial \(DICOM\) → .*ct\.nii\.gz \(NIfTI\), 7×5×6 int16/);
    const back = readVolume(readFileSync(out));
    assert.deepEqual(back.dims, [7, 5, 6]);
    const file = join(dir, "ct-axial", "IM0000.dcm");
    assert.ok(isDicom(new Uint8Array(readFileSync(file))));
    const one = await cliInProcess(["info", "--in", file]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /one DICOM slice.*from the folder of its files.*convert --in FOLDER/);
    assert.throws(() => readVolume(readFileSync(file)), /one DICOM slice/); // as the pages read a dropped file
    // an enhanced (multi-frame) file is a whole series: read from the file itself, as from its folder
    const enhanced = join(dir, "enhanced", "enhanced.dcm");
    const fromFile = readVolumeFile(enhanced, "--in", { command: "test" }).volume;
    const fromFolder = readVolumeFile(join(dir, "enhanced"), "--in", { command: "test" }).volume;
    assert.deepEqual([fromFile.dims, Array.from(fromFile.data), fromFile.affine], [[7, 5, 5], Array.from(fromFolder.data), fromFolder.affine]);
    assert.deepEqual(Array.from(readVolume(readFileSync(enhanced)).data), Array.from(fromFolder.data));
    const enhancedInfo = cli(["info", "--in", enhanced]);
    assert.equal(enhancedInfo.code, 0, enhancedInfo.stderr);
    assert.match(enhancedInfo.stdout, /enhanced\.dcm: DICOM, 7×5×5 float32\n[\s\S]*series 7 'enhanced TOF': 5 slices, rescaled ×0\.5 \+ 3/);
    const missing = await cliInProcess(["convert", "--in", join(dir, "two-series"), "--out", join(dir, "either.nii.gz")]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /2 series: series 2 'T1' \(3 files\), series 5 'TOF' \(3 files\).*or name one with --series \(its number or its SeriesInstanceUID\)/,
    );
    // --series reads one of them: by its number
    const picked = join(dir, "picked.nii.gz");
    const byNumber = await cliInProcess(["convert", "--in", join(dir, "two-series"), "--series", "05", "--out", picked]); // a number as a number
    assert.equal(byNumber.code, 0, byNumber.stderr);
    const tof = readVolumeFile(join(dir, "two-series", "b"), "--in", { command: "test" }).volume;
    const got = readVolume(readFileSync(picked));
    assert.deepEqual([got.dims, Array.from(got.data)], [tof.dims, Array.from(tof.data)]);
    got.affine.forEach((x, n) => assert.ok(Math.abs(x - tof.affine[n]) < 1e-5, `placed where series 5 lies: ${got.affine}`));
    const none = await cliInProcess(["info", "--in", join(dir, "two-series"), "--series", "7"]);
    assert.match(
      none.stderr,
      /no series 7 among these files, which hold series 2 'T1', series 5 'TOF'; give --series one of their numbers, or a series' SeriesInstanceUID/,
    );
    const onlyOne = await cliInProcess(["info", "--in", join(dir, "tube"), "--series", "7"]);
    assert.match(onlyOne.stderr, /--series 7: the folder holds only series 3 'angio'; leave --series out/);
    const onFile = await cliInProcess(["info", "--in", join(dir, "enhanced", "enhanced.dcm"), "--series", "7"]);
    assert.match(onFile.stderr, /--series picks one series in a folder of DICOM files, and this is a file/);
    // an exam whose series share a number: the UID names one; a series vessel-lab cannot read (a colour screenshot) refuses only itself
    const exam = join(dir, "exam");
    for (const [from, to] of [
      ["tube", "a"],
      ["colour", "b"],
    ]) {
      mkdirSync(join(exam, to), { recursive: true });
      for (const f of readdirSync(join(dir, from))) copyFileSync(join(dir, from, f), join(exam, to, f));
    }
    const shared = await cliInProcess(["info", "--in", exam, "--series", "3"]);
    assert.equal(shared.code, 2);
    const uids = [...shared.stderr.matchAll(/series 3 'angio' is ([\d.]+)/g)].map((m) => m[1]);
    assert.equal(uids.length, 2, shared.stderr);
    const tubeUid = readDicomSlices(readFileSync(join(dir, "tube", "IM0000.dcm")), "IM0000.dcm")[0].seriesUid;
    assert.ok(uids.includes(tubeUid));
    const byUid = cli(["info", "--in", exam, "--series", tubeUid]);
    assert.equal(byUid.code, 0, byUid.stderr);
    assert.match(byUid.stdout, /DICOM, 32×28×14/);
    const colour = await cliInProcess(["info", "--in", exam, "--series", uids.find((u) => u !== tubeUid)!]);
    assert.match(colour.stderr, /b\/IM0000\.dcm: a colour image/);
    const batch = await cliInProcess(["segment", "--in-dir", exam, "--out-dir", join(dir, "masks"), "--series", "3"]);
    assert.match(batch.stderr, /--series goes with --in: a folder run reads each subfolder's one series/);
    // the baseline reads the series named too (as segment and fit do, through readScan)
    const otsu = join(dir, "otsu.nii.gz");
    const baseline = await cliInProcess(["baseline", "--method", "otsu", "--in", join(dir, "two-series"), "--series", "5", "--out", otsu]);
    assert.equal(baseline.code, 0, baseline.stderr);
    assert.deepEqual(readVolume(readFileSync(otsu)).dims, tof.dims);
    // a command that does not take --series here is not told of it
    for (const sub of ["a", "b"]) {
      mkdirSync(join(dir, "batch", "exam", sub), { recursive: true });
      for (const f of readdirSync(join(dir, "two-series", sub))) copyFileSync(join(dir, "two-series", sub, f), join(dir, "batch", "exam", sub, f));
    }
    const inDir = await cliInProcess(["baseline", "--method", "otsu", "--in-dir", join(dir, "batch"), "--out-dir", join(dir, "otsu-masks")]);
    assert.match(
      inDir.stderr,
      /the folder holds 2 series: series 2 'T1' \(3 files\), series 5 'TOF' \(3 files\); put each series' files in a folder of their own \(dcm2niix sorts them\) and give that folder\n/,
    );
    assert.match((await cliInProcess(["fit", "--mask", otsu, "--series", "5", "--out", join(dir, "fit.json")])).stderr, /--series goes with --scan/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("vessel-lab segment: a DICOM folder gives the mask its NIfTI conversion gives; --in-dir takes each subfolder holding a series as a case", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-seg-"));
  try {
    const made = dicomCheck("write", join(dir, "in")) as Made[];
    const tiny = ["--model", "test/fixtures/infer/tinyunet.onnx", "--card", join(dir, "tiny.json")];
    writeFileSync(join(dir, "tiny.json"), JSON.stringify({ name: "tiny test U-Net", stride: 4, tile: 16, output: "logit", threshold: 0.5 }));
    const cases = scanFiles(join(dir, "in"), "--in-dir");
    const readable = made.filter((m) => !m.refused).map((m) => m.name);
    // every folder holding DICOM files is a case (the refused ones fail alone); the one without is not
    assert.deepEqual(
      [...cases.keys()],
      made
        .filter((m) => m.name !== "empty-folder")
        .map((m) => m.name)
        .sort(),
    );
    const all = await cliInProcess(["segment", "--in-dir", join(dir, "in"), "--out-dir", join(dir, "masks"), ...tiny]);
    assert.equal(all.code, 2, all.stderr);
    for (const name of readable) {
      const mask = readVolume(readFileSync(join(dir, "masks", `${name}.nii.gz`)));
      const { volume } = readVolumeFile(join(dir, "in", name), "--in", { command: "test" });
      assert.deepEqual(mask.dims, volume.dims, name);
      mask.affine.forEach((x, n) => assert.ok(Math.abs(x - volume.affine[n]) < 1e-5, `${name}: the mask lies where the series does`));
    }
    assert.match(all.stderr, /two-series.*2 series/);
    // the committed model on the series with a vessel and on its NIfTI conversion: the same mask, voxel for voxel, the vessel found
    await cliInProcess(["convert", "--in", join(dir, "in", "tube"), "--out", join(dir, "tube.nii.gz")]);
    const masks: Volume[] = [];
    for (const input of [join(dir, "in", "tube"), join(dir, "tube.nii.gz")]) {
      const out = join(dir, `mask-${masks.length}.nii.gz`);
      const r = await cliInProcess(["segment", "--in", input, "--out", out]);
      assert.equal(r.code, 0, r.stderr);
      masks.push(readVolume(readFileSync(out)));
    }
    assert.deepEqual(Array.from(masks[0].data), Array.from(masks[1].data));
    const tube = made.find((m) => m.name === "tube")!.values!;
    const mask = Array.from(masks[0].data);
    const vessel = mask.filter((x, i) => x === 1 && tube[i] === 900).length;
    const marked = mask.filter((x) => x === 1).length;
    const bright = tube.filter((x) => x === 900).length;
    assert.ok(vessel > 0.8 * bright && marked < 2 * bright, `the tube (${bright} voxels) found: ${vessel} of ${marked} marked voxels in it`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("DICOM files from scanners and toolkits (pydicom's test corpus): the uncompressed ones read as pydicom reads them, every other refused with its reason", () => {
  const dir = mkdtempSync(join(tmpdir(), "vl-dicom-corpus-"));
  try {
    const made = dicomCheck("corpus", dir) as Made[];
    assert.ok(made.filter((m) => !m.refused).length >= 7 && made.filter((m) => m.refused).length >= 10);
    for (const m of made) {
      const folder = join(dir, m.name);
      if (m.refused) {
        assert.throws(
          () => readVolumeFile(folder, "--in", { command: "test" }),
          (error: Error) => error.message.includes(m.refused!),
          m.name,
        );
        continue;
      }
      const { volume } = readVolumeFile(folder, "--in", { command: "test" });
      assert.deepEqual(volume.dims, m.dims, m.name);
      m.values!.forEach((x, n) => assert.ok(Math.abs(volume.data[n] - x) < 1e-3, `${m.name}: pixel ${n} is ${volume.data[n]}, pydicom reads ${x}`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("dicomHeadOf: a file's series from its first bytes, as readDicomSlices reads it whole; cut bytes give the same head or none; files without pixels and damaged files", () => {
  const dir = writeDicomFolders("vl-dicom-head-");
  try {
    const folders = [
      "mr-oblique",
      "ct-axial",
      "big-endian",
      "sagittal-implicit",
      "enhanced",
      "c-ct12-jpeg2000",
      "c-mr16-rle",
      "two-series/b",
      "deflated",
      "deflated-sq",
      "long-header",
    ];
    for (const folder of folders) {
      for (const file of readdirSync(join(dir, folder)).sort()) {
        const bytes = new Uint8Array(readFileSync(join(dir, folder, file)));
        const slices = readDicomSlices(bytes, file);
        const whole = dicomHeadOf(bytes, file, true)!;
        assert.deepEqual(
          whole,
          {
            seriesUid: slices[0].seriesUid,
            seriesLabel: slices[0].seriesLabel,
            seriesNumber: /^series (\d+)/.exec(slices[0].seriesLabel)![1],
            image: true,
            rows: slices[0].rows,
            columns: slices[0].columns,
            frames: slices.length,
          },
          `${folder}/${file}`,
        );
        // every cut gives the whole file's head or none (read more); a deflated one is inflated as far as the cut
        for (let cut = 132; cut < bytes.length; cut = Math.ceil(cut * 1.3)) {
          const head = dicomHeadOf(bytes.subarray(0, cut), file, false);
          if (head !== null) assert.deepEqual(head, whole, `${folder}/${file} cut at ${cut}`);
        }
        assert.ok(bytes.length > 300, `${folder}/${file} is long enough for a cut header`);
        assert.equal(dicomHeadOf(bytes.subarray(0, 300), file, false), null, `${folder}/${file}: 300 bytes end inside the header`);
        // read in steps: the first 64 kB hold the header, save where a large private element makes it longer
        const first = dicomHeadIn(bytes.subarray(0, DICOM_HEAD_STEPS[0]), file, bytes.length);
        if (folder === "long-header") {
          assert.equal(first, null, "a 100 kB private element: the pixel data begin past 64 kB");
          assert.deepEqual(dicomHeadIn(bytes.subarray(0, DICOM_HEAD_STEPS[1]), file, bytes.length), whole);
        } else assert.deepEqual(first, whole, `${folder}/${file}`);
      }
    }
    // a DICOMDIR holds no pixels: said of the whole file; of its first bytes, nothing can be said
    const dicomdir = new Uint8Array(readFileSync(join(dir, "nested", "DICOMDIR")));
    assert.equal(dicomHeadOf(dicomdir, "DICOMDIR", true)!.image, false);
    assert.equal(dicomHeadOf(dicomdir.subarray(0, 200), "DICOMDIR", false), null);
    // a large file whose pixel data do not begin within the last step (raw data, a document): no image, said without reading on
    const raw = new Uint8Array(DICOM_HEAD_STEPS[2] + 1);
    raw.set(dicomdir);
    assert.equal(dicomHeadIn(raw.subarray(0, DICOM_HEAD_STEPS[1]), "raw", raw.length), null);
    assert.equal(dicomHeadIn(raw.subarray(0, DICOM_HEAD_STEPS[2]), "raw", raw.length)!.image, false);
    // an image whose header runs past 16 MiB (a 17 MiB private element): at the last step, judged by the header so far
    const huge = join(dir, "huge");
    const written = spawnSync(PYTHON, ["scripts/dicom-check.py", "huge-header", huge], { encoding: "utf8" });
    assert.equal(written.status, 0, written.stderr);
    const hugeBytes = new Uint8Array(readFileSync(join(huge, "IM0000.dcm")));
    assert.ok(hugeBytes.length > DICOM_HEAD_STEPS[2]);
    assert.equal(dicomHeadIn(hugeBytes.subarray(0, DICOM_HEAD_STEPS[1]), "IM0000.dcm", hugeBytes.length), null);
    assert.deepEqual(dicomHeadIn(hugeBytes.subarray(0, DICOM_HEAD_STEPS[2]), "IM0000.dcm", hugeBytes.length), dicomHeadOf(hugeBytes, "IM0000.dcm", true));
    // a deflated data set's first bytes are inflated as far as they go; the whole file, whole (a bomb refused); a file cut inside its header is damaged only when whole
    const bomb = readdirSync(join(dir, "deflate-bomb"))[0];
    const bombBytes = new Uint8Array(readFileSync(join(dir, "deflate-bomb", bomb)));
    assert.doesNotThrow(() => dicomHeadOf(bombBytes.subarray(0, 1000), bomb, false), "its first bytes inflate only as far as they go");
    assert.throws(() => dicomHeadOf(bombBytes, bomb, true), /inflates past/);
    const cut = new Uint8Array(readFileSync(join(dir, "ct-axial", "IM0000.dcm"))).subarray(0, 300);
    assert.throws(() => dicomHeadOf(cut, "IM0000.dcm", true), /IM0000\.dcm: a damaged or cut DICOM file/);
    assert.throws(
      () => dicomHeadOf(new Uint8Array(200), "zeros", false),
      /^Error: zeros: no "DICM" at byte 128: damaged, or DICOM without the Part 10 header \(dcm2niix reads those\)$/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a meta header ends where its group-2 elements end, whatever its group length says; a deflated bomb is refused however its header is written", () => {
  const dir = writeDicomFolders("vl-dicom-meta-");
  try {
    const pixelsOf = (s: ReturnType<typeof readDicomSlices>[number]) => {
      const { bytes, offset } = s.pixels();
      return Array.from(bytes.subarray(offset, offset + s.rows * s.columns * (s.bitsAllocated / 8)));
    };
    const withGroupLength = (bytes: Uint8Array, change: number) => {
      const wrong = bytes.slice();
      const view = new DataView(wrong.buffer);
      view.setUint32(140, view.getUint32(140, true) + change, true); // (0002,0000)'s value, right after "DICM" and its tag, VR and length
      return wrong;
    };
    for (const folder of ["ct-axial", "sagittal-implicit", "big-endian", "deflated", "deflated-sq"]) {
      const name = readdirSync(join(dir, folder)).sort()[0];
      const bytes = new Uint8Array(readFileSync(join(dir, folder, name)));
      assert.deepEqual([bytes[136], bytes[137]], [0x55, 0x4c], `${folder}: a group length (UL) after DICM`);
      const right = readDicomSlices(bytes, name)[0];
      for (const change of [2, 40, -2, 1e8]) {
        const read = readDicomSlices(withGroupLength(bytes, change), name)[0];
        assert.deepEqual(
          [read.seriesUid, read.rows, read.columns, pixelsOf(read)],
          [right.seriesUid, right.rows, right.columns, pixelsOf(right)],
          `${folder}: group length ${change > 0 ? "+" : ""}${change}`,
        );
      }
    }
    const bomb = readdirSync(join(dir, "deflate-bomb"))[0];
    const bombBytes = new Uint8Array(readFileSync(join(dir, "deflate-bomb", bomb)));
    for (const change of [0, 1e8, -4])
      assert.throws(() => readDicomSlices(withGroupLength(bombBytes, change), bomb), /inflates past 288\.0 MiB/, `group length ${change}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("damaged files among a series' files: those too damaged to tell their series skipped and named, the volume read from the others; one whose header names its series before the damage, or that ends just before its pixels, refuses its series; all damaged is an error naming them", () => {
  const dir = writeDicomFolders("vl-dicom-damaged-");
  try {
    const filesOf = (folder: string) =>
      readdirSync(join(dir, folder))
        .sort()
        .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, folder, name))) }));
    const tube = filesOf("tube");
    const cut = damagedCopies(tube[0].bytes);
    const early = { name: "IM0100.dcm", bytes: cut.early };
    const garbage = { name: "garbage.dcm", bytes: cut.garbage };
    for (const { name, bytes } of [early, garbage]) {
      const error = (() => {
        try {
          readDicomSlices(bytes, name);
        } catch (e) {
          return e;
        }
      })();
      assert.ok(error instanceof DamagedDicom && error.series === null, `${name}: damaged before its series is named (${String(error)})`);
    }
    const reason = "a damaged or cut DICOM file \\([^)]+\\)";

    // skipped and named (the note, and `damaged` for a command to warn of); the volume is the clean folder's
    const clean = dicomSeriesOf(tube);
    const read = dicomSeriesOf([...tube.slice(0, 7), early, ...tube.slice(7), garbage]);
    const [a, b] = [readDicomSeries(clean), readDicomSeries(read)];
    assert.deepEqual([b.dims, b.spacing, b.affine, Array.from(b.data)], [a.dims, a.spacing, a.affine, Array.from(a.data)]);
    assert.deepEqual(
      read.damaged.map((d) => d.name),
      ["IM0100.dcm", "garbage.dcm"],
    );
    assert.equal(clean.note, "DICOM series 3 'angio': 14 slices");
    assert.match(
      read.note,
      new RegExp(
        `^DICOM series 3 'angio': 14 slices; 2 files skipped, not readable as DICOM: IM0100\\.dcm: ${reason}; garbage\\.dcm: ${reason}; if they belong to the scan, copy them again from their source$`,
      ),
    );

    // a file whose header names its series before the damage, or that ends where its pixels should begin, is that
    // series' and refuses it: IM0000.dcm is the series' first slice, and left out the others would make an evenly
    // spaced volume one slice short
    assert.equal(dicomSeriesOf(tube.slice(1)).dims[2], 13);
    const uid = clean.slices[0].seriesUid;
    for (const [bytes, message] of [
      [cut.pastSeries, new RegExp(`^IM0000\\.dcm: ${reason}; copy it again from its source$`)],
      [cut.beforePixels, /^IM0000\.dcm: an image's header \(32×28 pixels\) without its pixel data: the file is cut; copy it again from its source$/],
      [cut.inPixels, new RegExp(`^IM0000\\.dcm: ${reason}; copy it again from its source$`)],
    ] as const) {
      assert.throws(
        () => dicomSeriesOf([{ name: "IM0000.dcm", bytes }, ...tube.slice(1)]),
        (error: Error) => message.test(error.message),
      );
      if (bytes === cut.inPixels) continue; // its header is whole: only reading its pixels finds the cut
      // its head, read whole, is its series' image, saying why the series cannot be read
      const head = dicomHeadOf(bytes, "IM0000.dcm", true)!;
      assert.deepEqual([head.seriesUid, head.image], [uid, true]);
      assert.match(head.damaged!, message);
      // met first, it does not give the series its label and size: the sound files' headers do
      const heads = tube.slice(1).map(({ name, bytes }) => ({ file: name, head: dicomHeadOf(bytes, name, true)! }));
      const [series] = seriesOfHeads([{ file: "IM0000.dcm", head }, ...heads]).series;
      assert.deepEqual([series.label, series.number, series.columns, series.rows, series.files.length], ["series 3 'angio'", "3", 32, 28, 14]);
      assert.match(series.damaged!, message);
    }

    // files of several series: a damaged file of no known series is not one more series; the one chosen is read
    const t1 = filesOf("two-series/a");
    const tof = filesOf("two-series/b");
    const several = (() => {
      try {
        dicomSeriesOf([...t1, early, ...tof]);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(several instanceof SeveralSeries, String(several));
    assert.deepEqual(
      several.series.map((s) => s.label),
      ["series 2 'T1'", "series 5 'TOF'"],
    );
    assert.deepEqual(
      several.damaged.map((d) => d.name),
      ["IM0100.dcm"],
    );
    const chosen = dicomSeriesOf([...t1, early, ...tof], { series: several.series[1].uid });
    assert.deepEqual(Array.from(readDicomSeries(chosen).data), Array.from(readDicomSeries(dicomSeriesOf(tof)).data));
    assert.match(
      chosen.note,
      new RegExp(
        `^DICOM series 5 'TOF': 3 slices; 1 file skipped, not readable as DICOM: IM0100\\.dcm: ${reason}; if it belongs to the scan, copy it again from its source$`,
      ),
    );

    // every file that could hold an image damaged: an error naming them; one file alone keeps its own message
    const dicomdir = { name: "DICOMDIR", bytes: new Uint8Array(readFileSync(join(dir, "nested", "DICOMDIR"))) };
    assert.throws(
      () => dicomSeriesOf([early, garbage]),
      new RegExp(
        `^Error: all 2 files that could hold an image are damaged: IM0100\\.dcm: ${reason}; garbage\\.dcm: ${reason}; copy the series again from its source$`,
      ),
    );
    assert.throws(
      () => dicomSeriesOf([dicomdir, early]),
      new RegExp(
        `^Error: the one file that could hold an image is damaged: IM0100\\.dcm: ${reason}; 1 other holds no pixels \\(reports, plans or a DICOMDIR\\); copy the series again from its source$`,
      ),
    );
    assert.throws(() => dicomSeriesOf([early]), new RegExp(`^Error: IM0100\\.dcm: ${reason}; copy it again from its source$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("damagedNote: the count, the first three files with their reasons, how many more, and the fix", () => {
  const files = ["a.dcm", "b.dcm", "c.dcm", "d.dcm", "e.dcm"].map((name, n) => ({ name, reason: `reason ${n + 1}`, message: `${name}: reason ${n + 1}` }));
  assert.equal(
    damagedNote(files),
    "5 files skipped, not readable as DICOM: a.dcm: reason 1; b.dcm: reason 2; c.dcm: reason 3; and 2 more; if they belong to the scan, copy them again from their source",
  );
  assert.equal(
    damagedNote(files.slice(0, 1)),
    "1 file skipped, not readable as DICOM: a.dcm: reason 1; if it belongs to the scan, copy it again from its source",
  );
});

test("a sound MR spectroscopy file (Rows and Columns, its data in SpectroscopyData, no PixelData) beside a series is a file without pixels, skipped and counted, not a cut image; an image header without pixels is cut only where its SOP class is an image storage one", () => {
  const dir = writeDicomFolders("vl-dicom-mrs-");
  try {
    const tube = readdirSync(join(dir, "tube"))
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, "tube", name))) }));
    const mrs = { name: "MRS0001.dcm", bytes: writeMrSpectroscopy(join(dir, "mrs", "MRS0001.dcm")) };
    const clean = dicomSeriesOf(tube);
    const read = dicomSeriesOf([...tube, mrs]);
    assert.equal(read.note, "DICOM series 3 'angio': 14 slices; 1 file without pixels skipped");
    const [a, b] = [readDicomSeries(clean), readDicomSeries(read)];
    assert.deepEqual([b.dims, b.affine, Array.from(b.data)], [a.dims, a.affine, Array.from(a.data)]);
    assert.throws(
      () => readDicomSlices(mrs.bytes, mrs.name),
      (error: Error) => error instanceof NotAnImage,
    );
    assert.deepEqual([dicomHeadOf(mrs.bytes, mrs.name, true)!.image, dicomHeadOf(mrs.bytes, mrs.name, true)!.damaged], [false, undefined]);
    const { series, notImages } = seriesOfHeads([...tube, mrs].map(({ name, bytes }) => ({ file: name, head: dicomHeadOf(bytes, name, true)! })));
    assert.deepEqual([series.map((s) => s.label), notImages], [["series 3 'angio'"], [mrs.name]]);

    // a CT slice cut just before its pixels is cut (its SOP class is CT Image Storage); the same header naming no SOP
    // class (its (0008,0016) renamed (0008,0017)) is a file without pixels, as before SOP classes were looked at
    const beforePixels = damagedCopies(tube[0].bytes).beforePixels;
    assert.throws(
      () => dicomSeriesOf([{ name: "IM0000.dcm", bytes: beforePixels }, ...tube.slice(1)]),
      /^Error: IM0000\.dcm: an image's header \(32×28 pixels\) without its pixel data: the file is cut; copy it again from its source$/,
    );
    const noClass = beforePixels.slice();
    const at = Buffer.from(noClass).indexOf(Buffer.from([0x08, 0x00, 0x16, 0x00, 0x55, 0x49])); // (0008,0016) UI
    assert.ok(at > 132);
    noClass[at + 2] = 0x17;
    assert.equal(
      dicomSeriesOf([{ name: "IM0000.dcm", bytes: noClass }, ...tube.slice(1)]).note,
      "DICOM series 3 'angio': 13 slices; 1 file without pixels skipped",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a damaged slice skipped from the middle of a series: the refusal of the gap it leaves ends naming the damaged file", () => {
  const dir = writeDicomFolders("vl-dicom-middle-");
  try {
    const tube = readdirSync(join(dir, "tube"))
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, "tube", name))) }));
    assert.equal(tube[7].name, "IM0007.dcm");
    const gap =
      "the slices are not evenly spaced: 1\\.000 mm between IM0006\\.dcm and IM0008\\.dcm, 0\\.500 mm elsewhere \\(a slice missing\\?\\); copy the whole series again, or convert it with dcm2niix";
    // the slice missing: the gap alone
    assert.throws(() => dicomSeriesOf([...tube.slice(0, 7), ...tube.slice(8)]), new RegExp(`^Error: ${gap}$`));
    // the slice there, but cut before its series is named: skipped, and named at the end of the refusal
    const cut = { name: "IM0007.dcm", bytes: damagedCopies(tube[7].bytes).early };
    assert.throws(
      () => dicomSeriesOf([...tube.slice(0, 7), cut, ...tube.slice(8)]),
      new RegExp(
        `^Error: ${gap}; 1 file skipped, not readable as DICOM: IM0007\\.dcm: a damaged or cut DICOM file \\([^)]+\\); if it belongs to the scan, copy it again from its source$`,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("dicomHeadIn at its last step: a file garbled after a sound meta header is damaged, as reading it whole says; a sound header that merely runs on past 16 MiB is judged by what it holds", () => {
  const dir = writeDicomFolders("vl-dicom-last-step-");
  try {
    const last = DICOM_HEAD_STEPS[DICOM_HEAD_STEPS.length - 1];
    const garbled = garbageAfterMeta(new Uint8Array(readFileSync(join(dir, "tube", "IM0000.dcm"))), last + 2 ** 16);
    const whole = (() => {
      try {
        readDicomSlices(garbled, "IM0100.dcm");
      } catch (e) {
        return e;
      }
    })();
    assert.ok(whole instanceof DamagedDicom && whole.series === null, String(whole));
    assert.match(whole.message, /^IM0100\.dcm: a damaged or cut DICOM file \([^)]+\); copy it again from its source$/);
    assert.throws(
      () => dicomHeadIn(garbled.subarray(0, last), "IM0100.dcm", garbled.length),
      (error: Error) => error instanceof DamagedDicom && error.message === whole.message,
    );
    // a sound MR spectroscopy file of 17 MiB: its header (Rows and Columns, then the spectroscopy data) runs past the
    // last step, and holds no image
    const mrs = writeMrSpectroscopy(join(dir, "mrs", "MRS0001.dcm"), 2_200_000);
    assert.ok(mrs.length > last);
    assert.equal(dicomHeadIn(mrs.subarray(0, last), "MRS0001.dcm", mrs.length)!.image, false);
    assert.throws(
      () => readDicomSlices(mrs, "MRS0001.dcm"),
      (error: Error) => error instanceof NotAnImage,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("damagedByName and notDicomFile: a file without DICOM's mark is damaged where named .dcm, or, beside DICOM files, named as a DICOM media file ID; its reason", () => {
  for (const [name, amongDicom, damaged] of [
    ["IM0001.dcm", false, true],
    ["scan.DICOM", false, true],
    ["IM000013", true, true],
    ["im000013", true, true],
    ["I_1", true, true],
    ["00000001", true, true],
    ["IM000013", false, false],
    ["DICOMDIR", true, false],
    ["README", true, false],
    ["LICENSE", true, false],
    ["IM0000013", true, false],
    ["IM1.TXT", true, false],
    ["notes.txt", true, false],
  ] as const)
    assert.equal(damagedByName(name, amongDicom), damaged, `${name} ${amongDicom ? "among" : "without"} DICOM files`);
  assert.deepEqual(
    [0, 1, 131, 132].map((size) => notDicomFile("IM000013", size).reason),
    [
      "an empty file",
      "1 byte, too short for a DICOM file",
      "131 bytes, too short for a DICOM file",
      'no "DICM" at byte 128: damaged, or DICOM without the Part 10 header (dcm2niix reads those)',
    ],
  );
});
