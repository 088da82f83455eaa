export {
  SAMPLE_PRESETS,
  SAMPLE_PRESET_NAMES,
  isSamplePreset,
  growSameTree,
  samplePresetUnit,
  checkSamplePreset,
  type SamplePreset,
  type SamplePresetName,
  type VoxelPolicy,
} from "./samplePresets.js";
export { GROWTH_RANDOMISATION, randomiseGrowth, type GrowthRange } from "./randomiseGrowth.js";
export {
  SAMPLE_FORMAT,
  SAMPLE_VERSION,
  VOXEL_SCALINGS,
  sampleSeed,
  sampleSpec,
  resolveSampleOptions,
  type SampleOptions,
  type SampleSpec,
  type VoxelScaling,
} from "./sampleSpec.js";
export { WIDE_VOXELS, drawWideVoxels, wideVoxelSize, type WideVoxelDraw, type WideVoxelPolicy } from "./wideVoxels.js";
export { sampleGrid } from "./sampleGrid.js";
export { LABEL_CONVENTIONS, DEFAULT_LABEL_CONVENTION, checkLabelConvention, sampleLabel, type LabelConvention } from "./labelConvention.js";
export { makeSample, sampleGeometry, type Sample, type SampleGeometry, type SampleRecord } from "./makeSample.js";
export {
  SAMPLE_FILE_KINDS,
  SAMPLE_FOLDERS,
  DEFAULT_IMAGE_DTYPE,
  sampleFileName,
  encodeSample,
  type Compress,
  type EncodeOptions,
  type SampleFile,
  type SampleFileKind,
} from "./encodeSample.js";
export {
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  manifestHeader,
  manifestName,
  parseManifest,
  incompatibility,
  parseShard,
  shardIndices,
  mergeManifests,
  manifestText,
  type DatasetSettings,
  type Shard,
  type ManifestHeader,
  type ManifestFile,
  type ManifestEntry,
  type ParsedManifest,
} from "./manifest.js";
export { placeBody } from "./placeBody.js";
export { fitImagingToMask, fitAcquisitionToSpacing } from "./fitImagingToMask.js";
export {
  synthesiseAroundMask,
  MASK_SAMPLE_FORMAT,
  MASK_SAMPLE_VERSION,
  type MaskSample,
  type MaskSampleOptions,
  type MaskSampleRecord,
} from "./synthesiseAroundMask.js";
export {
  LIKE_FORMAT,
  LIKE_VERSION,
  LIKE_MODALITY_VERSION,
  LIKE_DARK_VERSION,
  LIKE_GROWTH,
  LIKE_IMAGING,
  LIKE_BOUNDS,
  VOXEL_JITTER,
  checkLike,
  drawLikeVoxels,
  likeGrowth,
  likeImaging,
  likeDims,
  likeModality,
  withModality,
  withDarkVessels,
  type LikeParams,
  type LikeVoxelDraw,
  type LikeGrowthKey,
  type LikeImagingKey,
} from "./likeScan.js";
