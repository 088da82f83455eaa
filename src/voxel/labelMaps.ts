import { createVolume, type Volume } from "../volume/index.js";
import { gridAffine, type GridSpec } from "./grid.js";

/** The volumes a tree becomes, all on one grid. */
export interface LabelMaps {
  /** Fraction of each voxel inside a vessel, 0..1 (partial volume). */
  fraction: Volume<Float32Array>;
  /** fraction ≥ 0.5. */
  binary: Volume<Uint8Array>;
  /** 0 background, 1 vessel, 2 stenosis, 3 aneurysm (LABEL_CLASS), where binary is 1. */
  classes: Volume<Uint8Array>;
  /** 1 where a vessel's centreline passes through the voxel. */
  centreline: Volume<Uint8Array>;
  /** Path length from the root along the tree at the vessel covering the voxel most (tree unit), 0 outside vessels. */
  flow: Volume<Float32Array>;
}

export function emptyLabelMaps(grid: GridSpec): LabelMaps {
  const affine = gridAffine(grid);
  return {
    fraction: createVolume(Float32Array, grid.dims, grid.spacing, affine),
    binary: createVolume(Uint8Array, grid.dims, grid.spacing, affine),
    classes: createVolume(Uint8Array, grid.dims, grid.spacing, affine),
    centreline: createVolume(Uint8Array, grid.dims, grid.spacing, affine),
    flow: createVolume(Float32Array, grid.dims, grid.spacing, affine),
  };
}

/** Fills `binary` (fraction ≥ 0.5) and clears `classes` where it is 0. Shared by both paths. */
export function finishLabelMaps(maps: LabelMaps): LabelMaps {
  const f = maps.fraction.data,
    b = maps.binary.data,
    c = maps.classes.data;
  for (let v = 0; v < f.length; v++) {
    const inside = f[v] >= 0.5 ? 1 : 0;
    b[v] = inside;
    if (!inside) c[v] = 0;
  }
  return maps;
}
