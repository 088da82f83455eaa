import { type Grid, type Vec3, type Volume, voxelCount } from "../volume/index.js";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { cropPadding } from "./padForModel.js";
import { prepareForModel } from "./prepareForModel.js";
import { resampleToInput } from "./resampleForModel.js";
import type { InferProgress, RunTile } from "./runTile.js";
import { slidingWindow } from "./slidingWindow.js";
import { thresholdVolume } from "./thresholdVolume.js";

export interface SegmentOptions {
  /** How to run the model (parseModelCard; DEFAULT_MODEL_CARD when left out). `output.kind` null means "probability". */
  card?: ModelCard;
  runTile: RunTile;
  onProgress?: (progress: InferProgress) => void;
  signal?: AbortSignal;
  /** Largest model grid (voxels) accepted, so that a wrong spacing fails at once instead of exhausting memory; default 2^28. */
  maxVoxels?: number;
}

export interface SegmentResult {
  /** Vessel probability on the input's grid (dims, spacing and affine copied from it). */
  probability: Volume<Float32Array>;
  /** probability > card.threshold, on the same grid. */
  mask: Volume<Uint8Array>;
  /** What happened, for reports: the intensities mapped to 0 and 1, the grid the model saw before padding, the padded dims, the tile used and the tile count. */
  details: { low: number; high: number; modelGrid: Grid; paddedDims: Vec3; tile: Vec3; tiles: number };
}

/**
 * Segments one 3D scan with a model: prepareForModel (percentile normalisation, resampling to the model's voxel
 * size, zero padding to a multiple of the stride), sliding-window inference through `runTile` (card.tile, or the
 * padded axis where that is shorter; card.overlap) with a sigmoid per tile for logit outputs and Gaussian blending of
 * the probabilities, cropping the padding, resampling back to the input's grid (trilinear) and card.threshold: the
 * recipe of models/train/infer.py. The result lies on the input's grid, with its affine. Pure TypeScript: the same
 * code runs in Node (onnxruntime-node) and in the page (onnxruntime-web).
 */
export async function segmentVolume(volume: Volume, options: SegmentOptions): Promise<SegmentResult> {
  const { card = DEFAULT_MODEL_CARD as ModelCard, runTile, onProgress, signal, maxVoxels = 2 ** 28 } = options;
  if (volume.dims.length !== 3 || volume.data.length !== voxelCount(volume.dims)) {
    throw new RangeError(`segmentVolume: a 3D volume is needed; got dims [${volume.dims.join(", ")}] with ${volume.data.length} values`);
  }
  onProgress?.({ stage: "normalise", done: 0, total: 1 });
  let prepared;
  try {
    prepared = prepareForModel(volume, card, maxVoxels);
  } catch (error) {
    throw new RangeError(`segmentVolume: ${(error as Error).message}`);
  }
  signal?.throwIfAborted();
  const { onModelGrid, padded, tile } = prepared;
  const toProbability: RunTile = async (input, dims) => {
    const y = await runTile(input, dims);
    if (card.output.kind === "logit") for (let n = 0; n < y.length; n++) y[n] = 1 / (1 + Math.exp(-y[n]));
    return y;
  };
  let tiles = 0;
  const raw = await slidingWindow(padded.volume, {
    tile,
    overlap: card.overlap,
    runTile: toProbability,
    signal,
    onProgress: (done, total) => {
      tiles = total;
      onProgress?.({ stage: "tiles", done, total });
    },
  });
  onProgress?.({ stage: "restore", done: 0, total: 1 });
  const probability = resampleToInput(cropPadding(raw, padded), volume);
  const mask = thresholdVolume(probability, card.threshold);
  const modelGrid: Grid = { dims: [...onModelGrid.dims], spacing: [...onModelGrid.spacing], affine: [...onModelGrid.affine] };
  return { probability, mask, details: { low: prepared.low, high: prepared.high, modelGrid, paddedDims: [...padded.volume.dims], tile, tiles } };
}
