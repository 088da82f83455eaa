import type { Command } from "commander";
import { foregroundCount } from "../metrics/index.js";
import { gridForTree, gridFromBox, voxeliseCpu, MAX_GRID_SIZE } from "../voxel/index.js";
import { NIFTI_INTENT } from "../volume/index.js";
import { UsageError } from "./errors.js";
import { checkOutputName, encodeVolume, readTreeFile, writeOutput } from "./files.js";
import { flagOption, nonNegativeNumber, olderSpelling, positiveInteger, positiveNumber } from "./options.js";

interface VoxeliseFlags {
  tree: string;
  out: string;
  size?: number;
  voxelSize?: number;
  margin: number;
  fractionOut?: string;
  centrelineOut?: string;
  classesOut?: string;
  flowOut?: string;
}

/** `vessel-lab voxelise` (also `voxelize`, its older spelling): a tree JSON → label volumes as NIfTI (CPU reference path). */
export function registerVoxelise(program: Command): void {
  program
    .command("voxelise")
    .alias("voxelize")
    .description("turn a tree (from `grow`) into label volumes: binary label, partial-volume fractions, classes, centreline (NIfTI)")
    .requiredOption("--tree <file>", "tree JSON written by `vessel-lab grow`")
    .requiredOption(
      "--out <file>",
      "binary vessel label (uint8: 1 where the vessel fills ≥ half the voxel); every output is NIfTI (.nii.gz, .nii), MetaImage (.mha), NRRD (.nrrd) or a TIFF stack (.tif) by its name",
    )
    .addOption(flagOption("--size <n>", `cubic grid of n³ voxels fitted around the tree, isotropic (2–${MAX_GRID_SIZE})`, positiveInteger))
    .addOption(flagOption("--voxel-size <mm>", "instead of --size: voxel size in the tree's unit, over the tree's bounding box", positiveNumber))
    .addOption(flagOption("--margin <voxels>", "empty voxels kept around the tree with --size", nonNegativeNumber, 1))
    .option("--fraction-out <file>", "partial-volume map (.nii.gz, float32: fraction of each voxel inside a vessel)")
    .option("--centreline-out <file>", "centreline map (.nii.gz, uint8)")
    .addOption(olderSpelling("--centerline-out <file>", "--centreline-out"))
    .option("--classes-out <file>", "class map (.nii.gz, uint8: 0 background, 1 vessel, 2 stenosis, 3 aneurysm)")
    .option("--flow-out <file>", "path length from the root along the vessels (.nii.gz, float32)")
    .addHelpText(
      "after",
      "\nThe older spellings `voxelize` and --centerline-out still work.\n\nCoordinates: the NIfTI affine maps voxel indices to the tree's coordinates (mm, or µm for µm presets), taken as RAS+; sform and qform code 1.",
    )
    .action((flags: VoxeliseFlags) => {
      if (flags.size !== undefined && flags.voxelSize !== undefined) throw new UsageError("give either --size or --voxel-size, not both");
      for (const [flag, path] of [
        ["--out", flags.out],
        ["--fraction-out", flags.fractionOut],
        ["--centreline-out", flags.centrelineOut],
        ["--classes-out", flags.classesOut],
        ["--flow-out", flags.flowOut],
      ] as const)
        if (path) checkOutputName(path, flag);
      const tree = readTreeFile(flags.tree, "--tree");
      const grid =
        flags.voxelSize !== undefined ? gridFromBox(tree.bounds, flags.voxelSize) : gridForTree(tree, { size: flags.size ?? 128, margin: flags.margin });
      const t0 = performance.now();
      const maps = voxeliseCpu(tree, grid);
      const ms = performance.now() - t0;
      const description = `vessel-lab ${tree.generator.preset} seed ${tree.generator.seed}`;
      const unitNote = tree.unit === "um" ? " (lengths in µm, stored as NIfTI mm units)" : "";
      writeOutput(flags.out, encodeVolume(flags.out, maps.binary, { description, intent: { code: NIFTI_INTENT.label, name: "vessel" } }));
      if (flags.fractionOut)
        writeOutput(
          flags.fractionOut,
          encodeVolume(flags.fractionOut, maps.fraction, { description, intent: { code: NIFTI_INTENT.estimate, name: "fraction" } }),
        );
      if (flags.centrelineOut)
        writeOutput(
          flags.centrelineOut,
          encodeVolume(flags.centrelineOut, maps.centreline, { description, intent: { code: NIFTI_INTENT.label, name: "centreline" } }),
        );
      if (flags.classesOut)
        writeOutput(flags.classesOut, encodeVolume(flags.classesOut, maps.classes, { description, intent: { code: NIFTI_INTENT.label, name: "classes" } }));
      if (flags.flowOut)
        writeOutput(flags.flowOut, encodeVolume(flags.flowOut, maps.flow, { description, intent: { code: NIFTI_INTENT.estimate, name: "flow" } }));
      const vessel = foregroundCount(maps.binary);
      process.stderr.write(
        `voxelise: ${grid.dims.join("×")} voxels of ${grid.spacing.map((s) => +s.toPrecision(4)).join("×")} ${tree.unit}${unitNote}, ${vessel.toLocaleString("en-US")} vessel voxels (${((100 * vessel) / maps.binary.data.length).toFixed(2)} %), ${ms.toFixed(0)} ms on the CPU\n`,
      );
    });
}
