export { growTree, type GrowOptions } from "./grow.js";
export { PARAM_SPECS, paramSpec, type GrowParams, type ParamSpec, type ParamGroup, type DomainKind, type RootLayout } from "./params.js";
export { PRESETS, DEFAULT_PRESET, type Preset } from "./presets.js";
export { resolveParams } from "./resolveParams.js";
export { createDomain, type Domain } from "./domain.js";
export { daughterRadii, optimalAngles, murrayResidual } from "./murray.js";
export { createSpatialGrid, type SpatialGrid } from "./spatialGrid.js";
export { treeStats, type TreeStats } from "./stats.js";
export { distribution, type Distribution } from "./distribution.js";
export { treeToJSON, parseTree } from "./serialize.js";
export { treeToCSV } from "./csv.js";
export { segmentDistanceSq, dot, cross, length, normalise } from "./vec3.js";
export {
  TREE_FORMAT,
  TREE_VERSION,
  LABEL_CLASS,
  PRIMITIVE_STRIDE,
  treePrimitives,
  type VesselTree,
  type TreeNode,
  type Branch,
  type Blob,
  type Pathology,
  type PathologyKind,
  type LabelClass,
  type LengthUnit,
  type Primitives,
} from "./tree.js";
