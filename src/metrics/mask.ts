import { type Affine, type Vec3, type VoxelArray, affinesClose } from "../volume/index.js";

/** What a metric reads of a Volume: values (foreground = value > 0), dims and spacing (mm). A Volume is one. */
export interface VoxelGrid {
  data: VoxelArray;
  dims: Vec3;
  spacing: Vec3;
}

/** A binary voxel grid: 1 = foreground, 0 = background, x fastest. */
export interface Mask extends VoxelGrid {
  data: Uint8Array;
}

/** The foreground of `volume`: voxels whose value is > `threshold` (default 0, so any positive label counts; NaN is background). */
export function binarize(volume: VoxelGrid, threshold = 0): Mask {
  if (Number.isNaN(threshold)) throw new RangeError("binarize: threshold is NaN; give a number (voxels above it are foreground)");
  const data = new Uint8Array(volume.data.length);
  const src = volume.data;
  for (let n = 0; n < src.length; n++) data[n] = src[n] > threshold ? 1 : 0;
  return { data, dims: [...volume.dims] as Vec3, spacing: [...volume.spacing] as Vec3 };
}

/** How many voxels of `volume` are foreground (value > `threshold`, default 0): a mask's vessel voxels. */
export function foregroundCount(volume: { data: VoxelArray }, threshold = 0): number {
  if (Number.isNaN(threshold)) throw new RangeError("foregroundCount: threshold is NaN; give a number (voxels above it are counted)");
  const src = volume.data;
  let n = 0;
  for (let i = 0; i < src.length; i++) if (src[i] > threshold) n++;
  return n;
}

/**
 * The RangeError of two grids that differ (assertSameDims, assertSameAffine): `problem` says how, `message` adds the
 * library's fix (resampleToGrid), so a caller with a fix of its own (the CLI's --resample) can give that instead.
 */
export class GridMismatchError extends RangeError {
  constructor(readonly problem: string) {
    super(`${problem}; resample the prediction onto the label's grid first (resampleToGrid(pred, label, {order: 0}))`);
    this.name = "RangeError";
  }
}

/** Throws a GridMismatchError, naming both sizes and the fix, when `pred` and `label` differ in dims. */
export function assertSameDims(pred: VoxelGrid, label: VoxelGrid, who: string): void {
  if (pred.dims.length !== 3 || pred.dims.some((d, a) => d !== label.dims[a])) {
    throw new GridMismatchError(`${who}: the grids differ: prediction is ${pred.dims.join(" × ")} voxels, label ${label.dims.join(" × ")}`);
  }
  if (pred.data.length !== pred.dims[0] * pred.dims[1] * pred.dims[2] || label.data.length !== pred.data.length) {
    throw new RangeError(`${who}: data lengths ${pred.data.length} and ${label.data.length} do not match dims ${pred.dims.join(" × ")}`);
  }
}

/** Throws a GridMismatchError when two grids of equal dims sit differently in the world (affines differ by more than `tolerance` mm). */
export function assertSameAffine(pred: { affine: Affine }, label: { affine: Affine }, who: string, tolerance = 1e-3): void {
  if (!affinesClose(pred.affine, label.affine, tolerance)) {
    const show = (m: Affine) =>
      `[${m
        .slice(0, 12)
        .map((v) => +v.toFixed(4))
        .join(", ")}]`;
    throw new GridMismatchError(`${who}: the grids differ: same size but different affines (prediction ${show(pred.affine)}, label ${show(label.affine)})`);
  }
}
