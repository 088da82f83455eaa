import type { Command } from "commander";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { baselineMask } from "../baselines/index.js";
import { LABEL_CONVENTIONS, SAMPLE_PRESET_NAMES, samplePresetUnit, type LabelConvention, type SamplePresetName } from "../dataset/index.js";
import { FIT_STATISTICS, fitSampleSize, fitSimulator, fitTableText, fitWindow, imagingNote, modalityNote, scanStats, type FitResult } from "../fit/index.js";
import { mirrorIntensities, segmentVolume } from "../infer/index.js";
import { resolveAutoSpacing } from "../scale/index.js";
import type { Vec3, Volume } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { displayPath, escapeName, readVolumeInput, readScanFile, writeOutput, SCAN_FILE_NAMES, SERIES_HELP } from "./files.js";
import { flagOption, integerIn, nonNegativeInteger, oneOf } from "./options.js";
import { createProgress, formatDuration } from "./progress.js";
import { DEFAULT_MODEL, missingModel, readCard } from "./segmentCard.js";
import { notePolarity } from "./polarityNote.js";

export const MASK_SOURCES = ["vesselness", "otsu", "model"] as const;
type MaskSource = (typeof MASK_SOURCES)[number];

interface FitFlags {
  scan?: string;
  series?: string;
  mask?: string;
  maskFrom: MaskSource;
  out: string;
  seed: number;
  size?: number;
  samples: number;
  rounds: number;
  population: number;
  labelConvention: LabelConvention;
  presets?: SamplePresetName[];
  modality?: SamplePresetName;
  dark?: boolean;
}

/** The presets named (fitSimulator puts them in the simulator's order, each once). */
const presetList = (flag: string, text: string): SamplePresetName[] => {
  const names = text.split(",").map((s) => s.trim());
  const bad = names.find((n) => !SAMPLE_PRESET_NAMES.includes(n as SamplePresetName));
  if (bad !== undefined)
    throw new UsageError(`${flag} ${text}: unknown preset ${JSON.stringify(bad)}; give names from ${SAMPLE_PRESET_NAMES.join(", ")}, comma-separated`);
  return names as SamplePresetName[];
};

/** `vessel-lab fit`: the simulator's parameters that make samples like one scan. */
export function registerFit(program: Command): void {
  program
    .command("fit")
    .description(
      "fit the simulator to a scan: measure its vessels (radius, branch length, tortuosity, density, volume fraction; contrast, noise, blur) and search the preset, growth, voxel and imaging parameters whose samples match; `generate --like` makes a data set from the result",
    )
    .option(
      "--scan <file>",
      `the scan (${SCAN_FILE_NAMES}; 3D; or a folder of one DICOM series): its image statistics are fitted too, and its vessel mask is --mask or made by --mask-from`,
    )
    .option("--series <number>", `with --scan: ${SERIES_HELP}`)
    .option("--mask <file>", "a vessel mask of the scan (any value > 0 is vessel; on the scan's grid), or alone: fit the geometry only")
    .addOption(
      flagOption(
        "--mask-from <source>",
        "without --mask: the mask measured: vesselness (Frangi's, thresholded as the baseline), otsu (the smoothed scan thresholded) or model (the packaged segmenter, automatic scale)",
        oneOf(MASK_SOURCES),
        "vesselness",
      ),
    )
    .requiredOption("--out <file>", "the fit (JSON): the parameters (`like`), the scan's statistics and the distance before and after, per statistic")
    .addOption(flagOption("--seed <n>", "seed of the search and its samples", nonNegativeInteger, 1))
    .addOption(
      flagOption(
        "--size <n>",
        "side of the samples measured, voxels (default: the scan's in-plane extent, within 32…48; their depth follows the scan's)",
        integerIn(MIN_FIT_SIZE, 128),
      ),
    )
    .addOption(flagOption("--samples <n>", "samples per candidate (all candidates share them)", integerIn(1, 64), 5))
    .addOption(flagOption("--rounds <n>", "rounds of the geometry search", integerIn(1, 100), 6))
    .addOption(flagOption("--population <n>", "candidates per round", integerIn(4, 200), 8))
    .addOption(
      flagOption(
        "--label-convention <name>",
        "what the samples' masks mark: visible (where the blurred vessel is at least half its peak: what real labels follow) or lumen",
        oneOf(LABEL_CONVENTIONS),
        "visible" as LabelConvention,
      ),
    )
    .option(
      "--dark",
      "with --scan: the vessels are darker than the tissue around them (black-blood MR): the scan's intensities are mirrored (a background masked to one value kept), as `segment --dark` does, before its mask is made and its contrast, noise and blur are read; the simulator's samples are drawn with dark vessels and read mirrored too, the fitted like record says so (dark, version 3), and `generate --like` makes its samples with dark vessels (default: bright vessels)",
    )
    .addOption(flagOption("--presets <names>", `sample presets searched, comma-separated (default: all: ${SAMPLE_PRESET_NAMES.join(", ")})`, presetList))
    .addOption(
      flagOption(
        "--modality <preset>",
        "image the samples as this sample preset's modality whatever tree is fitted (microscopy for a microscopy scan whose vessels a brain tree fits best); default: the fitted preset's own, or with --scan the nearest of the presets searched that grow its tree",
        oneOf(SAMPLE_PRESET_NAMES),
      ),
    )
    .addHelpText(
      "after",
      [
        "",
        "The distance (src/fit): one term per statistic, |ln(scan / samples)|, and their root mean square. Statistics:",
        ...FIT_STATISTICS.map((s) => `  ${s.name.padEnd(22)} ${s.label}${s.kind === "image" ? " (with --scan)" : ""}`),
        "The search: the cross-entropy method over the preset, the in-plane voxel size and the growth factors",
        "(rounds × population candidates, each measured on the same --samples samples), then the imaging factors with",
        "the geometry fixed (a compass search from the factors 1, at most 30 measured; the best checked on fresh",
        "images), for each preset searched that grows the fitted tree (the brain presets grow the same vessels, and",
        "so do the liver ones): each at its best factors is measured whole, and the nearest is kept; with --modality, once,",
        "for that modality on the fitted tree. Before = the default",
        "mix (6 samples of each of the simulator's 8 presets); after = the fit; both on 48 fresh samples.",
        "Example: vessel-lab fit --scan scan.nii.gz --mask label.nii.gz --out fit.json",
        "         vessel-lab generate --like fit.json --count 1000 --size 64 --out data/like",
      ].join("\n"),
    )
    .action(async (flags: FitFlags) => {
      if (!flags.scan && !flags.mask) throw new UsageError("give --scan (and optionally --mask), or --mask alone for the geometry only");
      if (!flags.scan && flags.series !== undefined) throw new UsageError("--series goes with --scan: the series to read in a DICOM folder");
      if (!flags.scan && flags.dark)
        throw new UsageError(
          "--dark goes with --scan: it says how the scan's vessels look, and a mask alone has no intensities; fit the mask alone, then `generate --like fit.json --dark-vessels 1` draws its samples with dark vessels",
        );
      const dark = flags.dark === true;
      const read = flags.scan ? readScanFile(flags.scan, "--scan", "fit", { series: flags.series, offersSeries: true }) : null;
      if (read) checkSampleWindow(read.volume.dims, flags.size, `--scan ${displayPath(flags.scan!)}`);
      // --dark: the mask and the image statistics read the mirrored scan, whose vessels are bright
      if (read) notePolarity("fit", escapeName(basename(flags.scan!)), read.volume, dark);
      const image = read ? (dark ? mirrorIntensities(read.volume) : read.volume) : null;
      if (dark) process.stderr.write(`fit: ${escapeName(basename(flags.scan!))}: --dark: intensities mirrored, so its vessels are measured as bright ones\n`);
      const t0 = performance.now();
      let mask: Volume;
      if (flags.mask) {
        mask = readVolumeInput(flags.mask, "--mask", { command: "fit", bytesPerVoxel: 40 });
        if (!image) checkSampleWindow(mask.dims, flags.size, `--mask ${displayPath(flags.mask)}`);
        if (image && mask.dims.some((d, a) => d !== image.dims[a]))
          throw new UsageError(
            `--mask ${displayPath(flags.mask)} is ${mask.dims.join("×")} voxels but --scan ${displayPath(flags.scan!)} is ${image.dims.join("×")}; give the mask on the scan's grid`,
          );
      } else {
        mask = await maskOf(image!, flags.maskFrom);
      }
      const scan = scanStats(mask, image, { size: flags.size });
      if (!Number.isFinite(scan.mask.radiusVox[1]))
        throw new UsageError(
          `${flags.mask ? `--mask ${displayPath(flags.mask)}` : `the ${flags.maskFrom} mask of the scan`} has no vessel voxels; give a mask with vessels`,
        );
      const bar = createProgress({ label: "fit ", unit: "search steps" }); // candidates, their checks and the final measurements
      let fit: FitResult;
      try {
        fit = fitSimulator(scan, {
          seed: flags.seed,
          size: flags.size,
          samples: flags.samples,
          rounds: flags.rounds,
          population: flags.population,
          labelConvention: flags.labelConvention,
          presets: flags.presets,
          modality: flags.modality,
          dark,
          onProgress: (d, n) => bar.update(d, n),
        });
      } catch (error) {
        throw error instanceof RangeError ? new UsageError(error.message) : error;
      } finally {
        bar.stop();
      }
      const seconds = (performance.now() - t0) / 1000;
      const source = {
        scan: flags.scan ? basename(flags.scan) : null,
        ...(read?.layout.dicomSeries ? { dicomSeries: read.layout.dicomSeries } : {}),
        mask: flags.mask ? basename(flags.mask) : null,
        maskFrom: flags.mask ? ("file" as const) : flags.maskFrom,
        seconds: +seconds.toFixed(1),
      };
      writeOutput(flags.out, `${JSON.stringify({ ...fit, source }, null, 1)}\n`);
      process.stderr.write(
        fitSummary(fit, flags.scan ? escapeName(basename(flags.scan)) : escapeName(basename(flags.mask!)), source.maskFrom) +
          `fit: ${formatDuration(seconds)} → ${displayPath(flags.out)}\n`,
      );
    });
}

/** The smallest --size: samples narrower than this hold too little of a tree to measure. */
const MIN_FIT_SIZE = 16;

/**
 * Refuses a scan narrower than fit's samples along an axis (a crop of a few slices' width): its vessel fraction and
 * density could not be read in windows the size of the samples it is compared with. Says which --size would fit.
 */
function checkSampleWindow(dims: Vec3, size: number | undefined, what: string): void {
  const window = fitWindow(dims, size);
  if (window.every((w, a) => w <= dims[a])) return;
  let fits = 0;
  for (let n = size ?? fitSampleSize(dims); n >= MIN_FIT_SIZE && !fits; n--) if (fitWindow(dims, n).every((w, a) => w <= dims[a])) fits = n;
  // no --size fits: the slices too narrow, or too few of them (samples are at least a few slices deep)
  const least = fitWindow(dims, MIN_FIT_SIZE);
  const wanting = [
    ...(least[0] > dims[0] || least[1] > dims[1] ? [`${MIN_FIT_SIZE} voxels or more across each direction of its slices`] : []),
    ...(least[2] > dims[2] ? [`${least[2]} slices or more`] : []),
  ].join(" and ");
  throw new UsageError(
    `${what} is ${dims.join("×")} voxels, narrower than fit's samples of ${window.join("×")} (--size ${size ?? fitSampleSize(dims)}), in which its vessel fraction and density are read; ${fits ? `give --size ${fits} or less` : `give a scan with ${wanting}`}`,
  );
}

/** The table the CLI prints: per statistic, the scan's value, the default mix's and the fit's, with the terms. */
function fitSummary(fit: FitResult, name: string, maskFrom: MaskSource | "file"): string {
  const maskGiven = maskFrom === "file";
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : "–");
  const like = fit.like;
  const unit = samplePresetUnit(like.preset);
  // the imaging left alone though the scan was given: why, and what to try
  const imaging = imagingNote(fit, {
    maskGiven,
    words: {
      dark: "give --dark",
      bright: "leave out --dark",
      mask: `give a mask of its vessels (--mask${maskFrom === "model" ? "" : ", or --mask-from model"})`,
    },
  });
  const note = modalityNote(fit, {
    image: "give --scan (the image then chooses among them)",
    modality: "give --modality the scan's own (one of these presets, or another's, such as microscopy: the tree is still searched over the presets searched)",
  });
  return [
    `fit: ${name}: ${like.preset}${like.modality ? ` (its tree, imaged as ${like.modality})` : ""}, voxel ${like.voxelSize.toPrecision(3)} ${unit} × ${like.anisotropy.toFixed(2)} along z; growth ${Object.entries(
      like.growth,
    )
      .map(([k, v]) => `${k} ×${v.toFixed(2)}`)
      .join(", ")}; imaging ${Object.entries(like.imaging)
      .map(([k, v]) => `${k} ×${v.toFixed(2)}`)
      .join(", ")}`,
    fitTableText(fit),
    // the scan's density and fraction are read as a sample sees them: in windows of its size around the vessels
    ...(fit.scan.mask.window
      ? [
          `  (the scan's branches per 1000 voxels and vessel fraction: means over ${fit.scan.mask.window.windows} windows of ${fit.scan.mask.window.dims.join("×")} voxels centred on its vessels, as a sample is one; over the whole scan ${f(fit.scan.mask.branchDensityVox)} and ${f(fit.scan.mask.vesselFraction)})`,
        ]
      : []),
    ...(fit.scan.image?.window
      ? [
          `  (its contrast, noise and blur: medians over the same windows; over the whole scan ${f(fit.scan.image.contrast)}, ${f(fit.scan.image.noise)} and ${f(fit.scan.image.blur)})`,
        ]
      : []),
    `  distance: ${f(fit.before.distance)} before, ${f(fit.after.distance)} after (ratio ${f(fit.after.distance / fit.before.distance)}); geometry only ${f(fit.geometry.before)} → ${f(fit.geometry.after)}`,
    ...(note ? [`  note: ${note}`] : []),
    ...(imaging ? [`  note: ${imaging}`] : []),
    ...(fit.like.dark
      ? ["  dark vessels: the scan and the samples (drawn with dark vessels) were read mirrored; `generate --like` makes this fit's samples with dark vessels"]
      : []),
    "",
  ].join("\n");
}

async function maskOf(image: Volume, source: MaskSource): Promise<Volume> {
  if (source !== "model") return baselineMask(image, { method: source === "vesselness" ? "frangi" : "otsu" }).mask;
  if (!existsSync(DEFAULT_MODEL)) throw new UsageError(missingModel(DEFAULT_MODEL, false));
  const card = readCard(DEFAULT_MODEL, {});
  const { OrtNodeModel } = await import("../infer/node.js");
  const model = await OrtNodeModel.load(DEFAULT_MODEL, { card, threads: 2 });
  try {
    const auto = resolveAutoSpacing(card, image, {});
    const resolved = { ...(auto.chosen ? auto.card : card), output: { name: model.io.output, kind: model.io.outputKind } };
    return (await segmentVolume(image, { card: resolved, runTile: model.runTile })).mask;
  } finally {
    await model.dispose();
  }
}
