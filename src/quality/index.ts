export { centroidBox, cropAroundCentroid } from "./cropAroundCentroid.js";
export { REAL_GEOMETRY_PRESETS, realGeometryPreset } from "./realGeometry.js";
export { type MethodScore, type QualityMethod, type ScoreOptions, QUALITY_METHODS, scoreMethods } from "./scoreMethods.js";
