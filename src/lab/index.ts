export { STAGES, type Stage } from "./stages.js";
export { columnWidth } from "./columnWidth.js";
export { timeLeft, describeSeconds, progressText } from "./progressText.js";
export { queryNumber } from "./queryNumber.js";
export { keptSampleId } from "./keptSampleId.js";
export { threadReport, currentThreadReport, type ThreadReport } from "./environment.js";
export { readTreeState, writeTreeState, treeLink, growCommand, treeInWords, DEFAULT_SEED, type TreeState } from "./treeState.js";
export { REAL_SCANS, fetchNifti, readScanFile, type RealScan, type LoadedScan } from "./realScans.js";
export {
  synthesiseFromTree,
  defaultModality,
  patchVoxelRange,
  synthesisSearch,
  synthesisFromSearch,
  type SynthesisRequest,
  type SynthesisResult,
} from "./synthesis.js";
export { TUNABLES, darkVesselsIn, tunedOverrides, tunedValues, tunableStep, withDarkVesselsOverride, type Tunable } from "./imagingTunables.js";
export { checkBudget, cropToFit, downsampleToFit, fitToBudget, BYTES_PER_VOXEL, DEFAULT_BUDGET_BYTES, type BudgetCheck } from "./volumeBudget.js";
export { shiftDomain, DOMAIN_SHIFTS, type DomainShift } from "./offDomain.js";
export {
  loadVolume,
  loadingVolume,
  readingWords,
  type LoadOptions,
  type VolumeState,
  type SeriesChoice,
  volumeRequestOf,
  writeVolumeChoice,
  VOLUME_SOURCES,
  type VolumeSource,
  type VolumeRequest,
  type VolumeChoice,
  type LoadedVolume,
  type SampleMaker,
  type DemoVolumeUrls,
  type FilesReader,
} from "./volumeSources.js";
export { readYourFiles, type YourFiles } from "./yourFiles.js";
export { DEMO_VOLUME, demoVolumeCommand, demoVolumeDetail, demoVolumeFiles } from "./demoVolume.js";
export { ScanUnavailableError, isScanUnavailable, scanUnavailable } from "./scanUnavailable.js";
export { compareBaselines, scoreMask, type BaselineRun, type CompareOptions, type MaskScore } from "./compareBaselines.js";
export { RADIUS_BINS, labelRadiusHistogram, radiusHistogram, type RadiusHistogram } from "./radiusHistogram.js";
export { REAL_RADII } from "./realRadii.js";
export { fitScan, valuesInVoxels, type FitMaskSource, type FitScanOptions, type FitScanResult, type FitScanCallbacks, type FitValues } from "./fitScan.js";
export { shareHistogram, likeSummary, type ShareBin, type ShareHistogram } from "./fitView.js";
export { fitTable, imagingNote, modalityNote, type FitTableRow } from "../fit/index.js";
export { fitGrowState, fitSynthesiseLink, fitSourceOf, fitFileText, generateLikeCommand, type SynthesiseLink, type FitSource } from "./fitLinks.js";
export {
  FIT_BUDGET,
  DEFAULT_FIT_SETTINGS,
  readFitSettings,
  writeFitSettings,
  readFitPresets,
  writeFitPresets,
  readFitModality,
  writeFitModality,
  writeFitChoice,
  fitMaskOf,
  fitLabelOf,
  defaultFitLabel,
  withFitDefaults,
  type FitSettings,
} from "./fitSettings.js";
export { LAB_PAGES, TREE_PAGES, VOLUME_PAGES, PAGE_KEYS, PAGE_SIZES, pageOfPath, carriedSearch, pageSize, urlNotes, type LabPage } from "./carryState.js";
export { EFFECT_NAMES, TUNABLE_NAMES, MODALITY_NAMES, SHIFT_NAMES, RECONSTRUCT_NAMES, SHOWN_NAMES, SYNTHESISE_NAMES, type PlainName } from "./plainNames.js";
export { sha256Hex, isSha256Hex } from "./sha256.js";
export { LAB_VERSION } from "./labVersion.js";
export {
  REPORT_BUDGET_BYTES,
  checkReport,
  reportModelOf,
  parseReportModels,
  svgProblem,
  escapeHtml,
  urlParameters,
  describeBytes,
  reportBytes,
  figureSize,
  reportFileName,
  reportHtml,
  type ReportDescription,
  type ReportBlock,
  type ReportModel,
  type ReportFile,
  type ReportSetting,
} from "./report.js";
export {
  LESSON_SIZE,
  LESSON_PRESETS,
  EFFECT_GROUPS,
  THRESHOLDS,
  effectsOff,
  lessonSample,
  labelCost,
  busiestSlice,
  thresholdDice,
  learnThreshold,
  randomisationExperiment,
  type LessonPreset,
  type EffectGroup,
  type LessonSampleOptions,
  type LessonSample,
  type LabelCost,
  type RandomisationOptions,
  type RandomisationRun,
} from "./lesson.js";
export {
  BATCH_METHODS,
  batchItemChoice,
  batchSummary,
  evaluateBatch,
  generatedBatch,
  keptBatch,
  summaryBars,
  type BatchCase,
  type BatchFailure,
  type BatchItem,
  type BatchMethod,
  type BatchOptions,
  type BatchResult,
  type BatchRunners,
  type GeneratedBatch,
  type GroupMean,
  type WorstCase,
} from "./batchEvaluation.js";
export { segmentCommand } from "./segmentCommand.js";
