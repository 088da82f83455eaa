/**
 * A sample as NIfTI files: the image (int16 with scl_slope/scl_inter by default, as scanners store
 * images; or float32; in the modality's units either way), the binary label (uint8: `sample.label`, else
 * the lumen, `maps.binary`), and on request the partial-volume fraction (float32) and the centreline (uint8).
 * Compression is the caller's choice (the CLI uses Node's zlib, which is faster than fflate):
 * `compress` gets the uncompressed .nii bytes and the volume, and returns the .nii.gz bytes.
 */
import { gzip, NIFTI_INTENT, writeNifti, type NiftiStoredType, type Volume } from "../volume/index.js";
import type { Sample } from "./makeSample.js";

/**
 * The kinds of file of a sample: the keys of a manifest line's `files`. "centerline" (and its folder "centerlines") keeps
 * the spelling data sets were written with: it is part of the data-set format, which readers of existing data sets rely on.
 */
export const SAMPLE_FILE_KINDS = ["image", "label", "fraction", "centerline"] as const;
export type SampleFileKind = (typeof SAMPLE_FILE_KINDS)[number];

/** The folder of each kind of file inside a data set's folder. */
export const SAMPLE_FOLDERS: Readonly<Record<SampleFileKind, string>> = { image: "images", label: "labels", fraction: "fractions", centerline: "centerlines" };

/** How a data set's images are stored by default: int16 + scaling, half the bytes of float32. */
export const DEFAULT_IMAGE_DTYPE: NiftiStoredType = "int16";

export type Compress = (nifti: Uint8Array, volume: Volume) => Uint8Array;

export interface EncodeOptions {
  /** Also write the partial-volume fraction map. */
  fraction?: boolean;
  /** Also write the centreline map. */
  centreline?: boolean;
  /**
   * The image's stored type (default DEFAULT_IMAGE_DTYPE, "int16"): "int16" quantises its range
   * onto −32767…32767 with scl_slope/scl_inter (a step of range / 65534, far below the noise);
   * "float32" stores the values exactly.
   */
  imageDtype?: NiftiStoredType;
  /** .nii → .nii.gz (default: fflate's gzip, level 6). */
  compress?: Compress;
}

export interface SampleFile {
  kind: SampleFileKind;
  /** Relative to the data set's folder, with "/" separators: "images/sample-000012.nii.gz". */
  path: string;
  bytes: Uint8Array;
  /** The NIfTI datatype stored: "int16", "float32" or "uint8". */
  dtype: string;
}

/** "sample-000012.nii.gz": six digits at least, so that names sort by index. */
export function sampleFileName(index: number): string {
  return `sample-${String(index).padStart(6, "0")}.nii.gz`;
}

export function encodeSample(sample: Pick<Sample, "maps" | "image" | "record"> & Partial<Pick<Sample, "label">>, options: EncodeOptions = {}): SampleFile[] {
  const { record, maps, image } = sample;
  const compress = options.compress ?? ((nifti) => gzip(nifti));
  const description = `vessel-lab ${record.preset} sample ${record.index} seed ${record.seed}`;
  const name = sampleFileName(record.index);
  const file = (kind: SampleFileKind, volume: Volume, intent: { code: number; name: string }, dtype: string, stored?: NiftiStoredType): SampleFile => ({
    kind,
    path: `${SAMPLE_FOLDERS[kind]}/${name}`,
    bytes: compress(writeNifti(volume, { gzip: false, description, intent, dtype: stored }), volume),
    dtype,
  });
  const imageDtype = options.imageDtype ?? DEFAULT_IMAGE_DTYPE;
  const files = [
    file("image", image, { code: NIFTI_INTENT.none, name: record.modality }, imageDtype, imageDtype),
    file("label", sample.label ?? maps.binary, { code: NIFTI_INTENT.label, name: "vessel" }, "uint8"),
  ];
  if (options.fraction) files.push(file("fraction", maps.fraction, { code: NIFTI_INTENT.estimate, name: "fraction" }, "float32"));
  if (options.centreline) files.push(file("centerline", maps.centreline, { code: NIFTI_INTENT.label, name: "centreline" }, "uint8"));
  return files;
}
