/**
 * The shape of one tile as the model sees it: [batch 1, channel 1, D, H, W] with D = z (slowest), H = y, W = x
 * (fastest). A Volume's x-fastest array of a tile is already this tensor's row-major (C-order) layout, so tiles
 * need no transposition: voxel (i, j, k) of the tile is element i + W · (j + H · k).
 */
export type TileDims = readonly [1, 1, number, number, number];

/**
 * Runs the model on one tile: `input` holds D · H · W float32 values in the layout TileDims describes; the promise
 * gives the segmentation output for the same voxels in the same layout (one channel: probability or logit).
 * onnxruntime-node (src/infer/node.ts) and onnxruntime-web each provide one; tests use plain functions.
 */
export type RunTile = (input: Float32Array, dims: TileDims) => Promise<Float32Array>;

/** Progress of a long run: `done` of `total` steps (tiles) of a stage. */
export interface InferProgress {
  stage: "normalise" | "tiles" | "restore";
  done: number;
  total: number;
}
