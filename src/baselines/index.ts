export { type BaselineMethod, type BaselineOptions, type BaselineResult, BASELINE_METHODS, OTSU_SMOOTHING_VOXELS, baselineMask } from "./baselineMask.js";
export { type OtsuOptions, otsuThreshold } from "./otsuThreshold.js";
