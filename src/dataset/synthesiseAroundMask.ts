/**
 * An image around a given binary vessel mask: a real vessel geometry (a mask drawn on a real
 * scan) becomes a labelled test volume of any modality. The imaging parameters are drawn exactly
 * as makeSample draws them for sample `index` of the data set (`seed`, `preset`): the same
 * sampleSpec, so the same modality, effects and noise seed as `vessel-lab synth --preset P
 * --seed S --index i`. Nothing else of that sample is used: no tree is grown, and the voxel
 * size is the mask's, not drawn. The parameters are then fitted to the mask (fitImagingToMask:
 * anisotropic voxels, the body outline around the vessels) and the image is made from the mask's
 * label maps (imagingLabelsFromMask). Image and label keep the mask's dims, spacing and affine. The label is
 * the binarised mask, or with `labelConvention: "visible"` its visible extent in this image (sampleLabel).
 *
 * Units: the imaging works in voxels, so the mask's unit does not change the image. The record
 * names the preset's unit (mm, or µm for microscopy, whose masks store µm in NIfTI's mm field as
 * vessel-lab's own files do).
 */
import { synthesiseImage, type ImagingParams, type Modality } from "../imaging/index.js";
import type { Affine, Vec3, Volume } from "../volume/index.js";
import { imagingLabelsFromMask, type MaskLabelMaps } from "../voxel/index.js";
import { fitImagingToMask } from "./fitImagingToMask.js";
import { sampleLabel, type LabelConvention } from "./labelConvention.js";
import type { SamplePresetName } from "./samplePresets.js";
import { sampleSpec } from "./sampleSpec.js";

export const MASK_SAMPLE_FORMAT = "vessel-lab/mask-sample";
export const MASK_SAMPLE_VERSION = 1;

export interface MaskSampleOptions {
  /** The data set's seed (default 1). */
  seed?: number;
  /** Which sample's imaging draw (default 0). */
  index?: number;
  /** A sample preset, or "mix" to draw one for the index (default "mix", as sampleSpec). */
  preset?: SamplePresetName | "mix";
  /** "lumen" (default): the label is the binarised mask; "visible": its visible extent in the image. */
  labelConvention?: LabelConvention;
}

/** Plain JSON: what made the image. `synthesiseImage(imagingLabelsFromMask(mask), imaging.params, imaging.seed)` makes it again. */
export interface MaskSampleRecord {
  format: typeof MASK_SAMPLE_FORMAT;
  version: typeof MASK_SAMPLE_VERSION;
  index: number;
  datasetSeed: number;
  /** sampleSeed(datasetSeed, index). */
  seed: number;
  preset: SamplePresetName;
  modality: Modality;
  /** The parameters used: drawn for the preset, then fitted to the mask. */
  imaging: { seed: number; params: ImagingParams };
  /** Which voxels the label marks. */
  labelConvention: LabelConvention;
  /** The mask's grid, kept by image and label. */
  grid: { dims: Vec3; spacing: Vec3; affine: Affine; unit: "mm" | "um" };
  /** Vessel voxels of the label, and the voxel the flow map's fading starts from. */
  content: { vesselVoxels: number; vesselFraction: number; flowRoot: Vec3 };
}

export interface MaskSample {
  image: Volume<Float32Array>;
  /** The binarised mask (value > 0 → 1), or its visible extent; uint8 on the mask's grid. */
  label: Volume<Uint8Array>;
  /** The imaging parameters used (record.imaging.params). */
  params: ImagingParams;
  maps: MaskLabelMaps;
  record: MaskSampleRecord;
  /** Milliseconds: deriving the label maps, making the image. */
  timings: { maps: number; image: number };
}

export function synthesiseAroundMask(mask: Volume, options: MaskSampleOptions = {}): MaskSample {
  const { seed = 1, index = 0, preset = "mix", labelConvention } = options;
  const spec = sampleSpec(index, { seed, preset, labelConvention });
  const t0 = performance.now();
  const maps = imagingLabelsFromMask(mask);
  const t1 = performance.now();
  const params = fitImagingToMask(spec.imaging.params, maps.binary);
  const image = synthesiseImage(maps, params, spec.imaging.seed);
  const label = sampleLabel(maps, params, spec.labelConvention);
  const t2 = performance.now();
  const b = label.data;
  let vesselVoxels = 0;
  for (let v = 0; v < b.length; v++) vesselVoxels += b[v];
  const record: MaskSampleRecord = {
    format: MASK_SAMPLE_FORMAT,
    version: MASK_SAMPLE_VERSION,
    index: spec.index,
    datasetSeed: spec.datasetSeed,
    seed: spec.seed,
    preset: spec.preset,
    modality: spec.modality,
    imaging: { seed: spec.imaging.seed, params },
    labelConvention: spec.labelConvention!,
    grid: { dims: [...mask.dims] as Vec3, spacing: [...mask.spacing] as Vec3, affine: [...mask.affine], unit: spec.tree.params.unit === "um" ? "um" : "mm" },
    content: { vesselVoxels, vesselFraction: vesselVoxels / b.length, flowRoot: maps.flowRoot },
  };
  return { image, label, params, maps, record, timings: { maps: t1 - t0, image: t2 - t1 } };
}
