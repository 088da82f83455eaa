import { blockAverage, vesselness } from "../vesselness/index.js";
import { type Volume, percentilesOf } from "../volume/index.js";
import { fieldOfView } from "./fieldOfView.js";

/** Whether a scan's tubes read brighter or darker than the tissue around them (vesselPolarity). */
export interface VesselPolarity {
  /** Mean of the top `TOP_FRACTION` of the bright-tube response (Sato's line filter) inside the field of view, in image units. */
  bright: number;
  /** The same for dark tubes. */
  dark: number;
  /** ln(bright / dark) (each plus a millionth of the larger): positive when bright tubes answer more; NaN when neither answers. */
  logRatio: number;
  /** "bright" when logRatio ≥ POLARITY_MARGIN, "dark" when ≤ −POLARITY_MARGIN, else "unclear". */
  looks: "bright" | "dark" | "unclear";
  /** The blocks the scan was averaged over first, voxels per axis ([1, 1, 1]: read at its own grid). */
  block: [number, number, number];
}

/** The fraction of the field of view whose strongest response is averaged. */
export const TOP_FRACTION = 0.01;
/**
 * |ln(bright/dark)| needed to say which way the tubes look: a ratio of e^0.75 ≈ 2.1. The real bright-vessel scans at
 * hand read 1.24 to 1.59; of the 284 bright-vessel samples among 300 of the simulator's default mix (64³) 3 read −0.5 or below and
 * none −0.75 (docs/results/postprocess/polarity.md).
 */
export const POLARITY_MARGIN = 0.75;
/** Scans above this many voxels are block-averaged to at most about this many first. */
export const POLARITY_MAX_VOXELS = 1_000_000;
/** Tube radii looked at, in multiples of the finest voxel side of the (averaged) grid. */
export const POLARITY_RADII = [1, 2, 4];

/**
 * Which way a scan's tubes look: Sato's line filter (src/vesselness, in image units, so the two polarities compare)
 * for bright tubes and for dark ones at three radii, each summed up as the mean of its strongest 1 % inside the field
 * of view. A bright-vessel angiogram answers several times more as bright tubes (chris_MRA, CT_AVM, AVM_hires, the
 * aorta CT and the light-sheet stack: ln ratio 1.24 to 1.59), a black-blood scan the other way; plates (an organ's
 * edge) and blobs answer little to a line filter. It is a hint for the user, never a decision: a scan whose tissue
 * holds dark tubes of its own (airways, sulci) can read dark, and a scan with faint vessels reads "unclear".
 *
 * The statistic is antisymmetric (to float32's rounding): the scan mirrored (mirrorIntensities) gives the same two
 * responses swapped. A background masked to one value (fieldOfView) is set to the median of the field of view first,
 * so its edge does not read as a structure of either sign, and non-finite voxels likewise. As in mirrorIntensities, the
 * value alone tells the background: a voxel inside the field of view holding exactly it (a lumen clipped to 0) is set
 * to the median too, and a scan whose voxels outside that value all hold one other (a bright tube on zeros) reads
 * "unclear". Scans of more than POLARITY_MAX_VOXELS are averaged over blocks first (polarityBlocks: of about one side
 * in mm, so a thick-slice scan keeps its slices): 0.8–2.0 s a real scan here, AVM_hires the slowest (both polarities, one core), and besides the
 * scan a float32 copy of it and at most a million float64 values for the median.
 */
export function vesselPolarity(volume: Volume): VesselPolarity {
  const n = volume.data.length;
  const fov = fieldOfView(volume, { margin: 2 });
  // the field of view's median, over its finite voxels that are not the masked background (every stride-th of them: at
  // most a million, the same voxels in the scan and its mirror, whose median is therefore the mirror of this one)
  const kept = (x: number) => Number.isFinite(x) && (!fov || x !== fov.background);
  let inside = 0;
  for (let i = 0; i < n; i++) if (kept(volume.data[i])) inside++;
  if (inside === 0) return { bright: 0, dark: 0, logRatio: NaN, looks: "unclear", block: [1, 1, 1] };
  const stride = Math.ceil(inside / POLARITY_MAX_VOXELS);
  const picked = new Float64Array(Math.ceil(inside / stride));
  for (let i = 0, k = 0; i < n; i++) {
    const x = volume.data[i];
    if (kept(x) && k++ % stride === 0) picked[(k - 1) / stride] = x;
  }
  const [median] = percentilesOf(picked, [50]);
  let data: Float32Array = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = volume.data[i];
    data[i] = kept(x) ? x : median;
  }
  let within: Uint8Array = fov ? fov.mask : new Uint8Array(n).fill(1);
  let dims = [...volume.dims] as [number, number, number];
  let spacing = [...volume.spacing] as [number, number, number];
  const block = polarityBlocks(volume.dims, volume.spacing);
  if (block.some((b) => b > 1)) {
    const averaged = blockAverage(data, dims, block);
    const any = blockAverage(within, dims, block).data;
    data = averaged.data;
    within = Uint8Array.from(any, (x) => (x > 0 ? 1 : 0));
    dims = averaged.dims;
    spacing = spacing.map((s, a) => s * block[a]) as [number, number, number];
  }
  const h = Math.min(...spacing);
  const radii = POLARITY_RADII.map((k) => k * h);
  // leave out a border of 2σ of the largest scale (most of its reach; its kernel is cut at 3σ), where the scan's
  // reflected edge weighs most: in voxels of each axis, so a thick-slice axis loses as many mm as the others
  const sigmaMm = radii[radii.length - 1] / Math.SQRT2;
  within = withoutBorder(
    within,
    dims,
    spacing.map((s) => Math.ceil((2 * sigmaMm) / s - 1e-9)),
  );
  const grid: Volume<Float32Array> = { data, dims, spacing, affine: [...volume.affine] };
  const bright = topMean(vesselness(grid, { method: "sato", radii, bright: true }).vesselness.data, within);
  const dark = topMean(vesselness(grid, { method: "sato", radii, bright: false }).vesselness.data, within);
  // a millionth of the larger keeps the ratio finite where one polarity does not answer at all (|ln| ≤ 13.8)
  const eps = 1e-6 * Math.max(bright, dark);
  const logRatio = bright > 0 || dark > 0 ? Math.log((bright + eps) / (dark + eps)) : NaN;
  const looks = logRatio >= POLARITY_MARGIN ? "bright" : logRatio <= -POLARITY_MARGIN ? "dark" : "unclear";
  return { bright, dark, logRatio, looks, block };
}

/**
 * The blocks (voxels per axis) a scan of `dims` and `spacing` is averaged over before it is read: [1, 1, 1] up to
 * POLARITY_MAX_VOXELS, else the least side f (in the finest voxel side) whose blocks, f·finest/spacing voxels along each
 * axis rounded (at least 1), leave at most that many. An isotropic scan gets cubes; a thick-slice one (0.4 × 0.4 × 2 mm)
 * keeps its slices whole while its planes are averaged.
 */
export function polarityBlocks(dims: readonly number[], spacing: readonly number[]): [number, number, number] {
  const count = (b: readonly number[]) => dims.reduce((p, d, a) => p * Math.ceil(d / b[a]), 1);
  if (count([1, 1, 1]) <= POLARITY_MAX_VOXELS) return [1, 1, 1];
  const h = Math.min(...spacing);
  for (let f = 2; ; f++) {
    const b = spacing.map((s) => Math.max(1, Math.round((f * h) / s))) as [number, number, number];
    if (count(b) <= POLARITY_MAX_VOXELS) return b;
  }
}

/**
 * `mask` with the voxels within `border[a]` of the grid's faces along each axis a cleared; an axis too short to keep
 * anything inside its border (dims[a] ≤ 2·border[a]) keeps its faces.
 */
function withoutBorder(mask: Uint8Array, dims: readonly number[], border: readonly number[]): Uint8Array {
  const [nx, ny, nz] = dims;
  const [bx, by, bz] = border.map((b, a) => (dims[a] <= 2 * b ? 0 : b));
  if (bx === 0 && by === 0 && bz === 0) return mask;
  const out = new Uint8Array(mask.length);
  for (let z = bz; z < nz - bz; z++)
    for (let y = by; y < ny - by; y++) {
      const row = nx * (y + ny * z);
      for (let x = bx; x < nx - bx; x++) out[row + x] = mask[row + x];
    }
  return out;
}

/** The mean of the largest TOP_FRACTION of `values` where `within` is set (at least one value). */
function topMean(values: Float32Array, within: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < within.length; i++) if (within[i]) count++;
  if (count === 0) return 0;
  const picked = new Float32Array(count);
  for (let i = 0, j = 0; i < within.length; i++) if (within[i]) picked[j++] = values[i];
  picked.sort();
  const k = Math.max(1, Math.floor(count * TOP_FRACTION));
  let sum = 0;
  for (let i = count - k; i < count; i++) sum += picked[i];
  return sum / k;
}

/** One line for the user: how the tubes look and by how much. */
export function describePolarity(p: VesselPolarity): string {
  if (!Number.isFinite(p.logRatio)) return "unclear: no tube responded either way";
  if (p.looks === "unclear") return `unclear: ${answers(p)}, under the ${Math.exp(POLARITY_MARGIN).toFixed(2)} times needed`;
  return `${p.looks}: ${answers(p)}`;
}

/** "bright tubes respond 3.74 times as strongly as dark ones" (or the other way). */
function answers(p: VesselPolarity): string {
  const [more, less] = p.logRatio >= 0 ? ["bright", "dark"] : ["dark", "bright"];
  if (Math.min(p.bright, p.dark) <= 1e-6 * Math.max(p.bright, p.dark)) return `${more} tubes respond, ${less} ones not at all`;
  return `${more} tubes respond ${Math.exp(Math.abs(p.logRatio)).toFixed(2)} times as strongly as ${less} ones`;
}

/** How the user says "dark vessels" where they are: the CLI's flag, or a page's input. */
export interface DarkChoice {
  /** What making it takes, as "give --dark". */
  give: string;
}

/** The CLI's --dark. */
export const DARK_FLAG: DarkChoice = { give: "give --dark" };

/**
 * What to tell the user when the scan's tubes read dark and they did not say its vessels are (`dark` false), or null.
 * A hint, never a refusal. Only this way: the simulator's dark-vessel samples read bright more often than not (their
 * tissue holds brighter tubes than their faint dark vessels), so a scan that reads bright may still be black-blood,
 * while no bright-vessel scan or sample measured read dark (POLARITY_MARGIN).
 */
export function polarityHint(p: VesselPolarity, dark: boolean, choice: DarkChoice = DARK_FLAG): string | null {
  if (!dark && p.looks === "dark") return `its ${answers(p)} (Sato's line filter): if its vessels are dark (black-blood), ${choice.give}`;
  return null;
}
