import { createRng } from "../random/index.js";
import type { Volume } from "../volume/index.js";
import { cubeMask, hideMasked } from "./cubeMask.js";
import { DEFAULT_MODEL_CARD, type ModelCard } from "./modelCard.js";
import { cropPadding } from "./padForModel.js";
import { prepareForModel } from "./prepareForModel.js";
import type { InferProgress, RunTile } from "./runTile.js";
import { slidingWindow } from "./slidingWindow.js";

export interface MaskOptions {
  /** Fraction of the mask cubes hidden from the reconstructor, 0 … 1; default 0.5 (the training recipe). */
  maskRatio?: number;
  /** Side of a mask cube in voxels of the model grid; default 8 (the training recipe). */
  maskPatch?: number;
  /** Seed of the mask; default 0. */
  seed?: number;
}

export interface ReconstructOptions extends MaskOptions {
  card?: ModelCard;
  /** The reconstruction output for one tile of masked input (masked voxels 0). */
  runTile: RunTile;
  onProgress?: (progress: InferProgress) => void;
  signal?: AbortSignal;
  maxVoxels?: number;
}

export interface ReconstructResult {
  /** The scan as the model sees it (normalised to [0, 1], on the model grid). */
  input: Volume<Float32Array>;
  /** 1 where the reconstructor saw nothing. */
  mask: Volume<Uint8Array>;
  /** input with the masked voxels set to 0: what the reconstructor was fed. */
  masked: Volume<Float32Array>;
  reconstruction: Volume<Float32Array>;
  /** |reconstruction − input| on every voxel. */
  errorMap: Volume<Float32Array>;
  /** Mean squared error over the masked voxels: the training loss, and the lab's domain-gap score. */
  loss: number;
  /** The same over the voxels the model saw. */
  visibleLoss: number;
}

/**
 * The masked-reconstruction decoder on a whole scan: prepareForModel (as segmentation, percentiles inside the field of
 * view of a scan with a masked background), a cube mask over the model
 * grid (cubeMask, seeded), the masked scan run tile by tile with Gaussian blending (slidingWindow), and the masked
 * MSE. A model trained on synthetic scans reconstructs synthetic-looking ones well; a large loss on a real scan
 * measures how far it lies from the training domain.
 */
export async function reconstructVolume(volume: Volume, options: ReconstructOptions): Promise<ReconstructResult> {
  const { card = DEFAULT_MODEL_CARD as ModelCard, runTile, onProgress, signal, maxVoxels, maskRatio = 0.5, maskPatch = 8, seed = 0 } = options;
  onProgress?.({ stage: "normalise", done: 0, total: 1 });
  const prepared = prepareForModel(volume, card, maxVoxels);
  const full = prepared.padded.volume;
  const maskData = cubeMask(full.dims, maskPatch, maskRatio, createRng(seed).fork("reconstruct mask"));
  const maskedData = hideMasked(full.data, maskData);
  const like = <T extends Float32Array | Uint8Array>(data: T): Volume<T> => ({
    data,
    dims: [...full.dims],
    spacing: [...full.spacing],
    affine: [...full.affine],
  });
  const raw = await slidingWindow(like(maskedData), {
    tile: prepared.tile,
    overlap: card.overlap,
    runTile,
    signal,
    onProgress: (done, total) => onProgress?.({ stage: "tiles", done, total }),
  });
  onProgress?.({ stage: "restore", done: 0, total: 1 });
  const crop = <T extends Float32Array | Uint8Array>(v: Volume<T>): Volume<T> =>
    cropPadding(v as unknown as Volume<Float32Array>, prepared.padded) as unknown as Volume<T>;
  const input = prepared.onModelGrid;
  const reconstruction = crop(raw);
  const mask = crop(like(maskData));
  const masked = crop(like(maskedData));
  const error = new Float32Array(input.data.length);
  let hidden = 0;
  let hiddenSum = 0;
  let visibleSum = 0;
  for (let n = 0; n < error.length; n++) {
    const d = reconstruction.data[n] - input.data[n];
    error[n] = Math.abs(d);
    if (mask.data[n]) {
      hidden++;
      hiddenSum += d * d;
    } else visibleSum += d * d;
  }
  const visible = error.length - hidden;
  return {
    input,
    mask,
    masked,
    reconstruction,
    errorMap: { data: error, dims: [...input.dims], spacing: [...input.spacing], affine: [...input.affine] },
    loss: hidden ? hiddenSum / hidden : 0,
    visibleLoss: visible ? visibleSum / visible : 0,
  };
}
