/**
 * A mask's boundary (or a probability map's level set) as a closed triangle mesh in world millimetres, for a 3D
 * printer, a CFD mesher or a viewer that reads meshes (3D Slicer, ParaView, Blender).
 *
 * Marching cubes (vtk.js's ImageMarchingCubes, Kitware's port of VTK's, its points merged: every edge is shared by
 * exactly two triangles, wound one way) on the box of the voxels at or above `level`, with one voxel around it:
 * - a volume of whole values (a mask of 0 and 1 or 0 and 255, a label map) is meshed as the voxels at or above the
 *   level against the others, so the surface lies half-way between them whatever the values (and whatever level
 *   between or at them: 1 and 0.5 mesh a 0/1 mask alike);
 * - fractional values (a probability map, a resampled mask) are interpolated: the surface passes where they cross
 *   the level, smoothly.
 * Outside the grid (and at voxels that are not finite) the box holds what lies as far below the level as the grid's
 * highest value lies above it, so a vessel cut by the scan's face is closed half a voxel beyond its last voxels, as
 * between its own voxels. Vertices go through the volume's affine (RAS+), triangles are wound so their normals point
 * out of the vessels (reversed where the affine turns a left-handed grid right-handed).
 *
 * With `smooth` (0…1) the surface is then relaxed in world millimetres by vtk.js's windowed-sinc low-pass filter, as
 * 3D Slicer smooths the surfaces it makes of segmentations: 20 iterations, pass band 10^(−4·smooth) (0.01 at 0.5), the
 * coordinates normalised, so it smooths a staircase away at the same strength on any grid; vertices move, the
 * triangles stay, so the surface stays closed and wound outward.
 *
 * vtk.js is loaded on the first call (a dynamic import), so a page that never makes a mesh never fetches it.
 */
import { valueRange, voxelBox, type Volume } from "../volume/index.js";

export interface Surface {
  /** x, y, z of each vertex, world mm (RAS+, the volume's affine). */
  positions: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside the vessels. */
  indices: Uint32Array;
}

export interface MaskSurfaceOptions {
  /** Voxels at or above it are inside (0.5: every voxel of a mask or label map > 0, or a probability map at 0.5). */
  level?: number;
  /** How much to smooth the surface: 0 (not at all, marching cubes as it is) … 1. */
  smooth?: number;
}

export async function maskSurface(volume: Volume, { level = 0.5, smooth = 0 }: MaskSurfaceOptions = {}): Promise<Surface> {
  if (!(smooth >= 0 && smooth <= 1)) throw new RangeError(`maskSurface: smooth = ${smooth}; give a factor from 0 (none) to 1 (0.5 smooths as 3D Slicer does)`);
  if (!Number.isFinite(level)) throw new RangeError(`maskSurface: level = ${level}; give a finite value (0.5 for a mask of 0 and 1 or a probability map)`);
  const { data, dims, affine } = volume;
  const [nx, ny, nz] = dims;
  const { min, max, whole } = valueRange(data);
  const found = voxelBox(dims, (v) => data[v] >= level);
  if (!found)
    throw new RangeError(
      `maskSurface: no voxel reaches level ${level} (the largest value is ${Number.isFinite(max) ? max : "none: no finite voxel"}): the mask is empty, so it has no surface`,
    );
  const { lo, hi } = found;
  // the box, one voxel wider on each side: whole values as inside (1) or not (0), fractional ones as they are (float64:
  // a value just under the level stays under it); outside the grid and at voxels that are not finite, as far below
  // the level as the highest value lies above it
  const contour = whole ? 0.5 : level;
  const outside = whole ? 0 : Math.min(min, 2 * level - max);
  const [bx, by, bz] = [0, 1, 2].map((a) => hi[a] - lo[a] + 3);
  const box = new Float64Array(bx * by * bz);
  for (let z = 0, b = 0; z < bz; z++) {
    const k = lo[2] - 1 + z;
    for (let y = 0; y < by; y++) {
      const j = lo[1] - 1 + y;
      for (let x = 0; x < bx; x++, b++) {
        const i = lo[0] - 1 + x;
        const inGrid = i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
        const value = inGrid ? data[i + nx * (j + ny * k)] : NaN;
        box[b] = !Number.isFinite(value) ? outside : whole ? (value >= level ? 1 : 0) : value;
      }
    }
  }
  const [{ default: vtkDataArray }, { default: vtkImageData }, { default: vtkImageMarchingCubes }] = await Promise.all([
    import("@kitware/vtk.js/Common/Core/DataArray.js"),
    import("@kitware/vtk.js/Common/DataModel/ImageData.js"),
    import("@kitware/vtk.js/Filters/General/ImageMarchingCubes.js"),
  ]);
  const image = vtkImageData.newInstance();
  image.setDimensions(bx, by, bz);
  // (vtk.js's declarations leave out the data-set methods its classes inherit)
  (image as unknown as { getPointData(): { setScalars(a: unknown): void } })
    .getPointData()
    .setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values: box }));
  const filter = vtkImageMarchingCubes.newInstance({ contourValue: contour, computeNormals: false, mergePoints: true });
  filter.setInputData(image);
  let output = quietly(() => filter.getOutputData()) as unknown as VtkPolyData;
  const points = output.getPoints().getData();
  const polys = output.getPolys().getData();
  // box coordinates → voxel indices → world
  const [a00, a01, a02, t0, a10, a11, a12, t1, a20, a21, a22, t2] = affine;
  let positions = new Float32Array(points.length);
  for (let p = 0; p < points.length; p += 3) {
    const i = points[p] + lo[0] - 1,
      j = points[p + 1] + lo[1] - 1,
      k = points[p + 2] + lo[2] - 1;
    positions[p] = a00 * i + a01 * j + a02 * k + t0;
    positions[p + 1] = a10 * i + a11 * j + a12 * k + t1;
    positions[p + 2] = a20 * i + a21 * j + a22 * k + t2;
  }
  if (smooth > 0) {
    const { default: vtkWindowedSincPolyDataFilter } = await import("@kitware/vtk.js/Filters/General/WindowedSincPolyDataFilter.js");
    output.getPoints().setData(positions, 3);
    const smoother = vtkWindowedSincPolyDataFilter.newInstance({
      numberOfIterations: 20,
      passBand: 10 ** (-4 * smooth),
      boundarySmoothing: 0,
      featureEdgeSmoothing: 0,
      nonManifoldSmoothing: 1,
      normalizeCoordinates: 1,
    });
    smoother.setInputData(output as never);
    output = quietly(() => smoother.getOutputData()) as unknown as VtkPolyData;
    positions = Float32Array.from(output.getPoints().getData());
  }
  const flip = a00 * (a11 * a22 - a12 * a21) - a01 * (a10 * a22 - a12 * a20) + a02 * (a10 * a21 - a11 * a20) < 0;
  const triangles = polys.length / 4; // [3, a, b, c] per triangle
  const indices = new Uint32Array(3 * triangles);
  for (let t = 0, c = 0; t < triangles; t++, c += 4) {
    if (polys[c] !== 3) throw new Error(`maskSurface: marching cubes gave a ${polys[c]}-sided cell; expected triangles only`);
    indices[3 * t] = polys[c + 1];
    indices[3 * t + 1] = polys[c + (flip ? 3 : 2)];
    indices[3 * t + 2] = polys[c + (flip ? 2 : 3)];
  }
  return { positions, indices };
}

/** What maskSurface reads of vtk.js's polygon data (its declarations leave these out). */
interface VtkPolyData {
  getPoints(): { getData(): ArrayLike<number>; setData(data: Float32Array, components: number): void };
  getPolys(): { getData(): ArrayLike<number> };
}

/**
 * `run` with console.time, timeEnd and log silenced: vtk.js's filters time themselves and log a note where the
 * smoother finds no optimal offset, which would land in a CLI's output and a page's console.
 */
function quietly<T>(run: () => T): T {
  const { time, timeEnd, log } = console;
  console.time = console.timeEnd = console.log = () => {};
  try {
    return run();
  } finally {
    Object.assign(console, { time, timeEnd, log });
  }
}

/** The surface's area (mm²) and the volume it encloses (mm³, by the divergence theorem: positive when wound outward). */
export function surfaceMeasures({ positions: p, indices }: Surface): { area: number; volume: number } {
  let area = 0,
    volume = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t],
      b = 3 * indices[t + 1],
      c = 3 * indices[t + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    area += Math.hypot(nx, ny, nz) / 2;
    volume += (p[a] * nx + p[a + 1] * ny + p[a + 2] * nz) / 6;
  }
  return { area, volume };
}
