/**
 * The domain-randomisation ranges of every effect, per modality: sampleImagingParams draws
 * uniformly within each [lo, hi] (integers where noted) and takes each optional effect with
 * its probability. "× level" means relative to the sampled background level. The README's
 * table is this file in short.
 */
import type { Modality } from "./modalities.js";

export type Range = readonly [number, number];

export interface ImagingRanges {
  background: {
    level: Range;
    /** × level. */
    textureAmplitude: Range;
    /** Voxels. */
    textureScale: Range;
    /** Integer. */
    octaves: Range;
    persistence: Range;
    /** Integer count. */
    blobs: Range;
    blobRadius: Range;
    /** × level (negative: darker). */
    blobAmplitude: Range;
    cellProbability: number;
    /** Cells per voxel. */
    cellDensity: Range;
    cellRadius: Range;
    /** × level. */
    cellAmplitude: Range;
  };
  /** Perlin (gradient) noise added to the background: amplitude × level; scale in voxels; octaves integer. */
  perlin: { probability: number; amplitude: Range; scale: Range; octaves: Range; persistence: Range };
  /** Voronoi cells added to the background: amplitude × level (standard deviation of the cells' values); scale: seed spacing, voxels. */
  voronoi: { probability: number; amplitude: Range; scale: Range };
  body: { probability: number; radii: Range; outside: Range; shellThickness: Range; shellLevel: Range };
  /** additiveProbability: vessels added to the background's texture instead of painted over it. */
  vessels: {
    level: Range;
    invertProbability: number;
    partialVolumeProbability: number;
    stenosisGain: Range;
    aneurysmGain: Range;
    flowFade: Range;
    additiveProbability: number;
  };
  distractors: { tubes: Range; tubeRadius: Range; tubeLevel: Range; blobs: Range; blobRadius: Range; blobLevel: Range };
  /** order: integer 1..3. */
  bias: { strength: Range; order: Range };
  /** Along z. */
  attenuation: { endRatio: Range };
  /** count: integer; size: fraction of the field of view; half of them are slabs. */
  dropouts: { count: Range; size: Range; factor: Range; softness: Range };
  /** ghostShift: fraction of the field of view (either sign); ghostAmplitude: per ghost. */
  motion: { ghostProbability: number; blurProbability: number; ghosts: Range; ghostShift: Range; ghostAmplitude: Range; blurLength: Range };
  /** Voxels. */
  blur: { sigmaXY: Range; sigmaZ: Range };
  /** Sampled factors below MIN_RESAMPLING (1.1) become 1: no resampling. */
  resolution: { factorXY: Range; factorZ: Range };
  /** cutoff: fraction of k-space kept; along x and y (in-plane) with probability 1/2, else along one axis. */
  gibbs: { probability: number; cutoff: Range };
  /** count: integer; amplitude × level; frequencies uniform over k-space. */
  spikes: { probability: number; count: Range; amplitude: Range };
  /** Each kind applies with its probability; with `exclusive`, exactly one kind is picked (weighted by the probabilities). */
  noise: {
    exclusive: boolean;
    poissonProbability: number;
    poisson: Range;
    gaussianProbability: number;
    gaussian: Range;
    ricianProbability: number;
    rician: Range;
  };
  /** pivotAtTissue: gain stretches about the background level (CT) rather than the floor. */
  intensity: { gamma: Range; gain: Range; offset: Range; pivotAtTissue: boolean };
  /** points: integer count of control points over [floor, floor + high × (vessel level − floor)]. */
  histogram: { probability: number; points: Range; high: Range };
}

const NONE: Range = [0, 0];

export const IMAGING_RANGES: Readonly<Record<Modality, ImagingRanges>> = {
  "brain-tof": {
    background: {
      level: [0.12, 0.3],
      textureAmplitude: [0.05, 0.3],
      textureScale: [8, 40],
      octaves: [2, 4],
      persistence: [0.4, 0.7],
      blobs: [0, 4],
      blobRadius: [4, 16],
      blobAmplitude: [-0.5, 0.5],
      cellProbability: 0,
      cellDensity: NONE,
      cellRadius: [1, 1],
      cellAmplitude: NONE,
    },
    perlin: { probability: 0.2, amplitude: [0.05, 0.25], scale: [8, 32], octaves: [1, 3], persistence: [0.4, 0.6] },
    voronoi: { probability: 0.1, amplitude: [0.05, 0.2], scale: [8, 32] },
    body: { probability: 0.5, radii: [0.42, 0.6], outside: [0, 0.02], shellThickness: [0, 4], shellLevel: [0.3, 0.7] },
    vessels: {
      level: [0.7, 1],
      invertProbability: 0.05,
      partialVolumeProbability: 0.85,
      stenosisGain: [0.4, 1],
      aneurysmGain: [0.3, 0.9],
      flowFade: [0.25, 0.9],
      additiveProbability: 0.25,
    },
    distractors: { tubes: [0, 3], tubeRadius: [0.6, 3], tubeLevel: [0.25, 0.6], blobs: [0, 2], blobRadius: [2, 8], blobLevel: [0.3, 0.7] },
    bias: { strength: [0, 0.4], order: [1, 3] },
    attenuation: { endRatio: [1, 1] },
    dropouts: { count: [0, 1], size: [0.05, 0.3], factor: [0.3, 0.9], softness: [1, 8] },
    motion: { ghostProbability: 0.2, blurProbability: 0.1, ghosts: [1, 3], ghostShift: [0.1, 0.45], ghostAmplitude: [0.01, 0.08], blurLength: [1.5, 4] },
    blur: { sigmaXY: [0.3, 1], sigmaZ: [0.3, 1.5] },
    resolution: { factorXY: [1, 1.4], factorZ: [1, 2.5] },
    gibbs: { probability: 0.1, cutoff: [0.4, 0.85] },
    spikes: { probability: 0.1, count: [1, 3], amplitude: [0.1, 0.4] },
    noise: { exclusive: false, poissonProbability: 0, poisson: NONE, gaussianProbability: 0, gaussian: NONE, ricianProbability: 1, rician: [0.01, 0.07] },
    intensity: { gamma: [0.7, 1.4], gain: [0.8, 1.25], offset: [-0.02, 0.02], pivotAtTissue: false },
    histogram: { probability: 0.1, points: [6, 16], high: [1, 1.3] },
  },
  cta: {
    background: {
      level: [20, 60],
      textureAmplitude: [0.1, 0.5],
      textureScale: [8, 40],
      octaves: [2, 4],
      persistence: [0.4, 0.7],
      blobs: [0, 4],
      blobRadius: [5, 20],
      blobAmplitude: [-1, 0.5],
      cellProbability: 0,
      cellDensity: NONE,
      cellRadius: [1, 1],
      cellAmplitude: NONE,
    },
    perlin: { probability: 0.15, amplitude: [0.1, 0.4], scale: [8, 32], octaves: [1, 3], persistence: [0.4, 0.6] },
    voronoi: { probability: 0.1, amplitude: [0.1, 0.3], scale: [8, 32] },
    body: { probability: 0.9, radii: [0.38, 0.55], outside: [-1024, -980], shellThickness: [2, 7], shellLevel: [700, 1500] },
    vessels: {
      level: [200, 450],
      invertProbability: 0.03,
      partialVolumeProbability: 0.85,
      stenosisGain: [0.6, 1],
      aneurysmGain: [0.7, 1],
      flowFade: [0.6, 1],
      additiveProbability: 0.25,
    },
    distractors: { tubes: [0, 3], tubeRadius: [0.8, 3], tubeLevel: [120, 350], blobs: [0, 4], blobRadius: [3, 12], blobLevel: [400, 1400] },
    bias: { strength: [0, 0.03], order: [1, 2] },
    attenuation: { endRatio: [1, 1] },
    dropouts: { count: [0, 1], size: [0.05, 0.2], factor: [0.9, 0.98], softness: [1, 6] },
    motion: { ghostProbability: 0, blurProbability: 0.15, ghosts: [1, 1], ghostShift: NONE, ghostAmplitude: NONE, blurLength: [1.5, 3] },
    blur: { sigmaXY: [0.4, 1.2], sigmaZ: [0.5, 1.5] },
    resolution: { factorXY: [1, 1.3], factorZ: [1, 2.5] },
    gibbs: { probability: 0.05, cutoff: [0.6, 0.9] },
    spikes: { probability: 0, count: [1, 3], amplitude: [0.1, 0.4] },
    noise: { exclusive: true, poissonProbability: 0.5, poisson: [1.5, 12], gaussianProbability: 0.5, gaussian: [5, 25], ricianProbability: 0, rician: NONE },
    intensity: { gamma: [0.9, 1.1], gain: [0.85, 1.2], offset: [-20, 20], pivotAtTissue: true },
    histogram: { probability: 0.1, points: [6, 16], high: [1, 1.3] },
  },
  "ce-mra": {
    background: {
      level: [0.1, 0.3],
      textureAmplitude: [0.1, 0.4],
      textureScale: [10, 48],
      octaves: [2, 4],
      persistence: [0.4, 0.7],
      blobs: [0, 5],
      blobRadius: [6, 24],
      blobAmplitude: [-0.6, 1.2],
      cellProbability: 0,
      cellDensity: NONE,
      cellRadius: [1, 1],
      cellAmplitude: NONE,
    },
    perlin: { probability: 0.2, amplitude: [0.1, 0.3], scale: [10, 40], octaves: [1, 3], persistence: [0.4, 0.6] },
    voronoi: { probability: 0.1, amplitude: [0.05, 0.2], scale: [8, 32] },
    body: { probability: 0.6, radii: [0.4, 0.6], outside: [0, 0.03], shellThickness: [1, 6], shellLevel: [0.2, 0.5] },
    vessels: {
      level: [0.75, 1],
      invertProbability: 0.05,
      partialVolumeProbability: 0.85,
      stenosisGain: [0.5, 1],
      aneurysmGain: [0.6, 1],
      flowFade: [0.5, 1],
      additiveProbability: 0.25,
    },
    distractors: { tubes: [0, 4], tubeRadius: [1, 4], tubeLevel: [0.3, 0.8], blobs: [0, 3], blobRadius: [4, 12], blobLevel: [0.3, 0.8] },
    bias: { strength: [0, 0.5], order: [1, 3] },
    attenuation: { endRatio: [1, 1] },
    dropouts: { count: [0, 1], size: [0.05, 0.3], factor: [0.4, 0.9], softness: [1, 8] },
    motion: { ghostProbability: 0.3, blurProbability: 0.15, ghosts: [1, 4], ghostShift: [0.05, 0.45], ghostAmplitude: [0.01, 0.1], blurLength: [1.5, 5] },
    blur: { sigmaXY: [0.4, 1.2], sigmaZ: [0.5, 2] },
    resolution: { factorXY: [1, 1.5], factorZ: [1, 3] },
    gibbs: { probability: 0.1, cutoff: [0.4, 0.85] },
    spikes: { probability: 0.1, count: [1, 3], amplitude: [0.1, 0.4] },
    noise: { exclusive: false, poissonProbability: 0, poisson: NONE, gaussianProbability: 0, gaussian: NONE, ricianProbability: 1, rician: [0.01, 0.06] },
    intensity: { gamma: [0.7, 1.4], gain: [0.8, 1.25], offset: [-0.02, 0.02], pivotAtTissue: false },
    histogram: { probability: 0.1, points: [6, 16], high: [1, 1.3] },
  },
  microscopy: {
    background: {
      level: [0.02, 0.15],
      textureAmplitude: [0.1, 0.6],
      textureScale: [4, 24],
      octaves: [2, 4],
      persistence: [0.4, 0.8],
      blobs: [0, 3],
      blobRadius: [4, 12],
      blobAmplitude: [-0.5, 1],
      cellProbability: 0.8,
      cellDensity: [2e-4, 2e-3],
      cellRadius: [1.5, 4],
      cellAmplitude: [-0.6, 1.5],
    },
    perlin: { probability: 0.25, amplitude: [0.1, 0.5], scale: [4, 20], octaves: [1, 3], persistence: [0.4, 0.6] },
    voronoi: { probability: 0.2, amplitude: [0.1, 0.4], scale: [6, 20] },
    body: { probability: 0, radii: [0.5, 0.5], outside: NONE, shellThickness: NONE, shellLevel: NONE },
    vessels: {
      level: [0.6, 1],
      invertProbability: 0.05,
      partialVolumeProbability: 0.85,
      stenosisGain: [0.8, 1],
      aneurysmGain: [0.8, 1],
      flowFade: [0.7, 1],
      additiveProbability: 0.25,
    },
    distractors: { tubes: [0, 3], tubeRadius: [0.5, 2], tubeLevel: [0.15, 0.6], blobs: [0, 6], blobRadius: [2, 6], blobLevel: [0.4, 1.2] },
    bias: { strength: [0, 0.5], order: [1, 2] },
    attenuation: { endRatio: [0.2, 1] },
    dropouts: { count: [0, 3], size: [0.02, 0.15], factor: [0.3, 0.9], softness: [1, 5] },
    motion: { ghostProbability: 0, blurProbability: 0.1, ghosts: [1, 1], ghostShift: NONE, ghostAmplitude: NONE, blurLength: [1.5, 3] },
    blur: { sigmaXY: [0.4, 1], sigmaZ: [0.8, 3] },
    resolution: { factorXY: [1, 1.3], factorZ: [1, 2] },
    gibbs: { probability: 0, cutoff: [0.4, 0.85] },
    spikes: { probability: 0, count: [1, 3], amplitude: [0.1, 0.4] },
    noise: { exclusive: false, poissonProbability: 1, poisson: [20, 500], gaussianProbability: 0.5, gaussian: [0, 0.02], ricianProbability: 0, rician: NONE },
    intensity: { gamma: [0.6, 1.5], gain: [0.8, 1.25], offset: NONE, pivotAtTissue: false },
    histogram: { probability: 0.1, points: [6, 16], high: [1, 1.3] },
  },
};
