// A page's DICOM files over its budget: the exam's series found from each file's header, offered to choose from, and
// only the chosen series' files read whole. The series are scripts/dicom-check.py's (pydicom).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { dicomFileSeries } from "../../src/lab/dicomFiles.js";
import { SeveralSeries, readDicomSeries } from "../../src/volume/index.js";
import { writeDicomFolders } from "../support/dicomFolders.js";

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
