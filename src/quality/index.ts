export { centroidBox, cropAroundCentroid } from "./cropAroundCentroid.js";
export { REAL_GEOMETRY_PRESETS, realGeometryPreset } from "./realGeometry.js";
export { vesselContrast } from "./vesselContrast.js";
export {
  type MethodMask,
  type MethodScore,
  type QualityMethod,
  type ScoreOptions,
  QUALITY_METHODS,
  methodMasks,
  scoreMasks,
  scoreMethods,
} from "./scoreMethods.js";
export {
  type MeasureOptions,
  type QualityCase,
  type QualityMetric,
  type QualityPlan,
  type QualityRow,
  type RealVolume,
  SYNTHETIC_SEED,
  SYNTHETIC_SIZE,
  cardSegmenter,
  measureQuality,
  qualityFigure,
} from "./measureQuality.js";
export { type DecodedPicture, type SetRow, decodePicture, presetBars, setRows, setTitle, verdict } from "./reportView.js";
