/**
 * What the synthesiser reads from the voxeliser's label maps. `LabelMaps` from src/voxel
 * satisfies it; tests and callers with analytic inputs may leave the optional maps out.
 */
import type { Volume } from "../volume/index.js";

export interface ImagingLabels {
  /** Vessel fraction of each voxel, 0..1 (partial volume). */
  fraction: Volume<Float32Array>;
  /** fraction ≥ 0.5; derived from `fraction` when absent. */
  binary?: Volume<Uint8Array>;
  /** 0 background, 1 vessel, 2 stenosis, 3 aneurysm; all vessel when absent. */
  classes?: Volume<Uint8Array>;
  /** Path distance from the root along the vessels (tree unit), 0 elsewhere; no fading when absent. */
  flow?: Volume<Float32Array>;
}
