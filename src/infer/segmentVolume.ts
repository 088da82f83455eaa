import { type Grid, type Vec3, type Volume, voxelCount } from "../volume/index.js";
import { dilateBox } from "./fieldOfView.js";
import { fieldOfViewTiles } from "./fieldOfViewTiles.js";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { cropPadding, padForModel } from "./padForModel.js";
import { prepareForModel } from "./prepareForModel.js";
import { resampleForModel, resampleToInput } from "./resampleForModel.js";
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
  /**
   * For a scan with a masked background (fieldOfView: at least a fifth of its voxels hold exactly its minimum): take
   * the normalisation's percentiles inside the field of view, skip the tiles outside it, and set the probability to 0
   * outside it (more than 2 voxels from any other value); default true. Scans with noise in their background are not affected.
   */
  maskBackground?: boolean;
}

export interface SegmentResult {
  /** Vessel probability on the input's grid (dims, spacing and affine copied from it). */
  probability: Volume<Float32Array>;
  /** probability > card.threshold, on the same grid. */
  mask: Volume<Uint8Array>;
  /**
   * What happened, for reports: the intensities mapped to 0 and 1, the grid the model saw before padding, the padded
   * dims, the tile used and its overlap, the tile count and how many of them were skipped as background, and the masked background
   * (its value and the fraction of the input outside the field of view; null when the scan has none or maskBackground is false).
   */
  details: {
    low: number;
    high: number;
    modelGrid: Grid;
    paddedDims: Vec3;
    tile: Vec3;
    overlap: number;
    tiles: number;
    skippedTiles: number;
    background: { value: number; outside: number } | null;
  };
}

/**
 * Segments one 3D scan with a model: prepareForModel (percentile normalisation, resampling to the model's voxel
 * size, zero padding to a multiple of the stride), sliding-window inference through `runTile` (card.tile, or the
 * padded axis where that is shorter; card.overlap) with a sigmoid per tile for logit outputs and Gaussian blending of
 * the probabilities, cropping the padding, resampling back to the input's grid (trilinear) and card.threshold: the
 * recipe of models/train/infer.py. On a scan with a masked background (fieldOfView), the percentiles are taken inside
 * its field of view, tiles outside it are not run, nor those whose field-of-view voxels other tiles already see well
 * inside (fieldOfViewTiles), and the probability outside it is 0. The result lies on the input's
 * grid, with its affine. Pure TypeScript: the same code runs in Node (onnxruntime-node) and in the page (onnxruntime-web).
 */
export async function segmentVolume(volume: Volume, options: SegmentOptions): Promise<SegmentResult> {
  const { card = DEFAULT_MODEL_CARD as ModelCard, runTile, onProgress, signal, maxVoxels = 2 ** 28, maskBackground = true } = options;
  if (volume.dims.length !== 3 || volume.data.length !== voxelCount(volume.dims)) {
    throw new RangeError(`segmentVolume: a 3D volume is needed; got dims [${volume.dims.join(", ")}] with ${volume.data.length} values`);
  }
  onProgress?.({ stage: "normalise", done: 0, total: 1 });
  let prepared;
  try {
    prepared = prepareForModel(volume, card, maxVoxels, { maskBackground });
  } catch (error) {
    throw new RangeError(`segmentVolume: ${(error as Error).message}`);
  }
  signal?.throwIfAborted();
  const { onModelGrid, padded, tile, fieldOfView: fov } = prepared;
  const skipTile = fov ? backgroundTiles(fov.mask, volume, prepared.spacing, card.stride, tile, card.overlap) : undefined;
  let skippedTiles = 0;
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
    skipTile:
      skipTile &&
      ((start, size) => {
        const skip = skipTile(start, size);
        if (skip) skippedTiles++;
        return skip;
      }),
    onProgress: (done, total) => {
      tiles = total;
      onProgress?.({ stage: "tiles", done, total });
    },
  });
  onProgress?.({ stage: "restore", done: 0, total: 1 });
  const probability = resampleToInput(cropPadding(raw, padded), volume);
  if (fov) for (let i = 0; i < fov.mask.length; i++) if (!fov.mask[i]) probability.data[i] = 0;
  const mask = thresholdVolume(probability, card.threshold);
  const modelGrid: Grid = { dims: [...onModelGrid.dims], spacing: [...onModelGrid.spacing], affine: [...onModelGrid.affine] };
  const background = fov && { value: fov.background, outside: fov.outside };
  return {
    probability,
    mask,
    details: {
      low: prepared.low,
      high: prepared.high,
      modelGrid,
      paddedDims: [...padded.volume.dims],
      tile,
      overlap: card.overlap,
      tiles,
      skippedTiles,
      background,
    },
  };
}

/**
 * The masked background of a segmentation for a report, as a parenthesis to put after the tile count: " (7 skipped:
 * masked background 0 on 96.6 % of the scan)"; "" for a scan without one. The CLI and the
 * Segment page both say it.
 */
export function backgroundNote(details: Pick<SegmentResult["details"], "skippedTiles" | "background">): string {
  const b = details.background;
  if (!b) return "";
  return ` (${details.skippedTiles} skipped: masked background ${+b.value.toPrecision(6)} on ${(100 * b.outside).toFixed(1)} % of the scan)`;
}

/**
 * Which tiles of the padded model grid to skip on a scan with a masked background: fieldOfView's mask taken to the
 * model's grid (resampled like the scan, padded with 0) and grown by one voxel for the resampling; every tile outside it,
 * and those whose field-of-view voxels kept tiles already see well inside (fieldOfViewTiles).
 */
function backgroundTiles(
  mask: Uint8Array,
  volume: Volume,
  spacing: Vec3 | "native",
  stride: number,
  tile: Vec3,
  overlap: number,
): (start: Vec3, size: Vec3) => boolean {
  const asVolume: Volume<Float32Array> = { data: Float32Array.from(mask), dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
  const grid = padForModel(resampleForModel(asVolume, spacing), { stride }).volume;
  const signal = new Uint8Array(grid.data.length);
  for (let i = 0; i < signal.length; i++) if (grid.data[i] > 0) signal[i] = 1;
  const run = fieldOfViewTiles(dilateBox(signal, grid.dims, 1), grid.dims, tile, overlap);
  return ([x0, y0, z0]) => !run.has(`${x0},${y0},${z0}`);
}
