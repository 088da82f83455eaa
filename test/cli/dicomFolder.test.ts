// An exam's DICOM folder in the CLI: info lists its series; --series reads only the named series' files, so an exam
// larger than the reader's limit still gives up a series that fits. The series are scripts/dicom-check.py's (pydicom).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listFolderSeries } from "../../src/cli/dicomFolder.js";
import { readVolumeFile } from "../../src/cli/files.js";
import { READ_MAX_BYTES, readDicomSlices, readVolume, seriesArgument } from "../../src/volume/index.js";
import { cli } from "../support/cli.js";
import { cliInProcess } from "../support/cliInProcess.js";
import { damagedCopies, garbageAfterMeta, writeDicomFolders, writeMrSpectroscopy } from "../support/dicomFolders.js";

test("an exam folder: info lists each series with what --series takes; --series reads only that series' files, past the reader's limit on the whole exam", async () => {
  const dir = writeDicomFolders("vl-dicom-exam-");
  try {
    // series 3 'angio' twice (a grey tube and a colour screenshot), series 2 'T1' and 5 'TOF', a DICOMDIR and a README
    const exam = join(dir, "exam");
    for (const [from, to] of [
      ["tube", "S1"],
      ["colour", "S2"],
      ["two-series/a", "S3"],
      ["two-series/b", "S4"],
      ["long-header", "S5"],
    ]) {
      mkdirSync(join(exam, to), { recursive: true });
      for (const f of readdirSync(join(dir, from))) copyFileSync(join(dir, from, f), join(exam, to, f));
    }
    // and a series whose headers run past 16 MiB (a 17 MiB private element): judged by the header read so far
    const hugeWrite = spawnSync("/usr/bin/python3", ["scripts/dicom-check.py", "huge-header", join(exam, "S6")], { encoding: "utf8" });
    assert.equal(hugeWrite.status, 0, hugeWrite.stderr);
    copyFileSync(join(dir, "nested", "DICOMDIR"), join(exam, "DICOMDIR"));
    writeFileSync(join(exam, "README.TXT"), "exam exported for the test\n");
    const uidOf = (folder: string, root = dir) => {
      try {
        return readDicomSlices(readFileSync(join(root, folder, readdirSync(join(root, folder)).sort()[0])), "f")[0].seriesUid;
      } catch (error) {
        return (error as { seriesUid: string }).seriesUid; // a file vessel-lab does not read still names its series
      }
    };
    const sizeOf = (folder: string) => readdirSync(join(exam, folder)).reduce((sum, f) => sum + statSync(join(exam, folder, f)).size, 0);

    const listed = cli(["info", "--in", exam, "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const report = JSON.parse(listed.stdout);
    assert.deepEqual(
      report.series.map((s: any) => [
        s.label,
        s.number,
        s.uid,
        s.files,
        s.images,
        `${s.columns}×${s.rows}`,
        s.bytes,
        s.refused !== undefined,
        s.seriesArgument,
      ]),
      [
        ["series 3 'angio'", "3", uidOf("tube"), 14, 14, "32×28", sizeOf("S1"), false, uidOf("tube")],
        [
          "series 3 'angio'",
          "3",
          uidOf("colour"),
          readdirSync(join(exam, "S2")).length,
          readdirSync(join(exam, "S2")).length,
          "7×5",
          sizeOf("S2"),
          true,
          uidOf("colour"),
        ],
        ["series 2 'T1'", "2", uidOf("two-series/a"), 3, 3, "7×5", sizeOf("S3"), false, "2"],
        ["series 5 'TOF'", "5", uidOf("two-series/b"), 3, 3, "7×5", sizeOf("S4"), false, "5"],
        ["series 3 'angio'", "3", uidOf("long-header"), 3, 3, "7×5", sizeOf("S5"), false, uidOf("long-header")],
        ["series 9 'huge header'", "9", uidOf("S6", exam), 2, 2, "7×5", sizeOf("S6"), false, "9"],
      ],
    );
    assert.match(report.series[1].refused, /S2\/IM0000\.dcm: a colour image/);
    assert.deepEqual([report.dicomFilesWithoutImage, report.otherFiles], [1, 1]);
    // as text: a number where it names one series, the UID where two share it
    const text = cli(["info", "--in", exam]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /: a DICOM folder of 6 series; name the one to read with --series/);
    assert.match(
      text.stdout,
      new RegExp(`series 3 'angio': 14 images of 32×28 in 14 files, \\d+ KiB\\n {6}--series ${uidOf("tube").replace(/\./g, "\\.")}\\n`),
    );
    assert.match(text.stdout, /series 3 'angio': \d+ images? of 7×5 in \d+ files?, \d+ KiB\n {6}not readable: S2\/IM0000\.dcm: a colour image/);
    assert.match(text.stdout, /series 2 'T1': 3 images of 7×5 in 3 files, \d+ KiB\n {6}--series 2\n/);
    assert.match(text.stdout, /series 5 'TOF': 3 images of 7×5 in 3 files, \d+ KiB\n {6}--series 5\n/);
    assert.match(text.stdout, /ignored: 1 DICOM file without an image \(a DICOMDIR, a report\); 1 other file\n/);

    // the series read is named in info's JSON
    const one = cli(["info", "--in", exam, "--series", "5", "--json"]);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout).dicomSeries, { uid: uidOf("two-series/b"), label: "series 5 'TOF'" });
    assert.match(JSON.parse(one.stdout).note, /3 slices; 1 file without pixels skipped; 1 other file ignored$/);

    // the series whose headers run past 16 MiB, read as its folder alone
    const hugeOut = join(dir, "huge.nii.gz");
    const hugeRead = await cliInProcess(["convert", "--in", exam, "--series", "9", "--out", hugeOut]);
    assert.equal(hugeRead.code, 0, hugeRead.stderr);
    assert.deepEqual(Array.from(readVolume(readFileSync(hugeOut)).data), Array.from(readVolumeFile(join(exam, "S6"), "--in", { command: "test" }).volume.data));
    // a series whose headers are longer than the first 64 kB read of each file: found and read as its folder alone
    const longOut = join(dir, "long.nii.gz");
    const long = await cliInProcess(["convert", "--in", exam, "--series", uidOf("long-header"), "--out", longOut]);
    assert.equal(long.code, 0, long.stderr);
    const longAlone = readVolumeFile(join(dir, "long-header"), "--in", { command: "test" }).volume;
    assert.deepEqual(Array.from(readVolume(readFileSync(longOut)).data), Array.from(longAlone.data));

    // segment names the series beside the folder
    const segmented = await cliInProcess(["segment", "--in", exam, "--series", "5", "--out", join(dir, "tof-mask.nii.gz")]);
    assert.equal(segmented.code, 0, segmented.stderr);
    assert.match(segmented.stderr, /segment: exam \(series 5 'TOF'\) 7×5×3 → model grid/);
    // fit's JSON names the series it fitted
    const fitOut = join(dir, "fit.json");
    const fit = await cliInProcess([
      "fit",
      "--scan",
      exam,
      "--series",
      uidOf("tube"),
      "--mask-from",
      "otsu",
      "--size",
      "28",
      "--samples",
      "1",
      "--rounds",
      "1",
      "--population",
      "4",
      "--out",
      fitOut,
    ]);
    assert.equal(fit.code, 0, fit.stderr);
    assert.deepEqual(JSON.parse(readFileSync(fitOut, "utf8")).source.dicomSeries, { uid: uidOf("tube"), label: "series 3 'angio'" });

    // series 2's first file made larger than the reader's limit (sparse: nothing is written): the exam passes the limit
    const huge = join(exam, "S3", readdirSync(join(exam, "S3")).sort()[0]);
    truncateSync(huge, READ_MAX_BYTES + 1);
    const tof = readVolumeFile(join(dir, "two-series", "b"), "--in", { command: "test" }).volume;
    const out = join(dir, "tof.nii.gz");
    const picked = await cliInProcess(["convert", "--in", exam, "--series", "5", "--out", out]);
    assert.equal(picked.code, 0, picked.stderr);
    assert.deepEqual(Array.from(readVolume(readFileSync(out)).data), Array.from(tof.data));
    const whole = await cliInProcess(["convert", "--in", exam, "--out", out]);
    assert.equal(whole.code, 2);
    assert.match(
      whole.stderr,
      /the folder holds 6 series, 2\.0 GiB together, over the 2\.0 GiB the reader allows at once: series 3 'angio' \(14 files, \d+ KiB\), .*series 2 'T1' \(3 files, 2\.0 GiB\), series 5 'TOF' \(3 files, \d+ KiB\), series 3 'angio' \(3 files, \d+ KiB\), series 9 'huge header' \(2 files, 34\.0 MiB\); .*or name one with --series .*\(vessel-lab info --in FOLDER lists them\)/,
    );
    const tooLarge = await cliInProcess(["convert", "--in", exam, "--series", "2", "--out", out]);
    assert.equal(tooLarge.code, 2);
    assert.match(tooLarge.stderr, /3 DICOM files of 2\.0 GiB in series 2, over the 2\.0 GiB the reader allows; convert the series with dcm2niix/);
    // info still lists the exam: it reads each series' smallest file whole, never the large one
    const still = cli(["info", "--in", exam, "--json"]);
    assert.equal(still.code, 0, still.stderr);
    assert.equal(JSON.parse(still.stdout).series[2].bytes, sizeOf("S3"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("seriesArgument: a series' number where --series takes it and no other series shares it, else its UID", () => {
  const list = [
    { uid: "1.1", number: "05" },
    { uid: "1.2", number: "7" },
    { uid: "1.3", number: "7" },
    { uid: "1.4", number: "-1" },
    { uid: "1.5", number: null },
  ];
  assert.deepEqual(
    list.map((s) => seriesArgument(s, list)),
    ["05", "1.2", "1.3", "1.4", "1.5"],
  );
});

test("a DICOM folder with damaged files: info, convert and segment read the series from the sound files and warn naming the files skipped and why; a damaged slice refuses its series; a folder of damaged files is refused naming them", async () => {
  const dir = writeDicomFolders("vl-dicom-damaged-folder-");
  try {
    const clean = join(dir, "tube");
    const damaged = join(dir, "damaged");
    cpSync(clean, damaged, { recursive: true });
    const cut = damagedCopies(readFileSync(join(clean, "IM0000.dcm")));
    writeFileSync(join(damaged, "IM0100.dcm"), cut.early); // cut before its series is named
    writeFileSync(join(damaged, "garbage.dcm"), cut.garbage);
    writeFileSync(join(damaged, "empty.dcm"), "");
    writeFileSync(join(damaged, "notes.dcm"), "not DICOM at all, though named so\n".repeat(8));
    writeFileSync(join(damaged, "README.TXT"), "exported by a scanner\n"); // not named as DICOM: ignored, as before
    const reason = "a damaged or cut DICOM file \\([^)]+\\)";
    const skipped = `4 files skipped, not readable as DICOM: IM0100\\.dcm: ${reason}; empty\\.dcm: an empty file; garbage\\.dcm: ${reason}; and 1 more; if they belong to the scan, copy them again from their source`;
    const escaped = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

    // info: the clean folder's report, its note telling the files skipped; one warning line on stderr
    const before = cli(["info", "--in", clean]);
    const after = cli(["info", "--in", damaged]);
    assert.deepEqual([before.code, after.code, before.stderr], [0, 0, ""]);
    assert.match(after.stderr, new RegExp(`^vessel-lab: --in ${escaped(damaged)}: ${skipped}\\n$`));
    const [cleanLines, damagedLines] = [before.stdout, after.stdout].map((text) => text.split("\n"));
    assert.equal(damagedLines[0], cleanLines[0].replace(clean, damaged));
    assert.equal(cleanLines[2], "  note         DICOM series 3 'angio': 14 slices");
    assert.match(damagedLines[2], new RegExp(`^  note         DICOM series 3 'angio': 14 slices; ${skipped}; 1 other file ignored$`));
    assert.deepEqual(damagedLines.slice(3), cleanLines.slice(3));

    // convert and segment: the volume and the mask the clean folder gives, with the warning
    const volumeOf = (path: string) => readVolume(readFileSync(path));
    for (const [command, flags] of [
      ["convert", []],
      ["segment", []],
    ] as const) {
      const fromClean = join(dir, `${command}-clean.nii.gz`);
      const fromDamaged = join(dir, `${command}-damaged.nii.gz`);
      const ran = [
        await cliInProcess([command, "--in", clean, "--out", fromClean, ...flags]),
        await cliInProcess([command, "--in", damaged, "--out", fromDamaged, ...flags]),
      ];
      assert.deepEqual(
        ran.map((r) => r.code),
        [0, 0],
        ran.map((r) => r.stderr).join("\n"),
      );
      assert.doesNotMatch(ran[0].stderr, /skipped/);
      assert.match(ran[1].stderr, new RegExp(`^vessel-lab: --in ${escaped(damaged)}: ${skipped}$`, "m"));
      const [a, b] = [volumeOf(fromClean), volumeOf(fromDamaged)];
      assert.deepEqual([b.dims, b.affine, Array.from(b.data)], [a.dims, a.affine, Array.from(a.data)], command);
    }

    // an exam: a damaged file of no known series is told beside the list; a slice cut in its pixels refuses its series
    const exam = join(dir, "exam");
    cpSync(damaged, join(exam, "S1"), { recursive: true });
    for (const f of ["garbage.dcm", "empty.dcm", "notes.dcm", "README.TXT"]) rmSync(join(exam, "S1", f));
    cpSync(join(dir, "two-series", "a"), join(exam, "S2"), { recursive: true });
    cpSync(join(dir, "two-series", "b"), join(exam, "S3"), { recursive: true });
    writeFileSync(join(exam, "S3", "IM0001.dcm"), damagedCopies(readFileSync(join(exam, "S3", "IM0001.dcm"))).inPixels);
    const listed = cli(["info", "--in", exam, "--json"]);
    assert.equal(listed.code, 0, listed.stderr);
    const report = JSON.parse(listed.stdout);
    assert.deepEqual(
      report.series.map((s: any) => [s.label, s.files, s.refused !== undefined]),
      [
        ["series 3 'angio'", 14, false],
        ["series 2 'T1'", 3, false],
        ["series 5 'TOF'", 3, true],
      ],
    );
    assert.match(report.series[2].refused, new RegExp(`^S3/IM0001\\.dcm: ${reason}; copy it again from its source$`));
    assert.equal(report.damagedFiles.length, 1);
    assert.equal(report.damagedFiles[0].file, "S1/IM0100.dcm");
    assert.match(report.damagedFiles[0].reason, new RegExp(`^${reason}$`));
    const oneSkipped = `1 file skipped, not readable as DICOM: S1/IM0100\\.dcm: ${reason}; if it belongs to the scan, copy it again from its source`;
    assert.match(listed.stderr, new RegExp(`^vessel-lab: --in ${escaped(exam)}: ${oneSkipped}\\n$`));
    const text = cli(["info", "--in", exam]);
    assert.match(text.stdout, new RegExp(`\\n  damaged: ${oneSkipped}\\n$`));
    const t1 = join(dir, "t1.nii.gz");
    const picked = await cliInProcess(["convert", "--in", exam, "--series", "2", "--out", t1]);
    assert.equal(picked.code, 0, picked.stderr);
    assert.match(picked.stderr, new RegExp(`^vessel-lab: --in ${escaped(exam)}: ${oneSkipped}$`, "m"));
    assert.deepEqual(Array.from(volumeOf(t1).data), Array.from(readVolumeFile(join(dir, "two-series", "a"), "--in", { command: "test" }).volume.data));
    const tof = await cliInProcess(["convert", "--in", exam, "--series", "5", "--out", join(dir, "tof.nii.gz")]);
    assert.equal(tof.code, 2);
    assert.match(tof.stderr, new RegExp(`^vessel-lab: --in ${escaped(exam)}: S3/IM0001\\.dcm: ${reason}; copy it again from its source\\n$`));

    // nothing readable: refused, naming the files
    const allDamaged = join(dir, "all-damaged");
    mkdirSync(allDamaged);
    writeFileSync(join(allDamaged, "IM0100.dcm"), cut.early);
    writeFileSync(join(allDamaged, "garbage.dcm"), cut.garbage);
    copyFileSync(join(dir, "nested", "DICOMDIR"), join(allDamaged, "DICOMDIR"));
    const none = cli(["info", "--in", allDamaged]);
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      new RegExp(
        `^vessel-lab: --in ${escaped(allDamaged)}: all 2 files that could hold an image are damaged: IM0100\\.dcm: ${reason}; garbage\\.dcm: ${reason}; 1 other holds no pixels \\(reports, plans or a DICOMDIR\\); copy the series again from its source\\n$`,
      ),
    );
    const notDicom = join(dir, "not-dicom");
    mkdirSync(notDicom);
    writeFileSync(join(notDicom, "notes.dcm"), "not DICOM at all, though named so\n".repeat(8));
    const misnamed = cli(["info", "--in", notDicom]);
    assert.equal(misnamed.code, 2);
    assert.match(
      misnamed.stderr,
      new RegExp(
        `^vessel-lab: --in ${escaped(notDicom)}: a folder of 1 file without DICOM files \\(1 named as DICOM but not: notes\\.dcm, no "DICM" at byte 128: damaged, or DICOM without the Part 10 header \\(dcm2niix reads those\\)\\); give a scan file`,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("info reads a folder of one series from the walk that listed it: the folder is not walked again", () => {
  const dir = writeDicomFolders("vl-dicom-walk-once-");
  try {
    const folder = join(dir, "tube");
    const exam = listFolderSeries(folder, "--in")!;
    assert.deepEqual(
      exam.series.map((s) => [s.label, s.files]),
      [["series 3 'angio'", 14]],
    );
    // files of another series added after the walk: read from the walk, the series listed is read alone, as info reads it
    for (const f of readdirSync(join(dir, "two-series", "a"))) copyFileSync(join(dir, "two-series", "a", f), join(folder, `T1-${f}`));
    const read = readVolumeFile(folder, "--in", { command: "info", folder: exam.scan });
    assert.deepEqual(read.volume.dims, [32, 28, 14]);
    assert.equal(read.layout.note, "DICOM series 3 'angio': 14 slices");
    // walked again, the folder now holds two series
    assert.throws(
      () => readVolumeFile(folder, "--in", { command: "info" }),
      /the folder holds 2 series: series 3 'angio' \(14 files\), series 2 'T1' \(3 files\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Damaged and odd files among an exam's, as a review found them: one folder of series written once for these tests
let reviewed: string | undefined;
const reviewFolders = () => (reviewed ??= writeDicomFolders("vl-dicom-review-"));
after(() => reviewed && rmSync(reviewed, { recursive: true, force: true }));
const escapedPath = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const DAMAGED_REASON = "a damaged or cut DICOM file \\([^)]+\\)";

/** A copy of the folder `from` of reviewFolders() at `to` (below it), and that path. */
function copyOf(from: string, to: string): string {
  const dir = reviewFolders();
  cpSync(join(dir, from), join(dir, to), { recursive: true });
  return join(dir, to);
}

test("a sound MR spectroscopy file beside a series (Rows and Columns, its data in SpectroscopyData) is a DICOM file without pixels: info and convert read the one series, as before, not 2 series with a false cut file", async () => {
  const dir = reviewFolders();
  const folder = copyOf("tube", "with-mrs");
  writeMrSpectroscopy(join(folder, "MRS0001.dcm"));
  const info = cli(["info", "--in", folder]);
  assert.deepEqual([info.code, info.stderr], [0, ""]);
  assert.equal(info.stdout.split("\n")[0], `${folder}: DICOM, 32×28×14 uint16`);
  assert.equal(info.stdout.split("\n")[2], "  note         DICOM series 3 'angio': 14 slices; 1 file without pixels skipped");
  const out = join(dir, "with-mrs.nii.gz");
  const converted = await cliInProcess(["convert", "--in", folder, "--out", out]);
  assert.equal(converted.code, 0, converted.stderr);
  const [read, clean] = [readVolume(readFileSync(out)), readVolumeFile(join(dir, "tube"), "--in", { command: "test" }).volume];
  assert.deepEqual([read.dims, read.affine, Array.from(read.data)], [clean.dims, clean.affine, Array.from(clean.data)]);
});

test("a damaged slice in the middle of a series: the refusal of the gap it leaves ends naming the damaged file and why, in info and convert alike", async () => {
  const dir = reviewFolders();
  const folder = copyOf("tube", "middle");
  writeFileSync(join(folder, "IM0007.dcm"), damagedCopies(readFileSync(join(dir, "tube", "IM0007.dcm"))).early);
  const refusal = new RegExp(
    `^vessel-lab: --in ${escapedPath(folder)}: the slices are not evenly spaced: 1\\.000 mm between IM0006\\.dcm and IM0008\\.dcm, 0\\.500 mm elsewhere \\(a slice missing\\?\\); copy the whole series again, or convert it with dcm2niix; 1 file skipped, not readable as DICOM: IM0007\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source\\n$`,
  );
  const converted = await cliInProcess(["convert", "--in", folder, "--out", join(dir, "middle.nii.gz")]);
  assert.equal(converted.code, 2);
  assert.match(converted.stderr, refusal);
  const info = cli(["info", "--in", folder]);
  assert.equal(info.code, 2);
  assert.match(info.stderr, refusal);
});

test("a file garbled past its meta header and over 16 MiB: info (which reads 16 MiB of its head) and convert (which reads it whole) both skip it as damaged, in the same words; info's JSON lists it for a folder of one series", async () => {
  const dir = reviewFolders();
  const folder = copyOf("tube", "garbled-big");
  try {
    writeFileSync(join(folder, "IM0100.dcm"), garbageAfterMeta(readFileSync(join(dir, "tube", "IM0000.dcm")), 2 ** 24 + 2 ** 16));
    const info = cli(["info", "--in", folder, "--json"]);
    assert.equal(info.code, 0, info.stderr);
    const converted = await cliInProcess(["convert", "--in", folder, "--out", join(dir, "garbled-big.nii.gz")]);
    assert.equal(converted.code, 0, converted.stderr);
    const report = JSON.parse(info.stdout);
    assert.match(
      report.note,
      new RegExp(
        `^DICOM series 3 'angio': 14 slices; 1 file skipped, not readable as DICOM: IM0100\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source$`,
      ),
    );
    const told = (stderr: string) => stderr.split("\n").find((line) => line.includes("not readable as DICOM")) ?? "";
    assert.match(
      told(info.stderr),
      new RegExp(
        `^vessel-lab: --in ${escapedPath(folder)}: 1 file skipped, not readable as DICOM: IM0100\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source$`,
      ),
    );
    assert.equal(told(converted.stderr), told(info.stderr));
    const reason = told(info.stderr).match(/IM0100\.dcm: (.*); if it belongs/)![1];
    assert.deepEqual(report.damagedFiles, [{ file: "IM0100.dcm", reason }]);
    assert.equal(
      report.note,
      `DICOM series 3 'angio': 14 slices; 1 file skipped, not readable as DICOM: IM0100.dcm: ${reason}; if it belongs to the scan, copy it again from its source`,
    );
    assert.deepEqual(report.dims, [32, 28, 14]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a slice named as a DICOM media file ID (IM000013, no extension) cut before DICOM's mark is damaged and named, not another file ignored; without DICOM files beside it, such a file is another file", async () => {
  const dir = reviewFolders();
  const cd = join(dir, "cd");
  mkdirSync(join(cd, "SER00001"), { recursive: true });
  for (const [n, f] of readdirSync(join(dir, "tube")).sort().entries())
    copyFileSync(join(dir, "tube", f), join(cd, "SER00001", `IM${String(n).padStart(6, "0")}`));
  truncateSync(join(cd, "SER00001", "IM000013"), 100); // the last slice, cut before byte 132
  writeFileSync(join(cd, "README"), "exported by a scanner\n"); // no digit: no media file ID, another file
  const note =
    "1 file skipped, not readable as DICOM: SER00001/IM000013: 100 bytes, too short for a DICOM file; if it belongs to the scan, copy it again from its source";
  const info = cli(["info", "--in", cd]);
  assert.equal(info.code, 0, info.stderr);
  assert.equal(info.stderr, `vessel-lab: --in ${cd}: ${note}\n`);
  assert.equal(info.stdout.split("\n")[2], `  note         DICOM series 3 'angio': 13 slices; ${note}; 1 other file ignored`);
  const alone = join(dir, "no-dicom");
  mkdirSync(alone);
  copyFileSync(join(cd, "SER00001", "IM000013"), join(alone, "IM000013"));
  copyFileSync(join(cd, "README"), join(alone, "README"));
  const none = await cliInProcess(["convert", "--in", alone, "--out", join(dir, "no-dicom.nii.gz")]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, new RegExp(`^vessel-lab: --in ${escapedPath(alone)}: a folder of 2 files without DICOM files; give a scan file`));
});

test("info's note escapes the names of damaged files as its warning does: a name holding an escape and a newline stays on its line", () => {
  const folder = copyOf("tube", "odd-name");
  writeFileSync(join(folder, "bad\u001b[2J\nname.dcm"), "x");
  const info = cli(["info", "--in", folder]);
  assert.equal(info.code, 0, info.stderr);
  const lines = info.stdout.split("\n");
  assert.match(lines[2], /^ {2}note {9}DICOM series 3 'angio': 14 slices; 1 file skipped, not readable as DICOM: bad\\x1b\[2J\\nname\.dcm: /);
  assert.match(lines[3], /^ {2}orientation /);
  assert.doesNotMatch(info.stdout, /\u001b/);
  // and a file of 1 byte is told so
  const note =
    "1 file skipped, not readable as DICOM: bad\\x1b[2J\\nname.dcm: 1 byte, too short for a DICOM file; if it belongs to the scan, copy it again from its source";
  assert.equal(lines[2], `  note         DICOM series 3 'angio': 14 slices; ${note}`);
  assert.equal(info.stderr, `vessel-lab: --in ${folder}: ${note}\n`);
});

test("convert on a folder of several series, no --series: the refusal tells the files skipped as damaged after its hint, read whole or, past the reader's limit, by their heads", async () => {
  const dir = reviewFolders();
  const exam = join(dir, "exam-damaged");
  cpSync(join(dir, "two-series", "a"), join(exam, "S1"), { recursive: true });
  cpSync(join(dir, "two-series", "b"), join(exam, "S2"), { recursive: true });
  writeFileSync(join(exam, "S1", "IM0100.dcm"), damagedCopies(readFileSync(join(dir, "tube", "IM0000.dcm"))).early);
  const skipped = `1 file skipped, not readable as DICOM: S1/IM0100\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source`;
  const out = join(dir, "exam-damaged.nii.gz");
  const several = await cliInProcess(["convert", "--in", exam, "--out", out]);
  assert.equal(several.code, 2);
  assert.match(
    several.stderr,
    new RegExp(
      `^vessel-lab: --in ${escapedPath(exam)}: the folder holds 2 series: series 2 'T1' \\(3 files\\), series 5 'TOF' \\(3 files\\); put each series' files in a folder of their own \\(dcm2niix sorts them\\) and give that folder, or name one with --series \\(its number or its SeriesInstanceUID\\); ${skipped}\\n$`,
    ),
  );
  truncateSync(join(exam, "S2", "IM0000.dcm"), READ_MAX_BYTES + 1); // sparse: nothing is written
  const over = await cliInProcess(["convert", "--in", exam, "--out", out]);
  assert.equal(over.code, 2);
  assert.match(
    over.stderr,
    new RegExp(
      `^vessel-lab: --in ${escapedPath(exam)}: the folder holds 2 series, 2\\.0 GiB together, over the 2\\.0 GiB the reader allows at once: series 2 'T1' \\(3 files, \\d+ KiB\\), series 5 'TOF' \\(3 files, 2\\.0 GiB\\); .*\\(vessel-lab info --in FOLDER lists them\\); ${skipped}\\n$`,
    ),
  );
});

test("info --json on a folder of one series lists the files skipped as damaged (damagedFiles), as it does an exam's", () => {
  const dir = reviewFolders();
  const folder = copyOf("tube", "one-damaged");
  writeFileSync(join(folder, "IM0100.dcm"), damagedCopies(readFileSync(join(dir, "tube", "IM0000.dcm"))).early);
  writeFileSync(join(folder, "notes.dcm"), "not DICOM at all, though named so\n".repeat(8));
  const info = cli(["info", "--in", folder, "--json"]);
  assert.equal(info.code, 0, info.stderr);
  const report = JSON.parse(info.stdout);
  assert.deepEqual(report.dims, [32, 28, 14]);
  assert.deepEqual(
    report.damagedFiles.map((d: { file: string }) => d.file),
    ["IM0100.dcm", "notes.dcm"],
  );
  assert.match(report.damagedFiles[0].reason, new RegExp(`^${DAMAGED_REASON}$`));
  assert.equal(report.damagedFiles[1].reason, 'no "DICM" at byte 128: damaged, or DICOM without the Part 10 header (dcm2niix reads those)');
});
