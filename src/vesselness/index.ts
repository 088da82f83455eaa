export { type VesselnessResult, type VesselnessRunOptions, vesselness } from "./vesselness.js";
export {
  type VesselnessMethod,
  type VesselnessOptions,
  type ResolvedVesselnessOptions,
  VESSELNESS_METHODS,
  FRANGI_C_FRACTION,
  defaultRadii,
  frangiContrast,
  resolveVesselnessOptions,
} from "./vesselnessOptions.js";
export { type Hessian, hessianAt, hessianAtScale, hessianNorms } from "./hessian.js";
export { type SmoothOptions, smoothVolume, smoothVoxels, VESSELNESS_TRUNCATE } from "./smoothVolume.js";
export { scaleResponse } from "./scaleResponse.js";
export { blockAverage, blockFactors, coarseSigma, forEachUpsampled } from "./pyramid.js";
export { type GaussianKernel, gaussianKernel } from "./gaussianKernel.js";
export { type Axis, convolveAxis, reflectIndex } from "./convolveAxis.js";
export { symmetricEigenvalues } from "./eigenvalues.js";
export { frangiResponse, satoResponse, SATO_ALPHA1, SATO_ALPHA2 } from "./responses.js";
export { GpuVesselness } from "./gpu.js";
