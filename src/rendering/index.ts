export { pipelineFigure } from "./pipelineFigure.js";
export { keyValueTable } from "./keyValueTable.js";
export { tubeGeometry, CLASS_COLORS } from "./tubeGeometry.js";
export {
  exportTreeMesh,
  exportSurfaceMesh,
  MESH_FORMATS,
  SURFACE_FORMATS,
  SURFACE_SPACES,
  type MeshFormat,
  type SurfaceFormat,
  type SurfaceSpace,
} from "./meshExport.js";
export { maskSurface, surfaceMeasures, type Surface, type MaskSurfaceOptions } from "./maskSurface.js";
export { treeView, type TreeView } from "./treeView.js";
export { niceLength, lengthLabel } from "./scaleBar.js";
export { sliceOf, mipOf, fullestSlice, windowOf, planeAxes, AXIS_NAMES, type Axis, type Image2D } from "./sliceData.js";
export { imageCanvas, LABEL_OVERLAY_COLOR, type ImageCanvasOptions } from "./imageCanvas.js";
export { volumeView, volumeToBytes, type VolumeView } from "./volumeView.js";
export { progressView, type ProgressView } from "./progressView.js";
export { paramForm, type ParamForm } from "./paramForm.js";
export { downloadButton, saveFile } from "./downloadButton.js";
export { html, svg } from "./html.js";
export { sampleTable, type SampleTableActions } from "./sampleTable.js";
export { fileDrop, filesOfEntries } from "./fileDrop.js";
export { volumePicker, type VolumePicker } from "./volumePicker.js";
export { readingView, type ReadingView } from "./readingView.js";
export { seriesChooser } from "./seriesChooser.js";
export { scanUnavailableNote } from "./scanUnavailableNote.js";
export { blank } from "./blank.js";
export {
  type TileOverlap,
  TILE_OVERLAPS,
  PAGE_OVERLAP,
  overlapWords,
  tileOverlapFromQuery,
  tileOverlapInput,
  tileOverlapLabel,
  writeTileOverlap,
} from "./tileOverlapInput.js";
export {
  type VesselContrast,
  VESSEL_CONTRASTS,
  projectedScan,
  projectionCaption,
  vesselsFromQuery,
  vesselsInput,
  VESSELS_CHOICE,
  polarityView,
  vesselsLabel,
  writeVessels,
} from "./vesselsInput.js";
export { type VoxelScale, VOXEL_SCALES, defaultVoxelScale, spacingOfScale, voxelScaleInput, voxelScaleLabel, writeVoxelScale } from "./voxelScaleInput.js";
export { CONFUSION_COLORS, type Rgb, type ConfusionCanvasOptions, confusionCanvas, confusionLegend } from "./confusionCanvas.js";
export { confusionSlice, confusionMip } from "./confusionImages.js";
export { comparisonViews, type ComparisonPlane, type ComparisonViewsOptions } from "./comparisonViews.js";
export { comparisonTable, type ComparisonRow } from "./comparisonTable.js";
export { presetDiceChart, METHOD_COLOURS } from "./presetDiceChart.js";
export { methodLabel, compareFromQuery, compareInput, writeCompare } from "./compareInput.js";
export { fitStatsTable } from "./fitStatsTable.js";
export { hiddenErrorImage, hiddenErrorRange, type HiddenErrorImage } from "./hiddenErrorImage.js";
export {
  hiddenErrorCanvas,
  hiddenErrorColor,
  hiddenErrorPixels,
  hiddenErrorView,
  HIDDEN_ERROR_GREY,
  HIDDEN_ERROR_OUTLINE,
  type HiddenErrorCanvasOptions,
  type HiddenErrorPixelOptions,
  type HiddenErrorViewOptions,
} from "./hiddenErrorCanvas.js";
export { colorBar, colorBarTicks, type ColorBarOptions, type ColorBarTick } from "./colorBar.js";
export { plainLabel, technicalNames } from "./plainLabel.js";
export { carryStateLinks, carryLink, CARRY_SELECTOR } from "./carryStateLinks.js";
export {
  pageReport,
  describePage,
  REPORT_MODEL_ATTRIBUTE,
  REPORT_FILE_ATTRIBUTE,
  REPORT_SKIP_ATTRIBUTE,
  REPORT_LEGEND_ATTRIBUTE,
  type PageReport,
} from "./pageReport.js";
export { reportControls, REPORT_BAR_ID } from "./reportControls.js";
