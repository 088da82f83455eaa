import type { Command } from "commander";
import { foregroundCount } from "../metrics/index.js";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import {
  MAX_OVERLAP,
  type ModelCard,
  type RunTile,
  adaptInput,
  backgroundNote,
  describeInputAdaptation,
  mirrorIntensities,
  segmentVolume,
} from "../infer/index.js";
import type { OrtNodeModel } from "../infer/node.js";
import { NIFTI_INTENT, VOLUME_NAME, type Volume } from "../volume/index.js";
import { resolveAutoSpacing } from "../scale/index.js";
import { UsageError } from "./errors.js";
import { checkOutputName, displayPath, encodeVolume, escapeName, readScanFile, scanFiles, writeOutput, SCAN_FILE_NAMES, SERIES_HELP } from "./files.js";
import { notePolarity } from "./polarityNote.js";
import { createProgress } from "./progress.js";
import { flagOption, fraction, fractionOrInfinity, nonNegativeInteger, probability, spacing, threads } from "./options.js";
import { type AdaptFlags, type Adapter, adapt, keepAdapted, openAdapter } from "./segmentAdapt.js";
import { DEFAULT_MODEL, describeCard, missingModel, readCard, withOverrides } from "./segmentCard.js";

interface SegmentFlags extends AdaptFlags {
  in?: string;
  series?: string;
  out?: string;
  prob?: string;
  inDir?: string;
  outDir?: string;
  probDir?: string;
  model?: string;
  adapt?: boolean;
  adaptInput?: boolean;
  /** --dark: the scans' vessels are darker than their tissue */
  dark?: boolean;
  /** false with --no-background-mask */
  backgroundMask: boolean;
}

interface Case {
  name: string;
  input: string;
  out: string;
  prob?: string;
  /** --series: the series to read in a DICOM folder of several */
  series?: string;
}

/** `vessel-lab segment`: vessel masks (and probabilities) of scans with an ONNX segmenter on onnxruntime-node. */
export function registerSegment(program: Command): void {
  program
    .command("segment")
    .description(
      "segment the vessels of scans (NIfTI, MetaImage, NRRD or TIFF) with the ONNX segmenter: a mask (and probability) on each scan's grid; one file or a folder",
    )
    .option("--in <file>", `scan to segment (${SCAN_FILE_NAMES}; 3D), or a folder of one DICOM series`)
    .option("--series <number>", `with --in: ${SERIES_HELP}`)
    .option(
      "--out <file>",
      "vessel mask to write (uint8 0/1, the scan's grid and affine): .nii.gz, .nii, .mha (MetaImage), .nrrd (NRRD) or .tif (TIFF stack: grid and voxel size, no orientation) by its name",
    )
    .option("--prob <file>", "also write the vessel probability (float32; format by its name, as --out)")
    .option("--in-dir <dir>", `instead of --in: every scan file (${SCAN_FILE_NAMES}) in this folder, and each subfolder holding a DICOM series`)
    .option("--out-dir <dir>", "with --in-dir: masks go here as <case>.nii.gz")
    .option("--prob-dir <dir>", "with --in-dir: probabilities go here as <case>.nii.gz")
    .option("--model <file>", "ONNX segmenter taking float32 [1, 1, D, H, W] (default: the packaged models/segmenter.onnx)")
    .option("--card <file>", "model card JSON (default: the model's file name with .json, e.g. models/segmenter.json; defaults when there is none)")
    .addOption(
      flagOption(
        "--spacing <mm>",
        "voxel size the scan is resampled to before the model: \"auto\" (the scan coarsened until the thinner quarter of its vessels, measured by the vesselness filter, has the radius the model learnt: the card's radiusVoxels; never refined), mm, X,Y,Z mm, \"native\" (the scan's own grid), or xF (isotropic voxels F times the scan's finest side: x2 for vessels twice as wide in voxels as the model's training vessels); overrides the card",
        spacing,
      ),
    )
    .option("--tile <n>", "sliding-window tile in voxels: n or X,Y,Z, multiples of the card's stride; overrides the card")
    .addOption(
      flagOption(
        "--overlap <f>",
        `fraction of a tile neighbouring tiles share, 0 ≤ f ≤ ${MAX_OVERLAP}; overrides the card`,
        fraction(MAX_OVERLAP, ` (at ${MAX_OVERLAP} every voxel already runs through the model about 1000 times)`),
      ),
    )
    .addOption(flagOption("--threshold <t>", "vessel where the probability is above t (0…1); overrides the card", probability))
    .addOption(flagOption("--threads <n>", "onnxruntime threads (1 to this machine's cores)", threads, 2))
    .option(
      "--dark",
      "the vessels are darker than the tissue around them (black-blood MR): each scan's intensities are mirrored (a background masked to one value kept) before the model, which learnt bright vessels; wrong on bright vessels (default: bright vessels, as in angiograms and microscopy)",
    )
    .option("--no-background-mask", "run every tile and keep the probability everywhere, even on a scan whose background was masked to one value (see below)")
    .option(
      "--adapt",
      "test-time adaptation to each scan before segmenting it: SPSA over the models' adaptation inputs against the reconstruction decoder's masked loss",
    )
    .option(
      "--adapt-input",
      "test-time adaptation of the input: segment each scan as made, smoothed (σ 0.8 voxels of the model's grid) and with its first-order bias field divided out, and keep a transformed scan's mask only if the network is less undecided on it: fewer voxels of probability 0.1–0.9 per vessel voxel and a lower mean entropy where p > 0.05, each by 5 % (of two such, the fewer undecided voxels); three segmentations. Helps on noisy scans and scans brighter on one side, changes few others (models/README.md)",
    )
    .option(
      "--reconstructor <file>",
      "with --adapt: the ONNX reconstruction decoder (default: reconstructor.onnx beside the segmenter, card reconstructor.json)",
    )
    .addOption(flagOption("--adapt-steps <n>", "with --adapt: SPSA steps (two reconstructor passes on each of 2 crops per step)", nonNegativeInteger, 20))
    .addOption(flagOption("--adapt-seed <n>", "with --adapt: seed of the crops, masks and perturbations", nonNegativeInteger, 0))
    .addOption(
      flagOption(
        "--adapt-max-change <f>",
        "with --adapt: keep the adapted mask only if it differs from the unadapted one in at most this fraction of the unadapted mask's voxels (0.05 is 5 %; Infinity: always)",
        fractionOrInfinity(" (0.05 is 5 %; Infinity keeps every adapted mask)"),
        0.05,
      ),
    )
    .addHelpText(
      "after",
      [
        "",
        "Steps (src/infer, the same code as the page): intensities mapped to [0, 1] by the card's percentiles (0.5/99.5),",
        "resampled to the card's voxel size (or --spacing), padded to the model's stride, run tile by tile with overlap and",
        "Gaussian blending, resampled back, thresholded. The outputs lie on the input's grid with its affine.",
        "A scan whose background was masked (a fifth or more of it holds exactly its minimum: skull-stripped or thresholded",
        "MRA, CT with the air set to one value) is segmented inside its field of view only: tiles of background alone are",
        "skipped, and the probability is 0 more than 2 voxels from any other value. --no-background-mask turns this off.",
        "Model card fields: stride, tile, overlap, normalisation.percentiles, spacing, threshold, output (probability|logit).",
      ].join("\n"),
    )
    .action(async (flags: SegmentFlags) => {
      const cases = segmentCases(flags);
      if (flags.adapt && flags.adaptInput)
        throw new UsageError("--adapt and --adapt-input are two kinds of adaptation: give one (--adapt-input helped more where measured)");
      const modelPath = flags.model ? resolve(flags.model) : DEFAULT_MODEL;
      const card = withOverrides(readCard(modelPath, flags), flags);
      if (!existsSync(modelPath)) throw new UsageError(missingModel(modelPath, flags.model !== undefined));
      // loaded here, not at the top: other commands never load the native onnxruntime binding
      const { OrtNodeModel } = await import("../infer/node.js");
      const model = await OrtNodeModel.load(modelPath, { card, threads: flags.threads }).catch((error: Error) => {
        throw new UsageError(`--model ${displayPath(modelPath)}: ${error.message}`);
      });
      let adapter: Adapter | null = null;
      try {
        if (flags.adapt) adapter = await openAdapter(model, modelPath, flags);
        const resolved: ModelCard = { ...card, output: { name: model.io.output, kind: model.io.outputKind } };
        let announced = false;
        const announce = () => {
          if (!announced)
            process.stderr.write(
              `segment: ${card.name} (${displayPath(modelPath)}), output "${model.io.output}" (${model.io.outputKind}), ${describeCard(resolved)}\n`,
            );
          announced = true;
        };
        const failures: string[] = [];
        for (const c of cases) {
          try {
            await segmentCase(
              c,
              resolved,
              model,
              flags.in ? "--in" : "--in-dir",
              announce,
              adapter,
              flags.backgroundMask,
              flags.adaptInput === true,
              flags.dark === true,
            );
          } catch (error) {
            if (cases.length === 1) throw error;
            failures.push(`${escapeName(basename(c.input))}: ${(error as Error).message}`);
            process.stderr.write(`segment: skipped ${escapeName(basename(c.input))}: ${(error as Error).message}\n`);
          }
        }
        if (failures.length) throw new UsageError(`${failures.length} of ${cases.length} scans failed: ${failures.join("; ")}`);
      } finally {
        await model.dispose();
        await adapter?.model.dispose();
      }
    });
}

async function segmentCase(
  c: Case,
  card: ModelCard,
  model: OrtNodeModel,
  flag: string,
  announce: () => void,
  adapter: Adapter | null,
  maskBackground: boolean,
  byInput: boolean,
  dark: boolean,
): Promise<void> {
  const read = readScanFile(c.input, flag, "segment", { series: c.series, offersSeries: flag === "--in" });
  const layout = read.layout;
  // a DICOM folder's series named beside it: an exam's folder holds several
  const name = `${escapeName(basename(c.input))}${layout.dicomSeries ? ` (${escapeName(layout.dicomSeries.label)})` : ""}`;
  announce();
  // --dark: everything after this (scale, adaptation, tiles) sees bright vessels; the outputs lie on the same grid
  notePolarity("segment", name, read.volume, dark);
  const volume = dark ? mirrorIntensities(read.volume) : read.volume;
  if (dark) process.stderr.write(`segment: ${name}: --dark: intensities mirrored, so the model sees bright vessels\n`);
  const auto = resolveAutoSpacing(card, volume, { maskBackground });
  if (auto.chosen) {
    // the scale the scan's vessels need, measured once: adaptation sees the grid segmentation will see
    process.stderr.write(`segment: ${name}: ${auto.chosen.summary}\n`);
    card = auto.card;
    if (adapter) adapter = { ...adapter, card: { ...adapter.card, spacing: auto.chosen.spacing } };
  }
  const segment = async (runTile: RunTile, label: string, scan: Volume = volume) => {
    const bar = createProgress({ label: `${label} `, unit: "tiles" });
    try {
      return await segmentVolume(scan, { card, runTile, onProgress: (p) => p.stage === "tiles" && bar.update(p.done, p.total), maskBackground });
    } finally {
      bar.stop();
    }
  };
  const adapted = adapter ? await adapt(volume, adapter, name) : null;
  const t0 = performance.now(); // segmentation alone: adapt reports its own time
  let passes = 1;
  let result;
  if (byInput) {
    const r = await adaptInput(volume, (scan, label) => segment(model.runTile, `${name} (${label})`, scan), card, { maskBackground });
    process.stderr.write(`segment: ${name}: ${describeInputAdaptation(r)}\n`);
    result = r.result;
    passes = r.segmentations;
  } else result = await segment(model.runTile, name);
  if (adapter && adapted?.accepted) {
    // the trust region: the adapted mask is kept only if it moved at most --adapt-max-change of the unadapted one
    const withAdaptation = await segment(model.tileRunner(model.io.output, adapted.adaptation), `${name} (adapted)`);
    passes = 2;
    if (keepAdapted(result.mask.data, withAdaptation.mask.data, adapter.maxChange)) result = withAdaptation;
  }
  const seconds = (performance.now() - t0) / 1000;
  const description = `vessel-lab segment ${card.name}`.slice(0, 79);
  writeOutput(c.out, encodeVolume(c.out, result.mask, { description, intent: { code: NIFTI_INTENT.label, name: "vessel" } }));
  if (c.prob) writeOutput(c.prob, encodeVolume(c.prob, result.probability, { description, intent: { code: NIFTI_INTENT.estimate, name: "probability" } }));
  const vessel = foregroundCount(result.mask);
  const d = result.details;
  process.stderr.write(
    `segment: ${name} ${volume.dims.join("×")} → model grid ${d.modelGrid.dims.join("×")}, ${d.tiles} tile${d.tiles === 1 ? "" : "s"} of ${d.tile.join("×")}${backgroundNote(d)} in ${seconds.toFixed(1)} s${passes > 1 ? ` (${passes} passes: ${byInput ? "as made, smoothed and field-corrected" : "without and with adaptation"})` : ""}, ` +
      `${((100 * vessel) / result.mask.data.length).toFixed(2)} % vessel → ${displayPath(c.out)}${c.prob ? ` and ${displayPath(c.prob)}` : ""}\n`,
  );
}

function segmentCases(flags: SegmentFlags): Case[] {
  const single = flags.in !== undefined || flags.out !== undefined || flags.prob !== undefined;
  const folders = flags.inDir !== undefined || flags.outDir !== undefined || flags.probDir !== undefined;
  if (single && folders) throw new UsageError("give either --in and --out, or --in-dir and --out-dir, not both forms");
  if (!single && !folders) throw new UsageError("nothing to segment: give --in FILE --out FILE, or --in-dir DIR --out-dir DIR");
  if (single) {
    if (!flags.in || !flags.out) throw new UsageError(`--in and --out go together: ${flags.in ? "--out" : "--in"} is missing`);
    if (resolve(flags.in) === resolve(flags.out)) throw new UsageError(`--out ${flags.out} is the scan itself; write the mask elsewhere`);
    checkOutputName(flags.out, "--out");
    if (flags.prob) checkOutputName(flags.prob, "--prob");
    return [{ name: basename(flags.in).replace(VOLUME_NAME, ""), input: flags.in, out: flags.out, prob: flags.prob, series: flags.series }];
  }
  if (flags.series !== undefined) throw new UsageError("--series goes with --in: a folder run reads each subfolder's one series");
  if (!flags.inDir || !flags.outDir) throw new UsageError(`--in-dir and --out-dir go together: ${flags.inDir ? "--out-dir" : "--in-dir"} is missing`);
  for (const [flag, dir] of [
    ["--out-dir", flags.outDir],
    ["--prob-dir", flags.probDir],
  ] as const) {
    if (dir && resolve(dir) === resolve(flags.inDir))
      throw new UsageError(`${flag} ${dir} is the --in-dir: outputs take the scans' names and would replace them; give another folder`);
  }
  const cases: Case[] = [];
  for (const [name, input] of scanFiles(flags.inDir, "--in-dir")) {
    cases.push({ name, input, out: join(flags.outDir, `${name}.nii.gz`), prob: flags.probDir ? join(flags.probDir, `${name}.nii.gz`) : undefined });
  }
  return cases;
}
