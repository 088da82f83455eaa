/**
 * What a scan's intensities say about its acquisition, read against a vessel mask of it (the label, or the model's or
 * the vesselness mask): the vessel-to-background contrast, the noise level and the blur. All three are unit-free, so a
 * CT in HU, an MRA in arbitrary units and a synthetic image in [0, 1] compare:
 *
 * - range: the 1st to 99th percentile of the whole scan, the unit of contrast;
 * - contrast: (median over the vessel voxels − median over the background) / range, the background being the voxels
 *   more than 2 voxels (finest side) from any vessel voxel;
 * - noise: the background's voxel-to-voxel noise over the vessel-to-background step (1 / the contrast-to-noise ratio): 1.4826 × the median absolute deviation of each background
 *   voxel minus the mean of its 3×3×3 block, × √(27/26) (the block's mean holds 1/27 of the voxel's own noise), so white
 *   noise of standard deviation σ reads σ; a smooth background (texture, bias) does not count;
 * - blur: the width of the vessels' edges, in finest voxels: a step of height C blurred by a Gaussian of σ has a
 *   steepest gradient C / (σ√(2π)), so σ ≈ (vessel − background) / (√(2π) × g), g the median gradient magnitude (per
 *   finest voxel, central differences) over the mask's boundary voxels. Thin vessels, whose peak stays under the step,
 *   read wider than they are; the same reading is applied to the scan and to the simulator's images, so they compare.
 *
 * A scan whose background was masked to one value (skull-stripped MRA, CT with the air set to one value) is read inside
 * its field of view only (src/infer's fieldOfView, as segment and the baselines read it): its masked zeros would make
 * the range and the noise those of the mask, not of the scan.
 */
import { fieldOfView } from "../infer/index.js";
import { squaredDistanceToFeatures, type VoxelGrid } from "../metrics/index.js";
import { percentilesOf, voxelBox, type Vec3, type Volume } from "../volume/index.js";

export interface ImageStats {
  /** 1st and 99th percentiles of the scan (its unit). */
  range: [number, number];
  vessel: number;
  background: number;
  contrast: number;
  noise: number;
  blur: number;
  /**
   * A scan's contrast, noise and blur as a sample sees them (scanStats): the median of each over the windows its
   * vessel fraction is read in (MaskStats.window), each window read as a sample is. The range that scales the contrast
   * is a window's then, not the whole scan's: a scan whose vessels are a small share of it has them above its 99th
   * percentile (the aorta, 0.55 % of its voxels: contrast 1.06 over the whole scan, 0.72 in windows), where a sample a
   * quarter of which is vessel never reads above 0.9. Absent on samples (they are such windows).
   */
  window?: { dims: Vec3; contrast: number; noise: number; blur: number; windows: number };
}

const BACKGROUND_GAP_VOXELS = 2;

export function imageStats(image: VoxelGrid, mask: VoxelGrid): ImageStats {
  const { dims, spacing } = image;
  const [nx, ny, nz] = dims;
  if (mask.dims.some((d, a) => d !== dims[a]))
    throw new RangeError(`imageStats: the mask is ${mask.dims.join("×")} voxels, the image ${dims.join("×")}; give a mask on the image's grid`);
  const n = nx * ny * nz;
  const data = image.data;
  // a masked background: the voxels that hold its value are not the scan's (the field of view's margin keeps a few)
  const fov = fieldOfView(image as Volume);
  const fovMask = fov?.mask,
    fovBackground = fov?.background;
  const masked = (v: number) => fovMask !== undefined && (fovMask[v] === 0 || data[v] === fovBackground);
  const [lo, hi] = percentilesOf(fov ? Float64Array.from(data).filter((_, v) => !masked(v)) : data, [1, 99]);
  const range = hi - lo;
  const h = Math.min(...spacing);
  const vesselData = mask.data;
  const isVessel = (v: number) => vesselData[v] > 0;
  // the 3×3×3 block around a voxel, in the order its values are summed
  const block = new Int32Array(27);
  for (let c = -1, t = 0; c <= 1; c++) for (let b = -1; b <= 1; b++) for (let a = -1; a <= 1; a++, t++) block[t] = a + nx * (b + ny * c);
  const far = farFromVessels(mask, BACKGROUND_GAP_VOXELS * h);
  const vesselValues = new Values(),
    backgroundValues = new Values(),
    residuals = new Values(),
    gradients = new Values();
  const at = (i: number, j: number, k: number) =>
    data[Math.min(nx - 1, Math.max(0, i)) + nx * (Math.min(ny - 1, Math.max(0, j)) + ny * Math.min(nz - 1, Math.max(0, k)))];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const value = data[v];
        if (!Number.isFinite(value) || masked(v)) continue;
        if (isVessel(v)) {
          vesselValues.push(value);
          // a boundary voxel: a face neighbour outside the mask
          const boundary =
            (i > 0 && !isVessel(v - 1)) ||
            (i < nx - 1 && !isVessel(v + 1)) ||
            (j > 0 && !isVessel(v - nx)) ||
            (j < ny - 1 && !isVessel(v + nx)) ||
            (k > 0 && !isVessel(v - nx * ny)) ||
            (k < nz - 1 && !isVessel(v + nx * ny));
          if (boundary) {
            // gradient per finest voxel: a difference over 2 voxels of side s is (Δ / 2s) per mm, × h per finest voxel
            const gx = ((at(i + 1, j, k) - at(i - 1, j, k)) / (2 * spacing[0])) * h;
            const gy = ((at(i, j + 1, k) - at(i, j - 1, k)) / (2 * spacing[1])) * h;
            const gz = ((at(i, j, k + 1) - at(i, j, k - 1)) / (2 * spacing[2])) * h;
            gradients.push(Math.hypot(gx, gy, gz));
          }
        } else if (far(i, j, k)) {
          backgroundValues.push(value);
          if (i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1) {
            let s = 0;
            for (let t = 0; t < 27; t++) s += data[v + block[t]];
            residuals.push(value - s / 27);
          }
        }
      }
  const median = (a: Values | Float64Array) => percentilesOf(a instanceof Values ? a.values() : a, [50])[0];
  const vessel = median(vesselValues),
    background = median(backgroundValues);
  const centre = median(residuals);
  const mad = median(residuals.values().map((r) => Math.abs(r - centre)));
  const sigma = 1.4826 * mad * Math.sqrt(27 / 26);
  const step = vessel - background;
  const g = median(gradients);
  return {
    range: [lo, hi],
    vessel,
    background,
    contrast: range > 0 ? step / range : NaN,
    noise: step > 0 ? sigma / step : NaN,
    blur: g > 0 && step > 0 ? step / (Math.sqrt(2 * Math.PI) * g) : NaN,
  };
}

/**
 * Whether the mask's voxels were read no brighter than the background around them, on a scan that is not flat: the
 * one problem of imageStatsProblem that the vessels' polarity explains (dark vessels read as bright, or the reverse).
 */
export function maskNotBrighter(stats: ImageStats): boolean {
  const [lo, hi] = stats.range;
  return hi > lo && Number.isFinite(stats.vessel) && Number.isFinite(stats.background) && !(stats.vessel > stats.background);
}

/**
 * Why a scan's image statistics cannot be fitted (one of contrast, noise and blur is not finite), in words, or null
 * when all three are finite: fitSimulator then fits the geometry only, and `fit` and the Fit page say why.
 */
export function imageStatsProblem(stats: ImageStats): string | null {
  if ([stats.contrast, stats.noise, stats.blur].every(Number.isFinite)) return null;
  const [lo, hi] = stats.range;
  const n = (x: number) => +x.toPrecision(3);
  if (!Number.isFinite(lo)) return "no voxel of the scan lies outside its masked background (every voxel holds its lowest value)";
  if (!(hi > lo)) return `its intensities are flat (the 1st and 99th percentiles are both ${n(lo)})`;
  if (!Number.isFinite(stats.vessel)) return "the mask marks no voxel of the scan's field of view";
  if (!Number.isFinite(stats.background)) return `no voxel lies more than ${BACKGROUND_GAP_VOXELS} voxels from the mask, where the background is read`;
  if (maskNotBrighter(stats))
    return `the voxels of the mask are not brighter than the background more than ${BACKGROUND_GAP_VOXELS} voxels from it (median ${n(stats.vessel)} against ${n(stats.background)})`;
  if (!Number.isFinite(stats.noise))
    return "its noise could not be read from the background (no background voxel away from the scan's faces, or voxels that are not finite beside them)";
  return "the intensity does not change across the mask's edge (no gradient at its boundary)";
}

/**
 * Whether voxel (i, j, k) is more than `gap` (mm) from every vessel voxel (value > 0) of `mask`: the distance transform
 * to the vessels, read on their bounding box widened by more than `gap` on each side (inside the grid) — a voxel
 * outside it is farther than `gap` on one axis alone. The box's distances are reckoned at its place in the grid
 * (squaredDistanceToFeatures's origin) and no line leaves it through a vessel, so they are the whole grid's bit for bit.
 */
function farFromVessels(mask: VoxelGrid, gap: number): (i: number, j: number, k: number) => boolean {
  const { dims, spacing } = mask;
  const [nx, ny, nz] = dims;
  const found = voxelBox(dims, (v) => mask.data[v] > 0);
  if (!found) return () => true;
  const { lo, hi } = found;
  for (let a = 0; a < 3; a++) {
    const margin = Math.ceil(gap / spacing[a]) + 1;
    lo[a] = Math.max(0, lo[a] - margin);
    hi[a] = Math.min(dims[a] - 1, hi[a] + margin);
  }
  const [bx, by, bz] = [0, 1, 2].map((a) => hi[a] - lo[a] + 1);
  const features = new Uint8Array(bx * by * bz);
  for (let k = 0, b = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const row = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < bx; i++, b++) features[b] = mask.data[row + i] > 0 ? 1 : 0;
    }
  const d2 = squaredDistanceToFeatures(features, [bx, by, bz], spacing, lo as Vec3);
  return (i, j, k) => {
    const x = i - lo[0],
      y = j - lo[1],
      z = k - lo[2];
    if (x < 0 || y < 0 || z < 0 || x >= bx || y >= by || z >= bz) return true;
    return Math.sqrt(d2[x + bx * (y + by * z)]) > gap;
  };
}

/** A growing list of numbers in a Float64Array (what percentilesOf copies a number[] into), doubled when full. */
class Values {
  private data = new Float64Array(1024);
  private length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const wider = new Float64Array(2 * this.data.length);
      wider.set(this.data);
      this.data = wider;
    }
    this.data[this.length++] = x;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
