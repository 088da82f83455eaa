/**
 * One sample from its recipe: grow the tree, voxelise it on the sample's grid and label it (sampleGeometry), synthesise
 * the image. `record` is what a manifest keeps (plain JSON, the same bytes every time: no timings);
 * `makeSample(record)` makes the sample again.
 */
import { growTree, type VesselTree } from "../geometry/index.js";
import { synthesiseImage, type ImagingParams } from "../imaging/index.js";
import type { Vec3, Volume } from "../volume/index.js";
import { voxeliseCpu, type GridSpec, type LabelMaps } from "../voxel/index.js";
import { sampleGrid } from "./sampleGrid.js";
import { fitAcquisitionToSpacing } from "./fitImagingToMask.js";
import { placeBody } from "./placeBody.js";
import { sampleLabel } from "./labelConvention.js";
import { SAMPLE_FORMAT, SAMPLE_VERSION, type SampleSpec } from "./sampleSpec.js";

export interface SampleRecord extends SampleSpec {
  /** Where the volumes lie: voxel (0,0,0)'s centre at `origin`, in the tree's unit (mm, or µm for microscopy). */
  grid: { dims: Vec3; spacing: Vec3; origin: Vec3; unit: VesselTree["unit"] };
  /** What came out: segments and pathologies of the tree, vessel voxels of the label (its convention's). */
  content: { segments: number; pathologies: number; vesselVoxels: number; vesselFraction: number };
}

export interface Sample {
  tree: VesselTree;
  maps: LabelMaps;
  image: Volume<Float32Array>;
  /** The label the files hold: maps.binary (the lumen) or, with spec.labelConvention "visible", the visible label. */
  label: Volume<Uint8Array>;
  record: SampleRecord;
  /** Milliseconds per stage (not part of the record: they differ from run to run). */
  timings: { grow: number; voxelise: number; image: number };
}

export function makeSample(spec: SampleSpec): Sample {
  if (!spec || spec.format !== SAMPLE_FORMAT || spec.version !== SAMPLE_VERSION)
    throw new TypeError(`makeSample: spec must be a ${SAMPLE_FORMAT} version ${SAMPLE_VERSION} record from sampleSpec(index, options)`);
  const g = sampleGeometry(spec);
  const { tree, grid, maps, imaging: imagingParams, label } = g;
  const t3 = performance.now();
  const image = synthesiseImage(maps, imagingParams, spec.imaging.seed);
  const t4 = performance.now();
  let vesselVoxels = 0;
  const binary = label.data; // an indexed loop: for…of over a typed array took ~17 ms at 128³
  for (let i = 0; i < binary.length; i++) vesselVoxels += binary[i];
  const { grid: _g, content: _c, ...recipe } = spec as SampleRecord;
  const record: SampleRecord = {
    ...recipe,
    imaging: { ...recipe.imaging, params: imagingParams },
    grid: { dims: grid.dims, spacing: grid.spacing, origin: grid.origin, unit: tree.unit },
    content: {
      segments: tree.nodes.length - tree.nodes.filter((n) => n.parent < 0).length,
      pathologies: tree.pathologies.length,
      vesselVoxels,
      vesselFraction: vesselVoxels / maps.binary.data.length,
    },
  };
  return { tree, maps, image, label, record, timings: { ...g.timings, image: g.timings.label + (t4 - t3) } };
}

/** One sample's geometry, the first half of makeSample: its maps, the imaging parameters fitted to its grid and its label. */
export interface SampleGeometry {
  spec: SampleSpec;
  tree: VesselTree;
  grid: GridSpec;
  maps: LabelMaps;
  imaging: ImagingParams;
  label: Volume<Uint8Array>;
  /** Milliseconds: growth, voxelisation, the label. */
  timings: { grow: number; voxelise: number; label: number };
}

/** Grow, voxelise and label one sample without synthesising its image (what a statistic of the labels needs). */
export function sampleGeometry(spec: SampleSpec): SampleGeometry {
  if (!spec || spec.format !== SAMPLE_FORMAT || spec.version !== SAMPLE_VERSION)
    throw new TypeError(`sampleGeometry: spec must be a ${SAMPLE_FORMAT} version ${SAMPLE_VERSION} record from sampleSpec(index, options)`);
  const t0 = performance.now();
  const tree = growTree({ preset: spec.tree.preset, seed: spec.tree.seed, params: spec.tree.params });
  const t1 = performance.now();
  const grid = sampleGrid(tree, spec);
  const maps = voxeliseCpu(tree, grid);
  const t2 = performance.now();
  // Thick slices (a wide sample's anisotropy) keep the drawn blur and slice thickness in mm. A record (it has its grid)
  // holds the fitted parameters already: fitting is not idempotent, placing the body is.
  const placed = placeBody(spec.imaging.params, tree, grid);
  const imaging = "grid" in spec ? placed : fitAcquisitionToSpacing(placed, grid.spacing);
  const label = sampleLabel(maps, imaging, spec.labelConvention);
  const t3 = performance.now();
  return { spec, tree, grid, maps, imaging, label, timings: { grow: t1 - t0, voxelise: t2 - t1, label: t3 - t2 } };
}
