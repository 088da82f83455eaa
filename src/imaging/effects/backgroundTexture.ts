/**
 * The tissue the vessels run through: a mean level, multi-scale value noise (amplitude =
 * its standard deviation), a few large soft blobs (ventricles, organs, lesions) and many small
 * cells, clipped at the floor. Writes the whole of `out`; the input grid only gives the shape.
 */
import type { Rng } from "../../random/index.js";
import type { Volume } from "../../volume/index.js";
import { checkFinite, checkRange, sameGrid } from "../internal/grid.js";
import type { BackgroundBlob, BackgroundParams } from "../params.js";
import { addCells, checkCellParams } from "./cells.js";
import { checkTextureParams, valueNoiseInto } from "./valueNoise.js";

export function checkBackgroundParams(p: BackgroundParams, fn: string): void {
  checkFinite(fn, "background.level", p.level);
  checkRange(fn, "background.texture.amplitude", p.texture.amplitude, 0, 1e6);
  checkTextureParams(p.texture, fn);
  if (!Array.isArray(p.blobs)) throw new TypeError(`${fn}: background.blobs must be an array`);
  p.blobs.forEach((b, n) => {
    for (let a = 0; a < 3; a++) checkFinite(fn, `background.blobs[${n}].center[${a}]`, b.center[a]);
    checkRange(fn, `background.blobs[${n}].radius`, b.radius, 0, 1e4, "voxels");
    checkFinite(fn, `background.blobs[${n}].amplitude`, b.amplitude);
  });
  checkCellParams(p.cells, fn);
}

/** Background on the grid of `grid` (dims, spacing, affine), in `out` if given. */
export function backgroundTexture(grid: Volume, params: BackgroundParams & { floor: number }, rng: Rng, out?: Volume<Float32Array>): Volume<Float32Array> {
  checkBackgroundParams(params, "backgroundTexture");
  checkFinite("backgroundTexture", "floor", params.floor);
  const o = out ?? sameGrid(grid);
  if (o.data.length !== grid.dims[0] * grid.dims[1] * grid.dims[2]) throw new RangeError("backgroundTexture: out is not on the grid of `grid`");
  const data = o.data;
  const { level, texture } = params;
  const floor = params.floor;
  let min = level;
  if (texture.amplitude > 0) {
    min = valueNoiseInto(grid.dims, texture, rng.fork("texture"), data, level, texture.amplitude);
  } else {
    data.fill(level);
  }
  for (const b of params.blobs) addBlob(data, grid.dims, b);
  addCells(data, grid.dims, params.cells, rng.fork("cells"));
  const mayDip = min < floor || params.blobs.some((b) => b.amplitude < 0) || (params.cells.amplitude < 0 && params.cells.density > 0);
  if (mayDip) for (let v = 0; v < data.length; v++) if (data[v] < floor) data[v] = floor;
  return o;
}

/** Adds amplitude · (1 − (d/r)²)² within radius r of the blob's centre. */
function addBlob(data: Float32Array, dims: Volume["dims"], b: BackgroundBlob): void {
  const [nx, ny, nz] = dims;
  const cx = b.center[0] * nx - 0.5,
    cy = b.center[1] * ny - 0.5,
    cz = b.center[2] * nz - 0.5;
  const r = b.radius;
  if (!(r > 0) || b.amplitude === 0) return;
  const inv = 1 / (r * r);
  const i0 = Math.max(0, Math.ceil(cx - r)),
    i1 = Math.min(nx - 1, Math.floor(cx + r));
  const j0 = Math.max(0, Math.ceil(cy - r)),
    j1 = Math.min(ny - 1, Math.floor(cy + r));
  const k0 = Math.max(0, Math.ceil(cz - r)),
    k1 = Math.min(nz - 1, Math.floor(cz + r));
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const ryz = ((j - cy) ** 2 + (k - cz) ** 2) * inv;
      if (ryz >= 1) continue;
      const row = (k * ny + j) * nx;
      for (let i = i0; i <= i1; i++) {
        const q = 1 - ((i - cx) ** 2 * inv + ryz);
        if (q > 0) data[row + i] += b.amplitude * q * q;
      }
    }
  }
}
