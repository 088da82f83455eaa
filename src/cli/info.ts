import type { Command } from "commander";
import os from "node:os";
import { basename } from "node:path";
import { type VesselPolarity, describePolarity, mirrorIntensities, vesselPolarity } from "../infer/index.js";
import { type ChosenSpacing, chooseSpacing } from "../scale/index.js";
import { type DamagedFile, VOLUME_FORMAT_NAMES, axisCodes, damagedNote, formatSize, seriesArgument, transformPoint, volumeStats } from "../volume/index.js";
import { scanHint } from "./polarityNote.js";
import { SCAN_BYTES_PER_VOXEL, SERIES_HELP, displayPath, escapeName, readVolumeFile, SCAN_FILE_NAMES } from "./files.js";
import { listFolderSeries } from "./dicomFolder.js";
import { DEFAULT_MODEL, readCard } from "./segmentCard.js";
import { UsageError } from "./errors.js";

interface InfoFlags {
  in?: string;
  series?: string;
  json?: boolean;
  model?: string;
  card?: string;
  dark?: boolean;
}

/**
 * `vessel-lab info`: what this machine offers the lab, as JSON; with --in, how vessel-lab reads a scan: its format,
 * grid, orientation (RAS+ affine and axis codes), values, which way its tubes look (bright or dark vessels), and the
 * voxel scale `segment --spacing auto` would choose.
 */
export function registerInfo(program: Command): void {
  program
    .command("info")
    .description("print what this machine offers the lab (Node, cores, memory) as JSON; with --in, how vessel-lab reads a scan")
    .option(
      "--in <file>",
      `a scan (${SCAN_FILE_NAMES}, or a folder of one DICOM series): its format, grid, orientation, values, which way its tubes look (with a hint to give --dark where they read dark) and automatic voxel scale; a folder of several DICOM series (an exam's): each series, to choose one with --series`,
    )
    .option("--series <number>", SERIES_HELP)
    .option("--json", "with --in: print it as JSON")
    .option("--model <file>", "with --in: the segmenter whose card's radiusVoxels the automatic scale aims at (default: the packaged model)")
    .option("--card <file>", "with --in: that model's card (default: beside the model)")
    .option(
      "--dark",
      "with --in: the scan's vessels are darker than the tissue (black-blood MR): the automatic scale is chosen on the mirrored scan, as `segment --dark` chooses it, and no hint to give --dark is added (default: bright vessels)",
    )
    .action((flags: InfoFlags) => {
      if (!flags.in && flags.series !== undefined) throw new UsageError("--series goes with --in: the series to read in a DICOM folder");
      if (!flags.in && flags.dark) throw new UsageError("--dark goes with --in: it says how the scan's vessels look, for its automatic scale");
      if (!flags.in) {
        const info = {
          node: process.version,
          platform: `${process.platform}-${process.arch}`,
          cores: os.availableParallelism?.() ?? os.cpus().length,
          memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
        };
        process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        return;
      }
      // an exam's folder: its series listed, for --series to name one
      const exam = flags.series === undefined ? listFolderSeries(flags.in, "--in") : null;
      if (exam && exam.series.length > 1) {
        if (exam.damaged.length) process.stderr.write(`vessel-lab: --in ${displayPath(flags.in)}: ${escapeName(damagedNote(exam.damaged))}\n`);
        process.stdout.write(flags.json ? `${JSON.stringify(examReport(flags.in, exam), null, 2)}\n` : examText(flags.in, exam));
        return;
      }
      // read as segment reads it, but an all-NaN or one-voxel scan is described, not refused
      const { volume, layout } = readVolumeFile(flags.in, "--in", {
        command: "info",
        bytesPerVoxel: SCAN_BYTES_PER_VOXEL,
        series: flags.series,
        offersSeries: true,
        folder: exam?.scan, // a folder of one series, as listed: read without walking it again
      });
      const card = readCard(flags.model ?? DEFAULT_MODEL, { card: flags.card });
      const stats = volumeStats(volume, { percentiles: [0.5, 50, 99.5] });
      let chosen: ChosenSpacing | null = null;
      let polarity: VesselPolarity | null = null;
      let hint: string | null = null;
      let noScale = "";
      if (stats.count === 0) noScale = "every voxel is NaN";
      else if (volume.dims.some((d) => d < 2)) noScale = `${volume.dims.join("×")}: not a 3D scan`;
      else {
        // which way its tubes look, read on the scan as made (the hint says when it disagrees with --dark)
        polarity = vesselPolarity(volume);
        hint = scanHint(volume, flags.dark === true, polarity);
        try {
          // --dark: the scale segment --dark would choose, on the mirrored scan (its vessels bright)
          chosen = chooseSpacing(flags.dark ? mirrorIntensities(volume) : volume, card.radiusVoxels);
        } catch (error) {
          noScale = (error as Error).message;
        }
      }
      const codes = axisCodes(volume.affine).join("");
      const origin = transformPoint(volume.affine, [0, 0, 0]);
      const extent = volume.dims.map((d, a) => d * volume.spacing[a]);
      const report = {
        file: basename(flags.in),
        format: layout.format,
        dims: volume.dims,
        type: layout.typeName,
        spacingMm: volume.spacing,
        ...(layout.note ? { note: layout.note } : {}),
        ...(layout.dicomSeries ? { dicomSeries: layout.dicomSeries } : {}),
        // a DICOM folder's files skipped as damaged (also in the note), listed as an exam's are
        ...(layout.damaged?.length ? { damagedFiles: damagedFiles(layout.damaged) } : {}),
        fieldOfViewMm: extent,
        axisCodes: codes,
        originMm: origin,
        affine: volume.affine,
        values: {
          min: stats.min,
          p0_5: stats.percentiles[0.5],
          median: stats.percentiles[50],
          p99_5: stats.percentiles[99.5],
          max: stats.max,
          nan: stats.nanCount,
        },
        // JSON has no NaN or Infinity: a value that is not finite (no vessel found, an infinite voxel) is null
        autoScale: chosen
          ? {
              radiusVoxelsP10: chosen.radius.p10,
              radiusVoxelsP25: chosen.radius.p25,
              medianRadiusVoxels: chosen.radius.median,
              radiusVoxelsP90: chosen.radius.p90,
              modelRadiusVoxels: card.radiusVoxels,
              factor: chosen.factor,
              spacingMm: chosen.spacing,
              ...(flags.dark ? { dark: true } : {}),
            }
          : { unavailable: noScale },
        // how its tubes look: Sato's line filter for bright and for dark tubes, the mean of each's strongest 1 %
        ...(polarity
          ? {
              vessels: {
                look: polarity.looks,
                brightTubes: polarity.bright,
                darkTubes: polarity.dark,
                lnRatio: Number.isFinite(polarity.logRatio) ? polarity.logRatio : null,
                ...(hint ? { hint } : {}),
              },
            }
          : {}),
      };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const mm = (v: readonly number[], digits = 3) => v.map((x) => +x.toPrecision(digits)).join(" × ");
      // whole values (a uint16 scan's maximum) as they are; others to 5 significant digits
      const n = (x: number) => (!Number.isFinite(x) ? String(x) : Number.isInteger(x) ? String(x) : String(+x.toPrecision(5)));
      process.stdout.write(
        [
          `${escapeName(displayPath(flags.in))}: ${VOLUME_FORMAT_NAMES[layout.format]}, ${volume.dims.join("×")} ${layout.typeName}`,
          `  voxels       ${mm(volume.spacing)} mm; field of view ${mm(extent)} mm`,
          ...(layout.note ? [`  note         ${escapeName(layout.note)}`] : []), // a DICOM note names files, which may hold any character
          `  orientation  ${codes} (voxel axes i, j, k point to ${[...codes].join(", ")}; RAS+ world, as NIfTI); voxel (0, 0, 0) at (${origin.map((x) => +x.toFixed(2)).join(", ")}) mm`,
          `  values       min ${n(stats.min)}, 0.5th percentile ${n(stats.percentiles[0.5])}, median ${n(stats.percentiles[50])}, 99.5th ${n(stats.percentiles[99.5])}, max ${n(stats.max)}${stats.nanCount ? `; ${stats.nanCount} NaN` : ""}`,
          ...(polarity ? [`  vessels      look ${describePolarity(polarity)}`] : []),
          ...(hint ? [`  hint         ${hint}`] : []),
          `  segment      ${flags.dark ? "--dark " : ""}--spacing auto: ${chosen ? chosen.summary.replace(/^auto scale: /, "") : `cannot choose (${noScale})`}`,
          "",
        ].join("\n"),
      );
    });
}

type Exam = NonNullable<ReturnType<typeof listFolderSeries>>;

/** An exam folder's series as JSON: what --series takes (number, uid) and what each holds. */
function examReport(dir: string, exam: Exam) {
  return {
    folder: basename(dir),
    format: "dicom",
    series: exam.series.map((s) => ({
      seriesArgument: seriesArgument(s, exam.series), // what --series takes to read it: its number where plain and unshared, else its UID
      number: s.number,
      uid: s.uid,
      label: s.label,
      files: s.files,
      images: s.images,
      columns: s.columns,
      rows: s.rows,
      bytes: s.bytes,
      ...(s.refused ? { refused: s.refused } : {}),
    })),
    dicomFilesWithoutImage: exam.notImages,
    otherFiles: exam.others,
    ...(exam.damaged.length ? { damagedFiles: damagedFiles(exam.damaged) } : {}),
  };
}

/** The files skipped as damaged, as info's JSON lists them: each file's name (below the folder) and why. */
function damagedFiles(damaged: readonly DamagedFile[]): { file: string; reason: string }[] {
  return damaged.map(({ name, reason }) => ({ file: name, reason }));
}

/**
 * An exam folder's series as `info` prints them: one line each, with what --series takes for it (its number, or its
 * UID where another series shares the number), its images and size, and why it cannot be read where it cannot.
 */
function examText(dir: string, exam: Exam): string {
  const lines = exam.series.map((s) => {
    const pick = `--series ${seriesArgument(s, exam.series)}`;
    const what = `${s.images} image${s.images === 1 ? "" : "s"} of ${s.columns}×${s.rows} in ${s.files} file${s.files === 1 ? "" : "s"}, ${formatSize(s.bytes)}`;
    return `  ${escapeName(s.label)}: ${what}\n      ${s.refused ? `not readable: ${escapeName(s.refused)}` : escapeName(pick)}`;
  });
  const ignored = [
    exam.notImages ? `${exam.notImages} DICOM file${exam.notImages === 1 ? "" : "s"} without an image (a DICOMDIR, a report)` : "",
    exam.others ? `${exam.others} other file${exam.others === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return [
    `${escapeName(displayPath(dir))}: a DICOM folder of ${exam.series.length} series; name the one to read with --series (info --in … --series … describes it)`,
    ...lines,
    ...(ignored.length ? [`  ignored: ${ignored.join("; ")}`] : []),
    ...(exam.damaged.length ? [`  damaged: ${escapeName(damagedNote(exam.damaged))}`] : []),
    "",
  ].join("\n");
}
