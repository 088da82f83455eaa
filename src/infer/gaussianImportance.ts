import type { Vec3 } from "../volume/index.js";

/**
 * The importance map that blends overlapping tiles, x fastest: a separable Gaussian centred in the tile,
 * exp(−d² / 2σ²) per axis with σ = side · sigmaScale (1/8, as nnU-Net and MONAI), scaled to a peak of 1 and floored
 * at `floor` (1e-3), so that a voxel near a tile's corner still counts where no other tile covers it better.
 * The same map as models/train/infer.py's gaussian_weight.
 */
export function gaussianImportance(tile: Vec3, options: { sigmaScale?: number; floor?: number } = {}): Float32Array {
  const { sigmaScale = 1 / 8, floor = 1e-3 } = options;
  if (!(sigmaScale > 0)) throw new RangeError(`gaussianImportance: sigmaScale = ${sigmaScale}; give a positive number`);
  if (!(floor >= 0 && floor <= 1)) throw new RangeError(`gaussianImportance: floor = ${floor}; give a number in [0, 1]`);
  const axes = tile.map((n, a) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussianImportance: tile[${a}] = ${n}; give positive integers`);
    const sigma = n * sigmaScale;
    const centre = (n - 1) / 2;
    const w = Array.from({ length: n }, (_, i) => Math.exp(-0.5 * ((i - centre) / sigma) ** 2));
    const max = Math.max(...w);
    return w.map((x) => x / max);
  });
  const [gx, gy, gz] = axes;
  const map = new Float32Array(tile[0] * tile[1] * tile[2]);
  for (let k = 0, n = 0; k < tile[2]; k++) {
    for (let j = 0; j < tile[1]; j++) {
      const w = gz[k] * gy[j];
      for (let i = 0; i < tile[0]; i++, n++) map[n] = Math.max(w * gx[i], floor);
    }
  }
  return map;
}
