// The user's own files as the pages read them (in the read worker): readYourFiles, and the read worker's operation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readVolumeFile } from "../../src/cli/files.js";
import { readYourFiles } from "../../src/lab/yourFiles.js";
import { type VolumeState, loadingVolume } from "../../src/lab/volumeSources.js";
import { SeveralSeries, createVolume, writeNifti } from "../../src/volume/index.js";
import { READ_OPS } from "../../src/workers/readOps.js";
import { writeDicomFolders } from "../support/dicomFolders.js";
import type { OpContext } from "../../src/workers/protocol.js";

const seriesFiles = (folder: string) =>
  readdirSync(folder)
    .sort()
    .map((f) => new File([readFileSync(join(folder, f))], f));

test("readYourFiles: a JPEG 2000 series as its files reads as the CLI reads its folder, telling each slice decoded; an uncompressed one tells nothing; a label must lie on the scan's grid", async () => {
  const dir = writeDicomFolders("vl-your-files-");
  try {
    const folder = join(dir, "c-ct12-jpeg2000");
    const progress: [number, number, string][] = [];
    const read = await readYourFiles(seriesFiles(folder), null, { onProgress: (done, total, unit) => progress.push([done, total, unit]) });
    const cli = readVolumeFile(folder, "--in", { command: "test" });
    assert.deepEqual(read.volume.dims, cli.volume.dims);
    assert.deepEqual(Array.from(read.volume.data), Array.from(cli.volume.data));
    assert.deepEqual(read.volume.affine, cli.volume.affine);
    assert.equal(read.label, null);
    assert.equal(read.format, "dicom");
    assert.equal(read.name, "DICOM series 3 'c-ct12' (3 files)");
    assert.match(read.note!, /^3 slices, lossless JPEG 2000/);
    assert.deepEqual(progress, [
      [1, 3, "slices decoded"],
      [2, 3, "slices decoded"],
      [3, 3, "slices decoded"],
    ]);
    const plain: unknown[] = [];
    await readYourFiles(seriesFiles(join(dir, "tube")), null, { onProgress: (...p) => plain.push(p) });
    assert.deepEqual(plain, [], "an uncompressed series has nothing to decode");
    // a folder's other files (a CD's viewer, notes), even more of them than the series' files, are ignored and counted
    const junk = Array.from({ length: 20 }, (_, n) => new File([`not a scan ${n}`.repeat(20)], `viewer-${n}.dll`));
    const tube = await readYourFiles([...junk.slice(0, 10), ...seriesFiles(join(dir, "tube")), ...junk.slice(10)]);
    assert.equal(tube.name, "DICOM series 3 'angio' (14 files)");
    assert.match(tube.note!, /^14 slices; 20 other files ignored/);
    // a label: on the scan's grid it comes back; on another grid it is refused, naming both
    const [nx, ny, nz] = read.volume.dims;
    const labelOf = (dims: [number, number, number], name: string) => {
      const v = createVolume(Uint8Array, dims);
      v.data[5] = 1;
      return new File([writeNifti(v) as Uint8Array<ArrayBuffer>], name);
    };
    const withLabel = await readYourFiles(seriesFiles(folder), labelOf([nx, ny, nz], "label.nii"));
    assert.deepEqual(withLabel.label!.dims, [nx, ny, nz]);
    assert.equal(withLabel.label!.data[5], 1);
    await assert.rejects(
      readYourFiles(seriesFiles(folder), labelOf([nx, ny, nz + 1], "wrong.nii")),
      new RegExp(`^Error: the label wrong\\.nii is ${nx}×${ny}×${nz + 1}, the scan ${nx}×${ny}×${nz}; give the label drawn on this scan's grid`),
    );
    // the read worker's operation is readYourFiles, its progress the worker's
    const told: unknown[] = [];
    const ctx: OpContext = { progress: (...p) => told.push(p), cancelled: false, signal: new AbortController().signal };
    const op = READ_OPS.readFiles as (ctx: OpContext, file: File | File[], label: File | null) => Promise<{ volume: { data: ArrayLike<number> } }>;
    const viaOp = await op(ctx, seriesFiles(folder), null);
    assert.deepEqual(Array.from(viaOp.volume.data), Array.from(cli.volume.data));
    assert.deepEqual(told, progress);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadingVolume: what to do when there is nothing to load; 'Reading your file…' while the user's file is read, then its volume or its error", async () => {
  const states = async (...args: Parameters<typeof loadingVolume>) => {
    const out: VolumeState[] = [];
    for await (const s of loadingVolume(...args)) out.push(s);
    return out;
  };
  const options = { makeSample: () => Promise.reject(new Error("no sample is made here")) };
  assert.deepEqual(await states(null, "kept sample", options), [{ waiting: "No kept samples yet: make some on the Synthesise page." }]);
  assert.deepEqual(await states(null, "your file", options), [
    { waiting: "Choose or drop a scan file (NIfTI, MetaImage, NRRD or TIFF), or a DICOM series: its files or its folder." },
  ]);
  const volume = createVolume(Float32Array, [6, 5, 4], [0.5, 0.5, 2]);
  volume.data.forEach((_, i) => (volume.data[i] = i));
  const bytes = writeNifti(volume, { gzip: false }) as Uint8Array<ArrayBuffer>;
  const file = new File([bytes], "mine.nii");
  const [reading, loaded] = await states({ source: "your file", file }, "your file", options);
  assert.ok(bytes.length < 1024);
  assert.deepEqual(reading, { waiting: `Reading your file (${bytes.length} bytes)…` });
  assert.ok("volume" in loaded);
  assert.deepEqual(loaded.volume.dims, [6, 5, 4]);
  assert.deepEqual(Array.from(loaded.volume.data), Array.from(volume.data));
  assert.equal(loaded.name, "mine.nii");
  assert.equal(loaded.detail, `your file, ${bytes.length} bytes`);
  // the page's reader is the one used, and a failed read is the last state, as an error
  const bad = await states({ source: "your file", file: [file, file], labelFile: file }, "your file", {
    ...options,
    readFiles: () => Promise.reject(new Error("mine.nii: not a scan")),
  });
  assert.deepEqual(bad.length, 2);
  assert.equal((bad[0] as { waiting: string }).waiting, `Reading your 2 files (${Math.round((2 * bytes.length) / 1024)} KiB) and its label…`);
  assert.equal((bad[1] as { error: Error }).error.message, "mine.nii: not a scan");
});

test("an exam's files holding two DICOM series: SeveralSeries lists them (through the read worker's operation too); the series chosen is read as the CLI reads its folder alone; loadingVolume offers the choice and reads the one picked", async () => {
  const dir = writeDicomFolders("vl-two-series-");
  try {
    const files = [...seriesFiles(join(dir, "two-series", "a")), ...seriesFiles(join(dir, "two-series", "b"))];
    const refused = await readYourFiles(files).catch((e: unknown) => e);
    assert.ok(refused instanceof SeveralSeries, String(refused));
    assert.match(refused.message, /^6 files: the folder holds 2 series: series 2 'T1' \(3 files\), series 5 'TOF' \(3 files\)/);
    assert.deepEqual(
      refused.series.map(({ label, slices }) => [label, slices]),
      [
        ["series 2 'T1'", 3],
        ["series 5 'TOF'", 3],
      ],
    );
    const tof = refused.series[1];
    const alone = readVolumeFile(join(dir, "two-series", "b"), "--in", { command: "test" });
    assert.deepEqual([tof.columns, tof.rows], alone.volume.dims.slice(0, 2));
    const read = await readYourFiles(files, null, { series: tof.uid });
    assert.equal(read.name, "DICOM series 5 'TOF' (3 files)");
    assert.deepEqual(read.volume.dims, alone.volume.dims);
    assert.deepEqual(Array.from(read.volume.data), Array.from(alone.volume.data));
    assert.deepEqual(read.volume.affine, alone.volume.affine);
    await assert.rejects(readYourFiles(files, null, { series: "1.2.3" }), /no series 1\.2\.3 among these files \(they hold series 2 'T1', series 5 'TOF'\)/);
    // the read worker's operation returns the list (a worker's error would carry only its message)
    const ctx: OpContext = { progress: () => {}, cancelled: false, signal: new AbortController().signal };
    const op = READ_OPS.readFiles as (ctx: OpContext, file: File[], label: null, series?: string) => Promise<unknown>;
    assert.deepEqual(await op(ctx, files, null), { severalSeries: { message: refused.message, series: refused.series } });
    // a page's states: reading, the choice, reading again, the series picked
    const reading6 = `Reading your 6 files (${Math.round(files.reduce((n, f) => n + f.size, 0) / 1024)} KiB)…`;
    const states: VolumeState[] = [];
    for await (const state of loadingVolume({ source: "your file", file: files }, "your file", {
      makeSample: () => Promise.reject(new Error("no sample is made here")),
    })) {
      states.push(state);
      if ("choices" in state) state.choose(tof.uid);
    }
    assert.deepEqual(
      states.map((s) => ("choices" in s ? `choose: ${s.waiting}` : "waiting" in s ? s.waiting : "volume" in s ? s.name : s.error.message)),
      [reading6, "choose: These files hold 2 DICOM series: choose the one to read.", reading6, "DICOM series 5 'TOF' (3 files)"],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an exam's folder with a series vessel-lab cannot read (a colour screenshot): the others stay readable, that one is listed with its reason; picked, its reason comes back with the choice; one slice among other files is told to bring the rest", async () => {
  const dir = writeDicomFolders("vl-exam-");
  try {
    const tube = seriesFiles(join(dir, "tube"));
    const colour = seriesFiles(join(dir, "colour"));
    const refused = await readYourFiles([...colour, ...tube]).catch((e: unknown) => e);
    assert.ok(refused instanceof SeveralSeries, String(refused));
    assert.deepEqual(
      refused.series.map(({ label, slices, columns, rows, refused }) => [label, slices, columns, rows, Boolean(refused)]),
      [
        ["series 3 'angio'", 14, 32, 28, false],
        ["series 3 'angio'", 2, 0, 0, true],
      ],
    );
    assert.match(refused.series[1].refused!, /^IM0000\.dcm: a colour image/);
    assert.match(refused.message, /the folder holds 2 series: series 3 'angio' \(14 files\), series 3 'angio' \(2 files, not readable\)/);
    const alone = readVolumeFile(join(dir, "tube"), "--in", { command: "test" });
    const read = await readYourFiles([...colour, ...tube], null, { series: refused.series[0].uid });
    assert.deepEqual(Array.from(read.volume.data), Array.from(alone.volume.data));
    await assert.rejects(readYourFiles([...colour, ...tube], null, { series: refused.series[1].uid }), /IM0000\.dcm: a colour image/);
    // the page's states: the colour series picked first, its reason shown with the choice again, then the tube
    const states: VolumeState[] = [];
    const picks = [refused.series[1].uid, refused.series[0].uid];
    for await (const state of loadingVolume({ source: "your file", file: [...colour, ...tube] }, "your file", {
      makeSample: () => Promise.reject(new Error("no sample is made here")),
    })) {
      states.push(state);
      if ("choices" in state) state.choose(picks.shift()!);
    }
    assert.deepEqual(
      states.map((s) =>
        "choices" in s ? `choose${s.problem ? ` (${s.problem.slice(0, 30)})` : ""}` : "waiting" in s ? "reading" : "volume" in s ? s.name : s.error.message,
      ),
      ["reading", "choose", "reading", "choose (16 files: IM0000.dcm: a colour)", "reading", "DICOM series 3 'angio' (14 files)"],
    );
    // one DICOM slice among other files is still one slice: the rest of its series is asked for
    await assert.rejects(readYourFiles([tube[0], new File(["notes"], "README.TXT")]), /one DICOM slice of a series/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
