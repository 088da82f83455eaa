/**
 * How large a scan the page segments: segmentation holds about a dozen float32 copies of the volume at once (the
 * scan, its normalised copy, the padded model grid, blended output and weights, probability, mask), plus the
 * runtime. Beyond the budget the page says so and offers a centre crop or a 2× downsampling, never a silent failure.
 */
import {
  type DicomSeriesLayout,
  VOLUME_HEAD_BYTES,
  type Vec3,
  type Volume,
  type VolumeLayout,
  cropVolume,
  formatSize,
  isDicom,
  isTiff,
  resampleVolume,
  SeveralSeries,
  tiffLayout,
  volumeLayout,
} from "../volume/index.js";
import { type FilesReadOptions, dicomFileSeries } from "./dicomFiles.js";

/** Bytes the page needs per voxel of the scan while segmenting it (measured peak ≈ 40; rounded up). */
export const BYTES_PER_VOXEL = 48;
/** The default budget: 1 GiB of working memory, about 22 million voxels (e.g. 280³). */
export const DEFAULT_BUDGET_BYTES = 2 ** 30;

export interface BudgetCheck {
  voxels: number;
  /** Estimated working memory, bytes. */
  bytes: number;
  fits: boolean;
  /** The largest voxel count that fits. */
  maxVoxels: number;
  /** What to say when it does not fit (null when it does). */
  message: string | null;
}

/** `task`: what the page does with the volume ("segment", "fit"), and `command` the CLI command that does it without the limit. */
export function checkBudget(
  dims: readonly number[],
  budgetBytes = DEFAULT_BUDGET_BYTES,
  { task = "segment", command = "vessel-lab segment" }: { task?: string; command?: string } = {},
): BudgetCheck {
  const voxels = dims.reduce((a, b) => a * b, 1);
  const bytes = voxels * BYTES_PER_VOXEL;
  const maxVoxels = Math.floor(budgetBytes / BYTES_PER_VOXEL);
  const fits = voxels <= maxVoxels;
  const side = Math.floor(Math.cbrt(maxVoxels));
  const message = fits
    ? null
    : `This volume (${dims.join("×")} = ${(voxels / 1e6).toFixed(1)} million voxels) needs about ${formatSize(bytes)} to ${task} in the browser, more than the ${formatSize(budgetBytes)} the page allows itself. Volumes up to ${(maxVoxels / 1e6).toFixed(0)} million voxels (about ${side}³) work: crop it to its centre, or downsample it, below; or ${task} it with the CLI (${command}), which has no such limit.`;
  return { voxels, bytes, fits, maxVoxels, message };
}

/** The centre of `volume` with at most `maxVoxels` voxels (each axis shrunk by the same factor; the affine keeps its place). */
export function cropToFit<T extends Volume>(volume: T, maxVoxels: number): T {
  const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
  if (voxels <= maxVoxels) return volume;
  const f = Math.cbrt(maxVoxels / voxels);
  const size = volume.dims.map((n) => Math.max(1, Math.floor(n * f))) as Vec3;
  const start = volume.dims.map((n, a) => Math.floor((n - size[a]) / 2)) as Vec3;
  return cropVolume(volume, start, start.map((s, a) => s + size[a]) as Vec3) as T;
}

/** `volume` resampled (trilinear) to coarser voxels, by the smallest power of two per step that fits `maxVoxels`. */
export function downsampleToFit(volume: Volume, maxVoxels: number): Volume {
  let factor = 1;
  const voxels = volume.dims[0] * volume.dims[1] * volume.dims[2];
  while (voxels / factor ** 3 > maxVoxels) factor *= 2;
  if (factor === 1) return volume;
  return resampleVolume(volume, volume.spacing.map((s) => s * factor) as Vec3, { order: 1 });
}

/**
 * A scan and its label made to fit `maxVoxels`, as the Segment and Reconstruct pages offer it: unchanged when it
 * fits; else both cropped to their centre, or the scan downsampled and the label dropped (a label resampled to
 * coarser voxels is no longer the truth to score a mask against).
 */
export function fitToBudget(
  scan: { volume: Volume; label: Volume | null },
  maxVoxels: number,
  how: "crop" | "downsample" = "crop",
): { volume: Volume; label: Volume | null } {
  const { volume, label } = scan;
  if (volume.dims[0] * volume.dims[1] * volume.dims[2] <= maxVoxels) return { volume, label };
  if (how === "downsample") return { volume: downsampleToFit(volume, maxVoxels), label: null };
  return { volume: cropToFit(volume, maxVoxels), label: label && cropToFit(label, maxVoxels) };
}

/** Bytes of a file the page reads to know its header: a gzip header with a long name, then the NIfTI header; or a MetaImage or NRRD text header. */
export const HEADER_SLICE_BYTES = VOLUME_HEAD_BYTES;

/**
 * A file's layout with what working it out already read, for readScanFile to decode from, so nothing is read twice: a
 * TIFF's bytes, a DICOM series' parsed slices and its files' size.
 */
export type FileLayout = VolumeLayout & { bytes?: Uint8Array; series?: DicomSeriesLayout; fileBytes?: number };

/**
 * What a scan file (NIfTI, MetaImage, NRRD or TIFF) or a DICOM series' files will cost, before any voxel is decoded:
 * its layout, and an Error when merely reading it would take more than `budgetBytes` (the page would not get as far as
 * offering a crop or a downsampling). A file whose reading fits but whose segmentation does not is decoded, then
 * checkBudget offers those. NIfTI, MetaImage and NRRD are known from their first bytes; a TIFF's page directories may
 * lie anywhere in it, and a DICOM series' geometry is in every file, so those are read whole once their size fits, and
 * what was read comes back with the layout (FileLayout).
 */
export async function checkFileBudget(
  given: (Blob & { name?: string }) | readonly File[],
  budgetBytes = DEFAULT_BUDGET_BYTES,
  options: FilesReadOptions = {},
): Promise<FileLayout> {
  if (Array.isArray(given) && given.length > 1) return checkSeriesBudget(given, budgetBytes, options);
  const file: Blob & { name?: string } = Array.isArray(given) ? given[0] : given;
  const head = new Uint8Array(await file.slice(0, HEADER_SLICE_BYTES).arrayBuffer());
  const name = file.name ?? "the file";
  if (isDicom(head)) return checkSeriesBudget([file as File], budgetBytes, options); // one enhanced file, or one slice (told to bring the rest)
  let layout: FileLayout;
  try {
    if (isTiff(head) && file.size > budgetBytes) {
      throw new Error(
        `this ${formatSize(file.size)} TIFF is more than the ${formatSize(budgetBytes)} the page allows itself, so it was not opened. Crop or downsample it first (Fiji: Image ▸ Scale…), or segment it with the CLI (vessel-lab segment).`,
      );
    }
    if (isTiff(head)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      layout = { ...tiffLayout(bytes), bytes };
    } else layout = volumeLayout(head);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
  return withinBudget(layout, name, budgetBytes);
}

/** Several files: one DICOM series, whose files are read for their headers once their sizes fit (compressed pixels decoded only when they fit too). */
async function checkSeriesBudget(files: readonly File[], budgetBytes: number, options: FilesReadOptions): Promise<FileLayout> {
  // the files are refused by the DICOM files' size before those are read (dicomFileSeries): a folder's other files do not count
  const name = files.length === 1 ? (files[0].name ?? "the file") : `${files.length} files`;
  let layout: FileLayout;
  try {
    const { series, layout: seriesLayout, bytes } = await dicomFileSeries(files, budgetBytes, options);
    layout = { ...seriesLayout, series, fileBytes: bytes };
  } catch (error) {
    const message = `${name}: ${(error as Error).message}`;
    throw error instanceof SeveralSeries ? new SeveralSeries(message, error.series, error.damaged) : new Error(message);
  }
  return withinBudget(layout, name, budgetBytes);
}

/** The layout, or an Error when reading its volume takes more than `budgetBytes`. */
function withinBudget(layout: FileLayout, name: string, budgetBytes: number): FileLayout {
  if (layout.readBytes > budgetBytes) {
    const side = Math.floor(Math.cbrt(budgetBytes / BYTES_PER_VOXEL));
    throw new Error(
      `${name}: this volume (${layout.dims.join("×")} ${layout.typeName} = ${(layout.voxels / 1e6).toFixed(1)} million voxels) takes ${formatSize(layout.readBytes)} just to read, more than the ${formatSize(budgetBytes)} the page allows itself, so it was not opened. Downsample or crop it first (e.g. to about ${side}³ with nibabel's img.slicer[::2, ::2, ::2]), or segment it with the CLI (vessel-lab segment).`,
    );
  }
  return layout;
}
