/**
 * The exact parameters of one synthetic image: plain JSON, so that a sample can be recorded
 * in a manifest and made again (with the same seed) byte for byte.
 *
 * Units: positions and box sizes are fractions of the field of view (0..1 per axis); radii,
 * blur widths, texture scales and lengths are in voxels; intensities are in the modality's
 * units (MODALITY_INFO). Dense random content (texture lattices, cell positions, per-voxel
 * noise) comes from the seed given to synthesiseImage, one forked stream per effect.
 */
import type { Vec3 } from "../volume/index.js";
import type { Modality } from "./modalities.js";

export const IMAGING_FORMAT = "vessel-lab/imaging";
export const IMAGING_VERSION = 1;

export type Axis = 0 | 1 | 2;

export interface TextureParams {
  /** Standard deviation of the texture, in intensity units (0 = flat). */
  amplitude: number;
  /** Lattice spacing of the coarsest octave, voxels. */
  scale: number;
  /** Number of octaves (each halves the spacing, down to 3 voxels). */
  octaves: number;
  /** Amplitude ratio between successive octaves. */
  persistence: number;
}

export interface BackgroundBlob {
  center: Vec3;
  /** Voxels. */
  radius: number;
  /** Added to the background at the centre (may be negative), fading smoothly to 0 at the radius. */
  amplitude: number;
}

export interface CellParams {
  /** Cells per voxel (0 = none). */
  density: number;
  /** Mean radius, voxels. */
  radius: number;
  /** Added intensity inside a cell (negative for dark cells). */
  amplitude: number;
}

export interface BackgroundParams {
  /** Mean tissue intensity. */
  level: number;
  texture: TextureParams;
  blobs: BackgroundBlob[];
  cells: CellParams;
}

export interface BodyParams {
  /** false: the whole field of view is tissue. */
  enabled: boolean;
  /** Ellipsoid centre and semi-axes, fractions of the field of view. */
  center: Vec3;
  radii: Vec3;
  /** Intensity outside the body (air). */
  outside: number;
  /** A shell just inside the surface (skull, scalp fat): thickness in voxels (0 = none), intensity. */
  shell: { thickness: number; level: number };
}

export interface VesselParams {
  /** Intensity of a vessel voxel (fraction 1) before inversion, class gains and fading. */
  level: number;
  /** Dark vessels: the bright draw's contrast downward, the tissue lifted by it (vesselLevels: vessels at the background level, tissue at `level`). */
  invert: boolean;
  /** true: mix by the partial-volume fraction; false: by the binary mask (hard edges). */
  partialVolume: boolean;
  /** Multipliers of the vessel-to-background contrast in stenosis and aneurysm voxels. */
  classGain: { stenosis: number; aneurysm: number };
  /** Contrast left at the farthest flow distance from the root (1 = no fading), falling exponentially along the flow. */
  flowFade: number;
  /** 0: vessels painted over the background (its texture gone inside them); 1: their contrast added to it; between: a blend. */
  additive: number;
}

export interface PerlinParams {
  /** Standard deviation of the Perlin (gradient) noise added to the background, intensity units (0 = none). */
  amplitude: number;
  /** Lattice spacing of the coarsest octave, voxels. */
  scale: number;
  /** Number of octaves (each halves the spacing, down to 3 voxels). */
  octaves: number;
  /** Amplitude ratio between successive octaves. */
  persistence: number;
}

export interface VoronoiParams {
  /** Standard deviation of the cells' values added to the background, intensity units (0 = none). */
  amplitude: number;
  /** Distance between cell seeds (one per cube of this side), voxels. */
  scale: number;
}

export interface DistractorTube {
  /** Polyline (≥ 2 points), fractions of the field of view. */
  points: Vec3[];
  /** Voxels. */
  radius: number;
  level: number;
}

export interface DistractorBlob {
  center: Vec3;
  /** Voxels. */
  radius: number;
  level: number;
}

export interface DistractorParams {
  tubes: DistractorTube[];
  blobs: DistractorBlob[];
}

export interface BiasParams {
  /** The field lies in [e^−strength, e^strength] (0 = none). */
  strength: number;
  /** Weights of the non-constant Legendre terms, in the order of biasTerms(order); 3, 9 or 19 numbers for order 1, 2, 3. */
  coefficients: number[];
}

export interface AttenuationParams {
  /** The depth axis (z for microscopy). */
  axis: Axis;
  /** Signal at the last slice relative to the first (1 = none), exponential in between. */
  endRatio: number;
}

export interface Dropout {
  /** Box centre and size, fractions of the field of view (a size ≥ 1 on two axes makes a slab). */
  center: Vec3;
  size: Vec3;
  /** Signal left inside (0..1). */
  factor: number;
  /** Width of the soft edge, voxels. */
  softness: number;
}

export interface KSpaceSpike {
  /** Position in k-space: cycles per voxel along x, y, z (each in [−0.5, 0.5]). */
  frequency: Vec3;
  /** Phase of the wave at voxel (0, 0, 0), cycles. */
  phase: number;
  /** Relative amplitude (0..1). */
  weight: number;
}

export interface SpikeParams {
  /** Peak of the stripes a spike of weight 1 makes, intensity units (0 = none). */
  amplitude: number;
  points: KSpaceSpike[];
}

export interface GibbsParams {
  /** Fraction of k-space (of the Nyquist frequency) kept along each axis in `axes` (1 = none). */
  cutoff: number;
  /** The truncated axes. */
  axes: Axis[];
}

export interface Ghost {
  /** Shift along the phase-encode axis, fraction of the field of view (wraps around). */
  shift: number;
  /** Fraction of the signal moved into this ghost. */
  amplitude: number;
}

export interface MotionParams {
  kind: "none" | "ghost" | "blur";
  /** Phase-encode axis (ghosts) or direction of motion (blur). */
  axis: Axis;
  ghosts: Ghost[];
  /** Motion-blur length, voxels (box average; 1 = none). */
  length: number;
}

export interface BlurParams {
  /** Gaussian PSF standard deviation per axis, voxels (0 = none). */
  sigma: Vec3;
}

export interface ResolutionParams {
  /** Acquired voxel size ÷ grid voxel size per axis (≥ 1; on z this is the slice thickness). */
  factor: Vec3;
}

export interface NoiseParams {
  /** Photons per intensity unit above the floor (0 = no Poisson noise); applied first. */
  poisson: number;
  /** Additive Gaussian standard deviation (0 = none); applied second. */
  gaussian: number;
  /** Rician (magnitude) noise standard deviation (0 = none); applied last. */
  rician: number;
}

export interface IntensityParams {
  /** g = floor + reference · ((in − floor) / reference)^gamma; out = pivot + offset + gain · (g − pivot), clipped at the floor. */
  gamma: number;
  gain: number;
  offset: number;
  /** The intensity above the floor that gamma keeps fixed (the vessel level − floor). */
  reference: number;
  /** The intensity gain keeps fixed: the floor for MR and microscopy, the tissue level for CT. */
  pivot: number;
}

export interface ImagingParams {
  format: typeof IMAGING_FORMAT;
  version: typeof IMAGING_VERSION;
  modality: Modality;
  /** MODALITY_INFO[modality].floor. */
  floor: number;
  background: BackgroundParams;
  perlin: PerlinParams;
  voronoi: VoronoiParams;
  body: BodyParams;
  vessels: VesselParams;
  distractors: DistractorParams;
  bias: BiasParams;
  attenuation: AttenuationParams;
  dropouts: Dropout[];
  motion: MotionParams;
  blur: BlurParams;
  resolution: ResolutionParams;
  gibbs: GibbsParams;
  spikes: SpikeParams;
  noise: NoiseParams;
  intensity: IntensityParams;
  histogram: HistogramParams;
}

export interface HistogramParams {
  /** 0: identity; 1: the full remap; between: a blend (still monotone). */
  strength: number;
  /** The remapped interval; intensities outside it are kept. */
  low: number;
  high: number;
  /** The control points' new positions as fractions of [low, high], at equal steps from 0 to 1: first 0, last 1, non-decreasing (empty = none). */
  points: number[];
}

/** A recursive partial of ImagingParams, for overrides (arrays are replaced whole). */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
export type ImagingOverrides = DeepPartial<Omit<ImagingParams, "format" | "version" | "modality">>;
