export { type Volume, type VoxelArray, type Vec3, type Affine, voxelCount, axisAlignedAffine, createVolume, index3 } from "./volume.js";
export { multiplyAffines, invertAffine, transformPoint, affineColumnNorms, affinesClose } from "./affine.js";
export { readNifti, decodeNifti } from "./nifti.js";
export { readNiftiHeader, type NiftiHeader } from "./niftiHeader.js";
export { writeNifti, NIFTI_INTENT, type WriteNiftiOptions } from "./writeNifti.js";
export { qformToAffine, affineToQform, type Qform } from "./niftiQform.js";
export { isGzip, gzip, gunzip } from "./gzip.js";
