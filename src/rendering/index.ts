export { pipelineFigure } from "./pipelineFigure.js";
export { keyValueTable } from "./keyValueTable.js";
export { tubeGeometry, CLASS_COLORS } from "./tubeGeometry.js";
export { exportTreeMesh, MESH_FORMATS, type MeshFormat } from "./meshExport.js";
export { treeView, type TreeView } from "./treeView.js";
export { niceLength, lengthLabel } from "./scaleBar.js";
export { sliceOf, mipOf, windowOf, planeAxes, AXIS_NAMES, type Axis, type Image2D } from "./sliceData.js";
export { imageCanvas, type ImageCanvasOptions } from "./imageCanvas.js";
export { volumeView, volumeToBytes, type VolumeView } from "./volumeView.js";
