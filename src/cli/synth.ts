import { Option, type Command } from "commander";
import { NIFTI_STORED_TYPES, type NiftiStoredType } from "../volume/index.js";
import {
  VOXEL_SCALINGS,
  type VoxelScaling,
  type SamplePresetName,
  DEFAULT_IMAGE_DTYPE,
  encodeSample,
  makeSample,
  SAMPLE_PRESETS,
  sampleSpec,
  type SampleFileKind,
} from "../dataset/index.js";
import { DEFAULT_LABEL_CONVENTION, LABEL_CONVENTIONS, type LabelConvention } from "../dataset/index.js";
import { writeNiftiFile } from "./datasetFiles.js";
import { displayPath, writeOutput } from "./files.js";
import { flagOption, integerIn, nonNegativeInteger, chance, olderSpelling, oneOf, samplePreset } from "./options.js";
import { SAMPLE_BYTES_PER_VOXEL, SAMPLE_SECONDS_PER_VOXEL, checkWork } from "./estimate.js";

/** The largest --size: 1024³ voxels. */
const MAX_SIZE = 1024;
import { synthAroundLabel } from "./synthLabel.js";
import { UsageError } from "./errors.js";

interface SynthFlags {
  preset: SamplePresetName | "mix";
  seed: number;
  index: number;
  size: number;
  fit?: boolean;
  out: string;
  labelOut?: string;
  fractionOut?: string;
  centrelineOut?: string;
  paramsOut?: string;
  imageDtype: NiftiStoredType;
  labelConvention: LabelConvention;
  voxels: VoxelScaling;
  label?: string;
  darkVessels?: number;
}

/** --image-dtype float32|int16 (default int16), shared by synth and generate. */
export function imageDtypeOption(): Option {
  return new Option(
    "--image-dtype <type>",
    "how images are stored: int16 (range mapped onto ±32767 with scl_slope/scl_inter, as scanners do; half the bytes) or float32 (exact)",
  )
    .choices(NIFTI_STORED_TYPES)
    .default(DEFAULT_IMAGE_DTYPE);
}

/** --voxels wide|scanner (default wide), shared by synth and generate. */
export function voxelsOption(): Option {
  return new Option(
    "--voxels <scaling>",
    "how patches are scaled: wide (the centre vessel 0.7–24 voxels in radius, slices up to 5× thicker, thin microscopy stacks: real scans' range) or scanner (each preset's scanner voxel size, isotropic, cubic)",
  )
    .choices(VOXEL_SCALINGS)
    .default("wide");
}

/** --dark-vessels <p>, shared by synth and generate: the chance of dark vessels in place of each modality's own. */
export function darkVesselsOption(command: "synth" | "generate"): Option {
  return flagOption(
    "--dark-vessels <p>",
    `the chance that a sample's vessels are darker than the tissue (black-blood images), 0 to 1, in place of each modality's own 3–5 %; nothing else the sample draws changes${command === "synth" ? " (not with --label)" : ""}`,
    chance,
  );
}

/** "0.5" for isotropic spacing, "0.5×0.5×1.5" otherwise. */
function describeSpacing(spacing: readonly number[]): string {
  const r = spacing.map((s) => +s.toPrecision(4));
  return r.every((s) => s === r[0]) ? `${r[0]}` : r.join("×");
}

/** --label-convention lumen|visible (default lumen), shared by synth and generate; a bad value names the valid ones. */
export function labelConventionOption(): Option {
  return flagOption(
    "--label-convention <name>",
    "what the label marks: lumen (the simulated lumen, fraction ≥ 0.5) or visible (what a reader traces: where the blurred vessel is at least half its local peak, and the lumen)",
    oneOf(LABEL_CONVENTIONS, "unknown convention"),
    DEFAULT_LABEL_CONVENTION,
  );
}

/** --seed: the data set's seed, shared by synth and generate. */
export function seedOption(): Option {
  return flagOption("--seed <n>", "data set seed (a non-negative integer)", nonNegativeInteger, 1);
}

const presetHelp = () =>
  Object.entries(SAMPLE_PRESETS)
    .map(([name, p]) => `  ${name.padEnd(13)} ${p.description}`)
    .join("\n");

/**
 * `vessel-lab synth`: one synthetic angiogram and its label, as `generate` would make sample --index;
 * or, with --label, an image around a given vessel mask (synthLabel.ts).
 */
export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description(
      "synthesise one sample: grow a tree, voxelise it, make an angiogram-like image; write image and label as NIfTI. With --label, image a given vessel mask instead",
    )
    .addOption(flagOption("--preset <name>", "sample preset (tree + modality + voxel size), or mix to draw one", samplePreset, "brain-tof"))
    .addOption(seedOption())
    .addOption(flagOption("--index <i>", "which sample of that data set: the same bytes as `generate` writes for index i", nonNegativeInteger, 0))
    .option(
      "--label <file>",
      "a binary vessel mask (NIfTI; any value > 0 is vessel): image it instead of a grown tree, on its grid (dims, spacing, affine), with the imaging that --preset, --seed and --index draw; not with --size, --fit or --dark-vessels",
    )
    .addOption(flagOption("--size <n>", "voxels per axis of the cubic volume", integerIn(1, MAX_SIZE), 128))
    .option("--fit", "fit the whole tree into the volume instead of a patch at the preset's voxel size")
    .addOption(voxelsOption())
    .requiredOption("--out <file>", "the image (.nii.gz in the modality's units, int16 + scaling unless --image-dtype float32; .nii for no compression)")
    .option("--label-out <file>", "the binary vessel label (.nii.gz, uint8); with --label, the mask binarised on its own grid")
    .option("--fraction-out <file>", "the partial-volume fraction (.nii.gz, float32)")
    .option("--centreline-out <file>", "the centreline map (.nii.gz, uint8)")
    .addOption(olderSpelling("--centerline-out <file>", "--centreline-out"))
    .option("--params-out <file>", "the sample's record as JSON: seeds, every growth and imaging parameter, grid")
    .addOption(imageDtypeOption())
    .addOption(labelConventionOption())
    .addOption(darkVesselsOption("synth"))
    .addHelpText(
      "after",
      `\nPresets:\n${presetHelp()}\n\nLengths are in the tree's unit (mm; µm for microscopy, stored in NIfTI's mm field).\n\n` +
        `Around a real mask: vessel-lab synth --label mask.nii.gz --preset brain-tof --seed 7 --out img.nii.gz --label-out lab.nii.gz\n` +
        `keeps the mask's grid; its partial-volume fraction is the mask itself (0/1), its flow the distance from its thickest vessel.`,
    )
    .action((flags: SynthFlags, command: Command) => {
      const { preset, seed, index, labelConvention, size } = flags;
      // synth writes NIfTI alone: another format's name would hold NIfTI bytes
      for (const [flag, path] of [
        ["--out", flags.out],
        ["--label-out", flags.labelOut],
        ["--fraction-out", flags.fractionOut],
        ["--centreline-out", flags.centrelineOut],
      ] as const)
        if (path && !/\.nii(\.gz)?$/i.test(path))
          throw new UsageError(
            `${flag} ${displayPath(path)}: synth writes NIfTI; name it .nii.gz (or .nii, uncompressed), then convert it to another format with vessel-lab convert`,
          );
      if (flags.label !== undefined && flags.darkVessels !== undefined)
        throw new UsageError("--dark-vessels sets the chance for grown trees; around --label the imaging is the preset's own: leave out --dark-vessels");
      if (flags.label !== undefined) return synthAroundLabel({ ...flags, label: flags.label }, { preset, seed, index, labelConvention }, command);
      checkWork(`synth --size ${size}`, { bytes: size ** 3 * SAMPLE_BYTES_PER_VOXEL, seconds: size ** 3 * SAMPLE_SECONDS_PER_VOXEL }, "give a smaller --size");
      const spec = sampleSpec(index, { seed, preset, size, fit: flags.fit === true, labelConvention, voxels: flags.voxels, darkVessels: flags.darkVessels });
      const sample = makeSample(spec);
      const t0 = performance.now();
      const targets: Partial<Record<SampleFileKind, string>> = {
        image: flags.out,
        label: flags.labelOut,
        fraction: flags.fractionOut,
        centerline: flags.centrelineOut,
      };
      const volumes = { image: sample.image, label: sample.label, fraction: sample.maps.fraction, centerline: sample.maps.centreline };
      // Uncompressed first; each file is gzipped (as `generate` does) unless its name ends in .nii.
      for (const file of encodeSample(sample, {
        fraction: !!flags.fractionOut,
        centreline: !!flags.centrelineOut,
        imageDtype: flags.imageDtype,
        compress: (nifti) => nifti,
      })) {
        const path = targets[file.kind];
        if (path) writeNiftiFile(path, file.bytes, volumes[file.kind]);
      }
      if (flags.paramsOut) writeOutput(flags.paramsOut, `${JSON.stringify(sample.record, null, 2)}\n`);
      const ms = performance.now() - t0;
      const { record, timings } = sample;
      const unit = record.grid.unit === "um" ? "µm" : "mm";
      process.stderr.write(
        `synth: ${record.preset} sample ${index} of seed ${seed} (sample seed ${record.seed}): ${record.content.segments.toLocaleString("en-US")} segments, ${record.content.vesselVoxels.toLocaleString("en-US")} vessel voxels (${(100 * record.content.vesselFraction).toFixed(2)} %)${record.labelConvention === "visible" ? " in the visible label" : ""}, ${record.grid.dims.join("×")} at ${describeSpacing(record.grid.spacing)} ${unit}; grow ${timings.grow.toFixed(0)} ms, voxelise ${timings.voxelise.toFixed(0)} ms, image ${timings.image.toFixed(0)} ms, write ${ms.toFixed(0)} ms → ${flags.out}\n`,
      );
    });
}
