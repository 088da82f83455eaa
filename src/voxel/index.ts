export { type GridSpec, gridForTree, gridFromBox, gridAffine, MAX_GRID_SIZE } from "./grid.js";
export { coverage, supportRadius } from "./coverage.js";
export { type LabelMaps, emptyLabelMaps } from "./labelMaps.js";
export { localPrimitives, smoothingWidth } from "./primitives.js";
export { voxelizeCpu, voxelizePrimitivesCpu } from "./cpu.js";
export { segmentHitsBox } from "./centerline.js";
export { binPrimitives, brickCounts, BRICK, type Bricks } from "./bricks.js";
export { GpuVoxelizer, type GpuVoxelizeOptions } from "./gpu.js";
export { voxelize, type VoxelizeResult } from "./voxelize.js";
