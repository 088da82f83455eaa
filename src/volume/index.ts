export { type Volume, type VoxelArray, type Vec3, type Affine, voxelCount, axisAlignedAffine, createVolume, index3 } from "./volume.js";
