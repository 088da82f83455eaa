import type { Command } from "commander";
import { resolve } from "node:path";
import { UsageError } from "./errors.js";
import { VOLUME_FORMAT_NAMES, formatOfName, formatSize } from "../volume/index.js";
import { checkOutputName, displayPath, encodeVolume, escapeName, readVolumeFile, writeOutput, SCAN_FILE_NAMES, SERIES_HELP } from "./files.js";

interface ConvertFlags {
  in: string;
  out: string;
  series?: string;
}

/** `vessel-lab convert`: a scan or mask from one format to another, voxels and world placement unchanged. */
export function registerConvert(program: Command): void {
  program
    .command("convert")
    .description(
      "rewrite a scan or mask in another format (NIfTI, MetaImage, NRRD, TIFF): the same voxel values, type (a scaled NIfTI's as float) and placement in the world",
    )
    .requiredOption("--in <file>", `the file to read (${SCAN_FILE_NAMES}), or a folder of one DICOM series`)
    .requiredOption("--out <file>", "the file to write, its format by its name: .nii.gz, .nii, .mha, .nrrd or .tif")
    .option("--series <number>", SERIES_HELP)
    .addHelpText(
      "after",
      "\nMetaImage and NRRD keep world coordinates in LPS (as ITK and 3D Slicer do), NIfTI in RAS; the affine is turned, not the voxels, so\n" +
        "every viewer shows the converted file where it showed the original. NIfTI-only fields (description, intent) are not carried; a NIfTI\n" +
        "stored with scl_slope/scl_inter is written with its scaled values, as float32 (or float64), since vessel-lab writes no scale factor.\n" +
        "A TIFF stack (Fiji, ImageJ, napari) keeps the voxels and their size, as ImageJ's calibration, but no orientation or origin: one page per z slice.",
    )
    .action((flags: ConvertFlags) => {
      if (resolve(flags.in) === resolve(flags.out)) throw new UsageError(`--out ${flags.out} is the --in file; write the converted file elsewhere`);
      checkOutputName(flags.out, "--out");
      const { volume, layout } = readVolumeFile(flags.in, "--in", { command: "convert", series: flags.series, offersSeries: true });
      const bytes = encodeVolume(flags.out, volume);
      writeOutput(flags.out, bytes);
      process.stderr.write(
        `convert: ${escapeName(displayPath(flags.in))} (${VOLUME_FORMAT_NAMES[layout.format]}) → ${displayPath(flags.out)} (${VOLUME_FORMAT_NAMES[formatOfName(flags.out)]}), ${volume.dims.join("×")} ${volume.data.constructor.name.replace("Array", "").toLowerCase()}, ${formatSize(bytes.length)}\n`,
      );
    });
}
