export { type VesselRadius, type VesselRadiusOptions, RADIUS_STEPS_VOXELS, vesselRadius } from "./vesselRadius.js";
export { type ChosenSpacing, chooseSpacing, resolveAutoSpacing, spacingFactor } from "./chooseSpacing.js";
export { type ReconstructionScale, reconstructionScale } from "./reconstructionScale.js";
