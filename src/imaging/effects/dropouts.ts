/**
 * Intensity drop-outs: boxes (a size ≥ 1 on two axes makes a slab) where the signal above the
 * floor is multiplied by `factor`, with soft edges `softness` voxels wide (coil drop-out,
 * shadowing in light-sheet, a failed slice). Rows outside a box are skipped.
 */
import type { Vec3, Volume } from "../../volume/index.js";
import { checkFinite, checkRange, outputFor } from "../internal/grid.js";
import type { PointwiseKernel } from "../internal/kernel.js";
import type { Dropout } from "../params.js";

export function checkDropouts(boxes: Dropout[], fn: string): void {
  if (!Array.isArray(boxes)) throw new TypeError(`${fn}: dropouts must be an array`);
  boxes.forEach((b, n) => {
    for (let a = 0; a < 3; a++) {
      checkFinite(fn, `dropouts[${n}].center[${a}]`, b.center[a]);
      checkRange(fn, `dropouts[${n}].size[${a}]`, b.size[a], 0, 100, "fraction of the field of view");
    }
    checkRange(fn, `dropouts[${n}].factor`, b.factor, 0, 1);
    checkRange(fn, `dropouts[${n}].softness`, b.softness, 0, 1e4, "voxels");
  });
}

/** Weight (0..1) of each index along an axis of n voxels for a box of centre c and size s (fractions). */
function window1d(n: number, c: number, s: number, soft: number): Float64Array {
  const w = new Float64Array(n);
  const center = c * n - 0.5,
    half = (s * n) / 2;
  for (let i = 0; i < n; i++) {
    const inside = half - Math.abs(i - center); // > 0 inside
    w[i] = soft > 0 ? Math.min(1, Math.max(0, inside / soft + 0.5)) : inside >= 0 ? 1 : 0;
  }
  return w;
}

/** The effect as a kernel over voxel ranges of a grid of `dims` (null when there are no boxes). */
export function dropoutKernel(dims: Vec3, params: { boxes: Dropout[]; floor: number }): PointwiseKernel | null {
  checkDropouts(params.boxes, "dropouts");
  checkFinite("dropouts", "floor", params.floor);
  if (params.boxes.length === 0) return null;
  const [nx, ny, nz] = dims;
  const floor = params.floor;
  const boxes = params.boxes.map((b) => ({
    wx: window1d(nx, b.center[0], b.size[0], b.softness),
    wy: window1d(ny, b.center[1], b.size[1], b.softness),
    wz: window1d(nz, b.center[2], b.size[2], b.softness),
    loss: 1 - b.factor,
  }));
  return (data, v0, v1) => {
    for (let v = v0; v < v1;) {
      const row = Math.floor(v / nx),
        i0 = v - row * nx,
        end = Math.min(v1, (row + 1) * nx);
      const j = row % ny,
        k = Math.floor(row / ny);
      for (const { wx, wy, wz, loss } of boxes) {
        const wyz = wy[j] * wz[k];
        if (wyz === 0) continue;
        for (let i = i0, u = v; u < end; i++, u++) {
          const w = wx[i] * wyz;
          if (w !== 0) data[u] = floor + (1 - loss * w) * (data[u] - floor);
        }
      }
      v = end;
    }
  };
}

export function dropouts(image: Volume<Float32Array>, params: { boxes: Dropout[]; floor: number }, out?: Volume<Float32Array>): Volume<Float32Array> {
  const kernel = dropoutKernel(image.dims, params);
  const o = outputFor(image, out, "dropouts");
  kernel?.(o.data, 0, o.data.length);
  return o;
}
