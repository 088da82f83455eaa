/**
 * `vessel-lab synth --label FILE`: an image of a preset's modality around a given binary vessel
 * mask, on the mask's grid (dims, spacing, affine), so real vessel geometries become labelled
 * test volumes. The engine's synthesiseAroundMask does the work; this reads and writes files.
 */
import type { Command } from "commander";
import { basename } from "node:path";
import { synthesiseAroundMask, type LabelConvention, type SamplePresetName } from "../dataset/index.js";
import { NIFTI_INTENT, writeNifti, type NiftiStoredType, type Volume } from "../volume/index.js";
import { checkMask, maskCentreline } from "../voxel/index.js";
import { writeNiftiFile } from "./datasetFiles.js";
import { UsageError } from "./errors.js";
import { displayPath, readVolumeInput, writeOutput } from "./files.js";

/** The synth flags that make a grid of their own, so they do not go with --label. */
const GRID_FLAGS = ["size", "fit"] as const;

export interface SynthLabelFlags {
  label: string;
  out: string;
  labelOut?: string;
  fractionOut?: string;
  centrelineOut?: string;
  paramsOut?: string;
  imageDtype: NiftiStoredType;
}

/** The mask in `path`, read and checked; every problem is a UsageError naming --label and the file. */
export function readLabelMask(path: string): Volume {
  const mask = readVolumeInput(path, "--label", { command: "synth --label" });
  try {
    checkMask(mask, `--label ${displayPath(path)}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return mask;
}

export function synthAroundLabel(
  flags: SynthLabelFlags,
  options: { preset: SamplePresetName | "mix"; seed: number; index: number; labelConvention?: LabelConvention },
  command: Command,
): void {
  for (const flag of GRID_FLAGS) {
    if (command.getOptionValueSource(flag) === "cli")
      throw new UsageError(`--${flag} does not go with --label: the image keeps the label's grid (dims, spacing, affine); leave --${flag} out`);
  }
  const mask = readLabelMask(flags.label);
  const sample = synthesiseAroundMask(mask, options);
  const t0 = performance.now();
  const { record } = sample;
  const description = `vessel-lab ${record.preset} around a mask, sample ${record.index} seed ${record.seed}`;
  // Gzipped as `generate` does, unless the name ends in .nii.
  const write = (path: string | undefined, volume: Volume, intent: { code: number; name: string }, dtype?: NiftiStoredType): void => {
    if (!path) return;
    writeNiftiFile(path, writeNifti(volume, { gzip: false, description, intent, dtype }), volume);
  };
  write(flags.out, sample.image, { code: NIFTI_INTENT.none, name: record.modality }, flags.imageDtype);
  write(flags.labelOut, sample.label, { code: NIFTI_INTENT.label, name: "vessel" });
  write(flags.fractionOut, sample.maps.fraction, { code: NIFTI_INTENT.estimate, name: "fraction" });
  if (flags.centrelineOut) write(flags.centrelineOut, maskCentreline(sample.label), { code: NIFTI_INTENT.label, name: "centreline" });
  if (flags.paramsOut) writeOutput(flags.paramsOut, `${JSON.stringify(record, null, 2)}\n`);
  const ms = performance.now() - t0;
  const { grid, content } = record;
  const unit = grid.unit === "um" ? "µm" : "mm";
  process.stderr.write(
    `synth: ${record.preset} image around ${basename(flags.label)} (sample ${record.index} of seed ${record.datasetSeed}, sample seed ${record.seed}): ${content.vesselVoxels.toLocaleString("en-US")} vessel voxels (${(100 * content.vesselFraction).toFixed(2)} %)${record.labelConvention === "visible" ? " in the visible label" : ""}, ${grid.dims.join("×")} at ${grid.spacing.map((s) => +s.toPrecision(4)).join("×")} ${unit}; maps ${sample.timings.maps.toFixed(0)} ms, image ${sample.timings.image.toFixed(0)} ms, write ${ms.toFixed(0)} ms → ${flags.out}\n`,
  );
}
