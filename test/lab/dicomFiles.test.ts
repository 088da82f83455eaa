// A page's DICOM files over its budget: the exam's series found from each file's header, offered to choose from, and
// only the chosen series' files read whole. The series are scripts/dicom-check.py's (pydicom).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { dicomFileSeries } from "../../src/lab/dicomFiles.js";
import { type VolumeState, loadingVolume } from "../../src/lab/volumeSources.js";
import { readYourFiles } from "../../src/lab/yourFiles.js";
import { SeveralSeries, readDicomSeries } from "../../src/volume/index.js";
import { READ_OPS } from "../../src/workers/readOps.js";
import type { OpContext } from "../../src/workers/protocol.js";
import { damagedCopies, garbageAfterMeta, writeDicomFolders, writeMrSpectroscopy } from "../support/dicomFolders.js";

/** A File that records each time it is read whole (a slice of it, as for its header, is not). */
class WatchedFile extends File {
  static wholeReads: string[] = [];
  override arrayBuffer(): Promise<ArrayBuffer> {
    WatchedFile.wholeReads.push(this.name);
    return super.arrayBuffer();
  }
}

test("dicomFileSeries: an exam over the page's budget is offered series by series (not refused whole); the series chosen is read alone, its files the only ones read whole", async () => {
  const dir = writeDicomFolders("vl-dicom-files-");
  try {
    const filesOf = (folder: string, prefix: string) =>
      readdirSync(join(dir, folder))
        .sort()
        .map((f) => new WatchedFile([readFileSync(join(dir, folder, f))], `${prefix}${f}`));
    const t1 = filesOf("two-series/a", "T1-");
    const tof = filesOf("two-series/b", "TOF-");
    const long = filesOf("long-header", "LONG-"); // headers past the first 64 kB
    const colour = filesOf("colour", "COLOUR-"); // a screenshot: not readable
    const dicomdir = new WatchedFile([readFileSync(join(dir, "nested", "DICOMDIR"))], "DICOMDIR");
    const files = [...t1, dicomdir, ...tof, ...long, ...colour];
    const size = (list: File[]) => list.reduce((n, f) => n + f.size, 0);
    const budget = size(files) - 1; // the exam is over it, each series alone well within it

    const offered = await dicomFileSeries(files, budget).catch((e: unknown) => e);
    assert.ok(offered instanceof SeveralSeries, String(offered));
    assert.match(
      offered.message,
      /^the folder holds 4 series, \d+ KiB together, more than the page allows itself at once: series 2 'T1' \(3 files\), series 5 'TOF' \(3 files\), series 3 'angio' \(3 files\), series 3 'angio' \(\d+ files?, not readable\)/,
    );
    assert.deepEqual(
      offered.series.map(({ label, slices, columns, rows }) => [label, slices, columns, rows]),
      [
        ["series 2 'T1'", 3, 7, 5],
        ["series 5 'TOF'", 3, 7, 5],
        ["series 3 'angio'", 3, 7, 5],
        ["series 3 'angio'", colour.length, 7, 5],
      ],
    );
    // the headers, and one file a series to tell whether it can be read: the screenshot is marked, as in a list under the budget
    assert.deepEqual(WatchedFile.wholeReads.map((name) => name.split("-")[0]).sort(), ["COLOUR", "LONG", "T1", "TOF"]);
    assert.deepEqual(
      offered.series.map((s) => s.refused !== undefined),
      [false, false, false, true],
    );
    assert.match(offered.series[3].refused!, /^COLOUR-IM0000\.dcm: a colour image/);
    WatchedFile.wholeReads = [];

    const alone = readVolumeFile(join(dir, "two-series", "b"), "--in", { command: "test" });
    const read = await dicomFileSeries(files, budget, { series: offered.series[1].uid });
    const volume = readDicomSeries(read.series);
    assert.deepEqual([volume.dims, Array.from(volume.data), volume.affine], [alone.volume.dims, Array.from(alone.volume.data), alone.volume.affine]);
    assert.deepEqual(WatchedFile.wholeReads.sort(), tof.map((f) => f.name).sort(), "the TOF series' files alone read whole: not T1's, nor the DICOMDIR");
    assert.equal(read.bytes, size(tof));
    assert.match(read.layout.note!, /DICOM series 5 'TOF': 3 slices; 1 file without pixels skipped$/);
    await assert.rejects(
      dicomFileSeries(files, budget, { series: "1.2.3" }),
      /no series 1\.2\.3 among these files \(they hold series 2 'T1', series 5 'TOF', series 3 'angio', series 3 'angio'\); choose one of those/,
    );
    // a series alone over the budget is refused with the CLI's way
    await assert.rejects(
      dicomFileSeries(files, size(tof) - 1, { series: offered.series[1].uid }),
      new RegExp(`^Error: 3 DICOM files of ${size(tof)} bytes, more than the ${size(tof) - 1} bytes the page allows itself, .*--series 5\\)$`),
    );
    // offered with a series too large for the page on its own: marked so, with the --series that reads it in the CLI,
    // and none of its files read whole (the others' smallest file still checked)
    WatchedFile.wholeReads = [];
    const longSize = size(long);
    assert.ok(
      [t1, tof, colour].every((list) => size(list) < longSize),
      "the long-header series is the largest",
    );
    const small = await dicomFileSeries(files, longSize - 1).catch((e: unknown) => e);
    assert.ok(small instanceof SeveralSeries, String(small));
    assert.deepEqual(
      small.series.map((s) => [s.label, s.refused !== undefined, s.tooLarge === true]),
      [
        ["series 2 'T1'", false, false],
        ["series 5 'TOF'", false, false],
        ["series 3 'angio'", true, true],
        ["series 3 'angio'", true, false],
      ],
    );
    assert.match(
      small.series[2].refused!,
      // sizes that would round alike in KiB are given in bytes; two series are numbered 3 here, so the CLI's --series
      // takes its UID, as vessel-lab info lists it
      new RegExp(
        `^3 DICOM files of ${longSize} bytes, more than the ${longSize - 1} bytes the page allows itself, so they were not opened; segment the series with the CLI \\(vessel-lab segment --in FOLDER --series ${small.series[2].uid.replace(/\./g, "\\.")}\\)$`,
      ),
    );
    assert.match(small.message, /series 3 'angio' \(3 files, too large\), series 3 'angio' \(\d+ files?, not readable\)/);
    assert.ok(!WatchedFile.wholeReads.some((name) => name.startsWith("LONG-")), `read whole: ${WatchedFile.wholeReads.join(", ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a page's DICOM files with damaged ones: the series read from the sound files, the damaged named in its note; among several series, named beside the choice; a damaged slice refuses its series; nothing readable is refused naming the files", async () => {
  const dir = writeDicomFolders("vl-dicom-files-damaged-");
  try {
    const filesOf = (folder: string, prefix = "") =>
      readdirSync(join(dir, folder))
        .sort()
        .map((f) => new File([readFileSync(join(dir, folder, f))], `${prefix}${f}`));
    const size = (list: File[]) => list.reduce((n, f) => n + f.size, 0);
    const tube = filesOf("tube");
    const cut = damagedCopies(readFileSync(join(dir, "tube", "IM0000.dcm")));
    const early = new File([cut.early], "IM0100.dcm"); // cut before its series is named
    const garbage = new File([cut.garbage], "garbage.dcm");
    const notes = new File(["not DICOM at all, though named so\n".repeat(8)], "notes.dcm");
    const readme = new File(["exported by a scanner\n"], "README.TXT");
    const reason = "a damaged or cut DICOM file \\([^)]+\\)";

    // one series: read as the CLI reads the clean folder; the note (the page's status line) names what was skipped and why
    const alone = readVolumeFile(join(dir, "tube"), "--in", { command: "test" }).volume;
    const read = await readYourFiles([...tube, early, garbage, notes, readme]);
    assert.equal(read.name, "DICOM series 3 'angio' (14 files)");
    assert.deepEqual([read.volume.dims, read.volume.affine, Array.from(read.volume.data)], [alone.dims, alone.affine, Array.from(alone.data)]);
    assert.match(
      read.note!,
      new RegExp(
        `^14 slices; 3 files skipped, not readable as DICOM: IM0100\\.dcm: ${reason}; garbage\\.dcm: ${reason}; notes\\.dcm: no "DICM" at byte 128: damaged, or DICOM without the Part 10 header \\(dcm2niix reads those\\); if they belong to the scan, copy them again from their source; 1 other file ignored$`,
      ),
    );

    // several series, within the page's budget (read whole) and over it (sorted by their headers): the damaged file is
    // no series of its own, but told with the choice; the series chosen is read with it told in its note
    const tof = filesOf("two-series/b", "TOF-");
    const exam = [...tube, early, ...tof];
    const oneSkipped = new RegExp(`^1 file skipped, not readable as DICOM: IM0100\\.dcm: ${reason}; if it belongs to the scan, copy it again from its source$`);
    const tofAlone = readVolumeFile(join(dir, "two-series", "b"), "--in", { command: "test" }).volume;
    for (const budget of [Infinity, size(exam) - 1]) {
      const offered = await dicomFileSeries(exam, budget).catch((e: unknown) => e);
      assert.ok(offered instanceof SeveralSeries, String(offered));
      assert.deepEqual(
        offered.series.map((s) => [s.label, s.slices, s.refused]),
        [
          ["series 3 'angio'", 14, undefined],
          ["series 5 'TOF'", 3, undefined],
        ],
      );
      assert.deepEqual(
        offered.damaged.map((d) => d.name),
        ["IM0100.dcm"],
      );
      const chosen = await dicomFileSeries(exam, budget, { series: offered.series[1].uid });
      assert.deepEqual(Array.from(readDicomSeries(chosen.series).data), Array.from(tofAlone.data));
      assert.match(chosen.layout.note!.replace(/^DICOM series 5 'TOF': 3 slices; /, ""), oneSkipped);
    }
    // the read worker answers with them (a worker's error would carry only its message), and the page's choice shows them
    const refused = await readYourFiles(exam).catch((e: unknown) => e);
    assert.ok(refused instanceof SeveralSeries, String(refused));
    const ctx: OpContext = { progress: () => {}, cancelled: false, signal: new AbortController().signal };
    const op = READ_OPS.readFiles as (ctx: OpContext, file: File[], label: null, series?: string) => Promise<unknown>;
    assert.deepEqual(await op(ctx, exam, null), { severalSeries: { message: refused.message, series: refused.series, damaged: refused.damaged } });
    const states: VolumeState[] = [];
    for await (const state of loadingVolume({ source: "your file", file: exam }, "your file", {
      makeSample: () => Promise.reject(new Error("no sample is made here")),
    })) {
      states.push(state);
      if ("choices" in state) state.choose(state.choices[0].uid);
    }
    const choice = states.find((s) => "choices" in s);
    assert.ok(choice && "choices" in choice);
    assert.match(choice.skipped!, oneSkipped);
    const last = states.at(-1)!;
    assert.ok("volume" in last, JSON.stringify(last));
    assert.match(last.detail, /; 14 slices; 1 file skipped, not readable as DICOM: IM0100\.dcm: /);

    // a slice damaged past its series' name is that series': refused with its reason, read whole or by its header
    const tofDamaged = tof.map((f) =>
      f.name === "TOF-IM0001.dcm" ? new File([damagedCopies(new Uint8Array(readFileSync(join(dir, "two-series", "b", "IM0001.dcm")))).pastSeries], f.name) : f,
    );
    for (const budget of [Infinity, size([...tube, ...tofDamaged]) - 1]) {
      const offered = await dicomFileSeries([...tube, ...tofDamaged], budget).catch((e: unknown) => e);
      assert.ok(offered instanceof SeveralSeries, String(offered));
      assert.deepEqual(
        offered.series.map((s) => [s.label, s.refused !== undefined]),
        [
          ["series 3 'angio'", false],
          ["series 5 'TOF'", true],
        ],
      );
      assert.match(offered.series[1].refused!, new RegExp(`^TOF-IM0001\\.dcm: ${reason}; copy it again from its source$`));
      assert.deepEqual(offered.damaged, []);
    }

    // nothing readable: refused, naming the files
    await assert.rejects(
      readYourFiles([early, garbage, readme]),
      new RegExp(
        `^Error: 3 files: all 2 files that could hold an image are damaged: IM0100\\.dcm: ${reason}; garbage\\.dcm: ${reason}; copy the series again from its source$`,
      ),
    );
    await assert.rejects(
      readYourFiles([notes, readme]),
      /^Error: 2 files: 2 files, none of them DICOM \(1 named \.dcm, but without DICOM's "DICM" mark: damaged, or not DICOM\): choose one scan file/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Damaged and odd files among a page's, as a review found them: one folder of series written once for these tests
let reviewed: string | undefined;
const reviewFolders = () => (reviewed ??= writeDicomFolders("vl-dicom-files-review-"));
after(() => reviewed && rmSync(reviewed, { recursive: true, force: true }));
const DAMAGED_REASON = "a damaged or cut DICOM file \\([^)]+\\)";

/** The tube series' files (reviewFolders()), their names, and the volume the CLI reads from their folder. */
function tubeFiles() {
  const dir = reviewFolders();
  const names = readdirSync(join(dir, "tube")).sort();
  const bytesOf = (name: string) => new Uint8Array(readFileSync(join(dir, "tube", name)));
  return {
    dir,
    names,
    bytesOf,
    files: names.map((name) => new File([bytesOf(name)], name)),
    clean: readVolumeFile(join(dir, "tube"), "--in", { command: "test" }).volume,
  };
}

test("a page's DICOM files with a sound MR spectroscopy file among them: one without pixels, skipped and counted, the series read", async () => {
  const { dir, files, clean } = tubeFiles();
  const mrs = new File([writeMrSpectroscopy(join(dir, "mrs", "MRS0001.dcm"))], "MRS0001.dcm");
  const read = await readYourFiles([...files, mrs]);
  assert.equal(read.name, "DICOM series 3 'angio' (14 files)");
  assert.equal(read.note, "14 slices; 1 file without pixels skipped");
  assert.deepEqual([read.volume.dims, read.volume.affine, Array.from(read.volume.data)], [clean.dims, clean.affine, Array.from(clean.data)]);
});

test("a page's DICOM files with a damaged middle slice: the refusal of the gap it leaves ends naming it", async () => {
  const { files, bytesOf } = tubeFiles();
  const middle = files.map((f) => (f.name === "IM0007.dcm" ? new File([damagedCopies(bytesOf(f.name)).early], f.name) : f));
  await assert.rejects(
    readYourFiles(middle),
    new RegExp(
      `^Error: 14 files: the slices are not evenly spaced: 1\\.000 mm between IM0006\\.dcm and IM0008\\.dcm, 0\\.500 mm elsewhere \\(a slice missing\\?\\); copy the whole series again, or convert it with dcm2niix; 1 file skipped, not readable as DICOM: IM0007\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source$`,
    ),
  );
});

test("a page's DICOM files named as media file IDs (a CD's): a slice cut before DICOM's mark is damaged and named; without DICOM files beside it, such a file is another file", async () => {
  const { names, bytesOf } = tubeFiles();
  const cd = names.map((name, n) => new File([n === 13 ? bytesOf(name).subarray(0, 100) : bytesOf(name)], `IM${String(n).padStart(6, "0")}`));
  const readme = new File(["exported by a scanner\n"], "README");
  const read = await readYourFiles([...cd, readme]);
  assert.deepEqual(read.volume.dims, [32, 28, 13]);
  assert.equal(
    read.note,
    "13 slices; 1 file skipped, not readable as DICOM: IM000013: 100 bytes, too short for a DICOM file; if it belongs to the scan, copy it again from its source; 1 other file ignored",
  );
  await assert.rejects(readYourFiles([cd[13], readme]), /^Error: 2 files: 2 files, none of them DICOM: choose one scan file/);
});

test("a page's DICOM files with one garbled past its meta header, over 16 MiB: damaged alike, read whole (within the page's budget) or by its head (over it)", async () => {
  const { files, bytesOf } = tubeFiles();
  const garbled = new File([garbageAfterMeta(bytesOf("IM0000.dcm"), 2 ** 24 + 2 ** 16)], "IM0100.dcm");
  const all = [...files, garbled];
  const notes = [];
  for (const budget of [Infinity, all.reduce((n, f) => n + f.size, 0) - 1]) {
    const { series } = await dicomFileSeries(all, budget);
    assert.deepEqual(series.dims, [32, 28, 14]);
    notes.push(series.note);
  }
  assert.match(
    notes[0],
    new RegExp(
      `^DICOM series 3 'angio': 14 slices; 1 file skipped, not readable as DICOM: IM0100\\.dcm: ${DAMAGED_REASON}; if it belongs to the scan, copy it again from its source$`,
    ),
  );
  assert.equal(notes[1], notes[0]);
});
