import type { Command } from "commander";
import { foregroundCount } from "../metrics/index.js";
import { basename, join, resolve } from "node:path";
import { BASELINE_METHODS, OTSU_SMOOTHING_VOXELS, type BaselineMethod, baselineMask } from "../baselines/index.js";
import { FRANGI_C_FRACTION } from "../vesselness/index.js";
import { NIFTI_INTENT } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { checkOutputName, displayPath, encodeVolume, escapeName, readScan, scanFiles, writeOutput, SCAN_FILE_NAMES, SERIES_HELP } from "./files.js";
import { notePolarity } from "./polarityNote.js";
import { flagOption, oneOf, positiveNumbers } from "./options.js";
import { createProgress } from "./progress.js";

interface BaselineFlags {
  method: BaselineMethod;
  in?: string;
  series?: string;
  out?: string;
  inDir?: string;
  outDir?: string;
  scoreOut?: string;
  radiusOut?: string;
  radii?: number[];
  dark?: boolean;
  /** false with --no-background-mask */
  backgroundMask: boolean;
}

interface Case {
  input: string;
  series?: string;
  out: string;
  score?: string;
  radius?: string;
}

/** `vessel-lab baseline`: the classical masks (Otsu, Frangi) a learned segmenter is compared with. */
export function registerBaseline(program: Command): void {
  program
    .command("baseline")
    .description(
      "classical vessel masks to compare the segmenter with: Otsu's threshold of the lightly smoothed scan, or of Frangi's vesselness; one file or a folder",
    )
    .addOption(flagOption("--method <name>", `${BASELINE_METHODS.join(" or ")}`, oneOf(BASELINE_METHODS)).makeOptionMandatory())
    .option("--in <file>", `scan (${SCAN_FILE_NAMES}; 3D), or a folder of one DICOM series`)
    .option("--series <number>", `with --in: ${SERIES_HELP}`)
    .option("--out <file>", "vessel mask to write (uint8 0/1, the scan's grid and affine): .nii.gz, .nii, .mha, .nrrd or .tif (no orientation) by its name")
    .option("--in-dir <dir>", `instead of --in: every scan file (${SCAN_FILE_NAMES}) in this folder, and each subfolder holding a DICOM series`)
    .option("--out-dir <dir>", "with --in-dir: masks go here as <case>.nii.gz")
    .option("--score-out <file>", "with --in: also write what was thresholded (float32): the smoothed scan (otsu) or the vesselness (frangi)")
    .option("--radius-out <file>", "with --in and --method frangi: also write the scale map, the radius in mm of the best-answering scale per voxel (float32)")
    .addOption(
      flagOption(
        "--radii <mm>",
        "with --method frangi: vessel radii to look for, in mm, comma-separated (default: 4 from 1 to 6 times the scan's finest voxel side)",
        positiveNumbers("vessel radii in mm", "0.5,1,2,4", "a radius is given twice; give each scale once"),
      ),
    )
    .option("--dark", "dark vessels on a bright background (default: bright vessels, as in angiograms and microscopy)")
    .option("--no-background-mask", "threshold the whole volume even when its background was masked to one value")
    .addHelpText(
      "after",
      [
        "",
        "One fixed rule for each threshold; nothing is chosen by looking at a label (src/baselines):",
        `  otsu    the scan smoothed by a Gaussian of σ = ${OTSU_SMOOTHING_VOXELS} voxel, vessel where it is above Otsu's threshold of its values`,
        `  frangi  Frangi's multi-scale vesselness (α = β = 0.5, c = ${FRANGI_C_FRACTION} × the contrast p99.5 − p50), vessel where it is above`,
        "          Otsu's threshold of its positive responses",
        "A scan whose background was masked to one value (a fifth or more of it holds exactly its minimum) is handled as",
        "segment handles it: the threshold is taken inside the field of view, and the mask is 0 outside it.",
      ].join("\n"),
    )
    .action((flags: BaselineFlags) => {
      const { method, radii } = flags;
      if (method === "otsu" && (radii || flags.radiusOut)) throw new UsageError(`${radii ? "--radii" : "--radius-out"} applies to --method frangi only`);
      const cases = baselineCases(flags);
      const failures: string[] = [];
      const progress = cases.length > 1 ? createProgress({ label: "baseline " }) : null;
      for (const [n, c] of cases.entries()) {
        try {
          runCase(c, method, {
            radii,
            bright: !flags.dark,
            maskBackground: flags.backgroundMask,
            single: cases.length === 1,
            flag: flags.in ? "--in" : "--in-dir",
          });
        } catch (error) {
          if (cases.length === 1) throw error;
          failures.push(`${escapeName(basename(c.input))}: ${(error as Error).message}`);
          process.stderr.write(`baseline: skipped ${escapeName(basename(c.input))}: ${(error as Error).message}\n`);
        }
        progress?.update(n + 1, cases.length);
      }
      progress?.stop();
      if (failures.length) throw new UsageError(`${failures.length} of ${cases.length} scans failed: ${failures.join("; ")}`);
    });
}

function runCase(c: Case, method: BaselineMethod, o: { radii?: number[]; bright: boolean; maskBackground: boolean; single: boolean; flag: string }): void {
  const volume = readScan(c.input, o.flag, "a baseline", { series: c.series, offersSeries: o.flag === "--in" });
  // one scan: the hints (about a second, several times Otsu's own time); a folder run goes without them
  if (o.single) notePolarity("baseline", escapeName(basename(c.input)), volume, !o.bright);
  const t0 = performance.now();
  // a bar over the scales for one Frangi scan (the slow case); a folder has its own bar over scans
  const bar = o.single ? createProgress({ label: `${escapeName(basename(c.input))} `, unit: "scales" }) : null;
  const onProgress = (done: number, total: number) => bar?.update(done, total);
  let result;
  try {
    result = baselineMask(volume, {
      method,
      bright: o.bright,
      maskBackground: o.maskBackground,
      radii: o.radii,
      onProgress,
    });
  } catch (error) {
    throw error instanceof RangeError ? new UsageError(`${escapeName(basename(c.input))}: ${error.message}`) : error;
  } finally {
    bar?.stop();
  }
  const description = `vessel-lab baseline ${method}`;
  writeOutput(c.out, encodeVolume(c.out, result.mask, { description, intent: { code: NIFTI_INTENT.label, name: "vessel" } }));
  if (c.score)
    writeOutput(
      c.score,
      encodeVolume(c.score, result.score, { description, intent: { code: NIFTI_INTENT.estimate, name: method === "otsu" ? "smoothed" : "vesselness" } }),
    );
  if (c.radius && result.radius)
    writeOutput(c.radius, encodeVolume(c.radius, result.radius, { description, intent: { code: NIFTI_INTENT.estimate, name: "radius mm" } }));
  const vessel = foregroundCount(result.mask);
  const seconds = (performance.now() - t0) / 1000;
  const fov = result.outside > 0 ? `, inside its field of view (${(100 * result.outside).toFixed(0)} % masked background)` : "";
  process.stderr.write(
    `baseline: ${method} ${escapeName(basename(c.input))} ${volume.dims.join("×")}: threshold ${result.threshold.toPrecision(4)}${fov}, ` +
      `${((100 * vessel) / result.mask.data.length).toFixed(2)} % vessel in ${seconds.toFixed(1)} s → ${displayPath(c.out)}\n`,
  );
}

function baselineCases(flags: BaselineFlags): Case[] {
  const single = flags.in !== undefined || flags.out !== undefined;
  const folders = flags.inDir !== undefined || flags.outDir !== undefined;
  if (single && folders) throw new UsageError("give either --in and --out, or --in-dir and --out-dir, not both forms");
  if (!single && !folders) throw new UsageError("nothing to do: give --in FILE --out FILE, or --in-dir DIR --out-dir DIR");
  if (single) {
    if (!flags.in || !flags.out) throw new UsageError(`--in and --out go together: ${flags.in ? "--out" : "--in"} is missing`);
    for (const [flag, path] of [
      ["--out", flags.out],
      ["--score-out", flags.scoreOut],
      ["--radius-out", flags.radiusOut],
    ] as const) {
      if (path && resolve(path) === resolve(flags.in)) throw new UsageError(`${flag} ${path} is the scan itself; write it elsewhere`);
      if (path) checkOutputName(path, flag);
    }
    return [{ input: flags.in, series: flags.series, out: flags.out, score: flags.scoreOut, radius: flags.radiusOut }];
  }
  if (flags.series !== undefined) throw new UsageError("--series goes with --in: a folder run reads each subfolder's one series");
  if (flags.scoreOut || flags.radiusOut)
    throw new UsageError(`${flags.scoreOut ? "--score-out" : "--radius-out"} goes with --in; a folder run writes masks only`);
  if (!flags.inDir || !flags.outDir) throw new UsageError(`--in-dir and --out-dir go together: ${flags.inDir ? "--out-dir" : "--in-dir"} is missing`);
  if (resolve(flags.outDir) === resolve(flags.inDir))
    throw new UsageError(`--out-dir ${flags.outDir} is the --in-dir: masks take the scans' names and would replace them; give another folder`);
  return [...scanFiles(flags.inDir, "--in-dir")].map(([name, input]) => ({ input, out: join(flags.outDir!, `${name}.nii.gz`) }));
}
