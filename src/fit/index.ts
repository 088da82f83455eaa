export { WINDOWS, measureMask, statsOf, maskStats, windowStats, type MaskStats, type MaskMeasures, type Spread } from "./maskStats.js";
export { imageStats, imageStatsProblem, type ImageStats } from "./imageStats.js";
export { fitDepth, fitSampleSize, fitWindow, measureScan, scanStats } from "./scanStats.js";
export { FIT_STATISTICS, MISSING_TERM, statDistance, type FitStatistic, type ScanStats, type StatDistance } from "./statDistance.js";
export { sampleImageStats, sampleSetStats, mixSetStats, mixPreset, medianImageStats, type SampleSetOptions, type SampleSetStats } from "./sampleStats.js";
export {
  FIT_FORMAT,
  FIT_VERSION,
  FINAL_SEED_OFFSET,
  VALIDATION_SEED_OFFSET,
  fitSimulator,
  type FitOptions,
  type FitResult,
  type ModalityTried,
} from "./fitSimulator.js";
export { fitTable, fitTableText, type FitTableRow } from "./fitTable.js";
export { presetsAlike, modalityNote, type ModalityChoice } from "./presetsAlike.js";
export { imagingNote, type ImagingNoteWords } from "./imagingNote.js";
export { unitCubeSearch, UNIT_SEARCH_DEFAULTS, type UnitSearchOptions, type UnitSearchResult } from "./unitSearch.js";
