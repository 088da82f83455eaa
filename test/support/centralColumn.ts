import { type Volume, cropVolume } from "../../src/volume/index.js";

/** The central `side`×`side` columns of a volume along x and y, every z: a thin tall volume from a cubic sample. */
export function centralColumn<T extends Volume>(volume: T, side: number): T {
  const [nx, ny, nz] = volume.dims;
  const x0 = (nx - side) >> 1,
    y0 = (ny - side) >> 1;
  return cropVolume(volume, [x0, y0, 0], [x0 + side, y0 + side, nz]) as T;
}
