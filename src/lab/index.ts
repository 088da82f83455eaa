export { STAGES, type Stage } from "./stages.js";
export { threadReport, currentThreadReport, type ThreadReport } from "./environment.js";
export { readTreeState, writeTreeState, treeLink, growCommand, DEFAULT_SEED, type TreeState } from "./treeState.js";
export { REAL_SCANS, fetchNifti, readNiftiFile, type RealScan, type LoadedScan } from "./realScans.js";
export { synthesiseFromTree, defaultModality, synthesisSearch, synthesisFromSearch, type SynthesisRequest, type SynthesisResult } from "./synthesis.js";
export { TUNABLES, tunedOverrides, type Tunable } from "./imagingTunables.js";
export { checkBudget, cropToFit, downsampleToFit, fitToBudget, BYTES_PER_VOXEL, DEFAULT_BUDGET_BYTES, type BudgetCheck } from "./volumeBudget.js";
export { shiftDomain, DOMAIN_SHIFTS, type DomainShift } from "./offDomain.js";
export { loadVolume, volumeRequestOf, writeVolumeChoice, VOLUME_SOURCES, type VolumeSource, type VolumeRequest, type VolumeChoice, type LoadedVolume, type SampleMaker } from "./volumeSources.js";
