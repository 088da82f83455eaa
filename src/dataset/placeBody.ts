/**
 * Puts the imaging's body outline (head, trunk) where the tree's organ is. The imaging stage
 * draws the body as an ellipsoid in fractions of the field of view, which suits a whole-tree
 * image but not a patch: a 50 mm patch of a brain would show a whole small "head". Here the
 * ellipsoid becomes the growth domain's (centred on the origin, extents domainX/Y/Z), a little
 * larger (`margin`, so the vessels lie inside the tissue), expressed in the grid's fractions:
 * in a patch the outline is mostly outside the field of view, as in a real scan. A patch a few
 * millimetres wide of a 200 mm organ gives radii of a hundred fields of view and more; they are
 * kept as they are (until stop 58 they were cut to 10 with the centre left where it was, which put
 * the whole of such a patch, vessels included, in the air outside the body: about a fifth of the
 * wide-voxel samples of the brain, liver, kidney and coronary presets drew no tissue at all).
 */
import type { VesselTree } from "../geometry/index.js";
import type { ImagingParams } from "../imaging/index.js";
import type { GridSpec } from "../voxel/index.js";

export function placeBody(params: ImagingParams, tree: VesselTree, grid: GridSpec, margin = 1.12): ImagingParams {
  if (!params.body.enabled) return params;
  const g = tree.generator.params as { domainX?: number; domainY?: number; domainZ?: number; domain?: string };
  const extents = [g.domainX, g.domainY, g.domainZ];
  if (extents.some((e) => !(typeof e === "number" && e > 0))) return params;
  const sphere = g.domain === "sphere";
  const center = [0, 1, 2].map((a) => {
    const fov = grid.dims[a] * grid.spacing[a];
    // The imaging puts fraction c at voxel c·n − 0.5, i.e. world origin[a] + (c·n − 0.5)·spacing.
    return (0 - grid.origin[a]) / fov + 0.5 / grid.dims[a];
  }) as [number, number, number];
  const radii = [0, 1, 2].map((a) => {
    const fov = grid.dims[a] * grid.spacing[a];
    const half = (sphere ? (extents[0] as number) : (extents[a] as number)) / 2;
    return (half * margin) / fov;
  }) as [number, number, number];
  return { ...params, body: { ...params.body, center, radii } };
}
