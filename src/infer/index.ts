export {
  type ModelCard,
  type ModelSpacing,
  type OutputKind,
  DEFAULT_MODEL_CARD,
  DEFAULT_RADIUS_VOXELS,
  MAX_OVERLAP,
  MAX_SPACING_FACTOR,
  describeSpacing,
  labelConventionOf,
  modelSpacing,
  parseModelCard,
  parseSpacing,
  parseSpacingFactor,
  withOverlap,
} from "./modelCard.js";
export { type ModelIo, resolveModelIo } from "./resolveModelIo.js";
export { type TileDims, type RunTile, type InferProgress } from "./runTile.js";
export { type NormalisedVolume, percentileNormalise } from "./percentileNormalise.js";
export { resampleForModel, resampleToInput } from "./resampleForModel.js";
export { type PaddedVolume, padForModel, cropPadding } from "./padForModel.js";
export { tileStarts } from "./tileStarts.js";
export { gaussianImportance } from "./gaussianImportance.js";
export { type SlidingWindowOptions, slidingWindow } from "./slidingWindow.js";
export { thresholdVolume } from "./thresholdVolume.js";
export { type FieldOfView, type FieldOfViewOptions, dilateBox, fieldOfView } from "./fieldOfView.js";
export { fieldOfViewTiles } from "./fieldOfViewTiles.js";
export { type SegmentOptions, type SegmentResult, backgroundNote, segmentVolume } from "./segmentVolume.js";
export { type PreparedVolume, prepareForModel } from "./prepareForModel.js";
export { mirrorIntensities } from "./mirrorIntensities.js";
export {
  type VesselPolarity,
  type DarkChoice,
  DARK_FLAG,
  POLARITY_MARGIN,
  POLARITY_MAX_VOXELS,
  POLARITY_RADII,
  TOP_FRACTION,
  describePolarity,
  polarityHint,
  polarityBlocks,
  vesselPolarity,
} from "./vesselPolarity.js";
export { cubeMask, cubeMaskOf, maskedCellCount } from "./cubeMask.js";
export { type MaskOptions, type ReconstructOptions, type ReconstructResult, reconstructVolume } from "./reconstructVolume.js";
export { type AdaptOptions, type AdaptResult, type AdaptStep, type RunAdapted, adaptToScan } from "./adaptToScan.js";
export { type AdaptedMaskCheck, checkAdaptedMask, describeMaskChange } from "./checkAdaptedMask.js";
export { type OrtModule, type RunModel, OrtModel } from "./ortModel.js";
export { yieldToEvents } from "./yieldToEvents.js";
export { type LogField, FIELD_FLOOR, estimateLogField, fieldCoordinate, fieldStride, logFieldSpan, logFieldValues } from "./biasField.js";
export {
  type AdaptInputResult,
  type InputMeasure,
  type InputRule,
  type InputTransform,
  type InputTrial,
  AMBIGUOUS,
  ENTROPY_FLOOR,
  BIAS_FLOOR,
  BIAS_SIGMA,
  INPUT_RULE,
  adaptInput,
  ambiguity,
  describeInputAdaptation,
  describeTransform,
  flipScan,
  foregroundEntropy,
  inconsistency,
  inputSegmentations,
  transformScan,
} from "./adaptInput.js";
