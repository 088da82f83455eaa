/**
 * The one voxel-grid type of the project. Label maps, images, probabilities and masks are
 * all Volumes: a flat typed array with x varying fastest, its dimensions, the voxel size in
 * mm, and the affine that maps voxel indices (i, j, k) to world coordinates in mm (RAS+, as
 * NIfTI's sform). NIfTI I/O maps to and from it in one module (src/volume/nifti.ts).
 */
export type VoxelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export type Vec3 = [number, number, number];

/** Row-major 4×4 matrix as 16 numbers; the last row is [0, 0, 0, 1]. */
export type Affine = number[];

export interface Volume<T extends VoxelArray = VoxelArray> {
  data: T;
  /** Number of voxels along x, y, z. */
  dims: Vec3;
  /** Voxel size in mm along x, y, z. */
  spacing: Vec3;
  /** Voxel index → world (mm). Defaults to diag(spacing) with the origin at 0. */
  affine: Affine;
}

export function voxelCount(dims: Vec3): number {
  return dims[0] * dims[1] * dims[2];
}

/** The affine of an axis-aligned grid: world = origin + index · spacing. */
export function axisAlignedAffine(spacing: Vec3, origin: Vec3 = [0, 0, 0]): Affine {
  return [spacing[0], 0, 0, origin[0], 0, spacing[1], 0, origin[1], 0, 0, spacing[2], origin[2], 0, 0, 0, 1];
}

/** A Volume of the given array type, zero-filled. Throws a RangeError on non-positive or non-integer dims. */
export function createVolume<T extends VoxelArray>(
  ArrayType: { new (length: number): T },
  dims: Vec3,
  spacing: Vec3 = [1, 1, 1],
  affine: Affine = axisAlignedAffine(spacing),
): Volume<T> {
  for (let a = 0; a < 3; a++) {
    if (!Number.isInteger(dims[a]) || dims[a] < 1) throw new RangeError(`createVolume: dims[${a}] = ${dims[a]}; each dimension must be a positive integer`);
    if (!(spacing[a] > 0) || !Number.isFinite(spacing[a]))
      throw new RangeError(`createVolume: spacing[${a}] = ${spacing[a]}; voxel sizes must be positive finite mm`);
  }
  return { data: new ArrayType(voxelCount(dims)), dims: [...dims] as Vec3, spacing: [...spacing] as Vec3, affine: [...affine] };
}

/** Linear index of voxel (i, j, k), x fastest. */
export function index3(dims: Vec3, i: number, j: number, k: number): number {
  return i + dims[0] * (j + dims[1] * k);
}
