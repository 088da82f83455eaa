import type { Vec3, Volume } from "../volume/index.js";

/** A scan's field of view when its background was masked (zero-filled) by its scanner or publisher. */
export interface FieldOfView {
  /** 1 inside: a voxel whose value is not the background value, or within `margin` voxels (a cube) of one; 0 outside. */
  mask: Uint8Array;
  /** The background value: the volume's minimum. */
  background: number;
  /** Fraction of the volume outside the field of view. */
  outside: number;
}

export interface FieldOfViewOptions {
  /** Least fraction of voxels holding exactly the minimum for the scan to count as masked; default 0.2. */
  minFraction?: number;
  /** Voxels of background kept around the signal (a cube of this radius); default 2. */
  margin?: number;
}

/**
 * The field of view of a scan whose background was masked: skull-stripped or thresholded MRA, CT with the air set to
 * one value, stacks zero-padded by their publisher (chris_MRA and CT_AVM are 99 % and 96 % exact zeros). A model sees no
 * vessel there, but a tile of almost only one value is normalised on its own statistics (instance normalisation), so
 * its few differences (the zero padding of a convolution at the tile's edge) become false vessels. segmentVolume
 * therefore skips tiles outside the field of view and sets the probability outside it to 0, as nnU-Net uses its
 * non-zero mask. Returns null, and nothing is masked, when fewer than `minFraction` of the voxels hold exactly the
 * minimum: a scan with noise in its background has almost no two voxels of one value.
 */
export function fieldOfView(volume: Volume, options: FieldOfViewOptions = {}): FieldOfView | null {
  const { minFraction = 0.2, margin = 2 } = options;
  if (!(minFraction > 0 && minFraction <= 1)) throw new RangeError(`fieldOfView: minFraction = ${minFraction}; give a fraction in (0, 1]`);
  if (!Number.isInteger(margin) || margin < 0) throw new RangeError(`fieldOfView: margin = ${margin}; give a whole number of voxels ≥ 0`);
  const data = volume.data;
  const n = data.length;
  if (n === 0) return null;
  let background = Infinity;
  for (let i = 0; i < n; i++) if (data[i] < background) background = data[i];
  const signal = new Uint8Array(n);
  let atBackground = 0;
  for (let i = 0; i < n; i++) {
    if (data[i] === background) atBackground++;
    else signal[i] = 1;
  }
  if (atBackground < minFraction * n) return null;
  const mask = dilateBox(signal, volume.dims, margin);
  let inside = 0;
  for (let i = 0; i < n; i++) inside += mask[i];
  return { mask, background, outside: 1 - inside / n };
}

/**
 * A binary mask (x fastest) dilated by a cube of half-width `radius`: a voxel is set when any voxel within `radius` on
 * every axis is. Three passes of a running count along x, y and z, so the cost does not grow with the radius.
 */
export function dilateBox(mask: Uint8Array, dims: Vec3, radius: number): Uint8Array {
  const [nx, ny, nz] = dims;
  if (mask.length !== nx * ny * nz) throw new RangeError(`dilateBox: ${mask.length} values for dims [${dims.join(", ")}]`);
  if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`dilateBox: radius = ${radius}; give a whole number of voxels ≥ 0`);
  if (radius === 0) return mask.slice();
  let src = mask;
  const strides = [1, nx, nx * ny];
  for (let a = 0; a < 3; a++) {
    const len = dims[a];
    const step = strides[a];
    const dst = new Uint8Array(mask.length);
    // Every line along axis a starts at a voxel whose coordinate on a is 0.
    for (let k = 0; k < nz; k++) {
      if (a === 2 && k > 0) break;
      for (let j = 0; j < ny; j++) {
        if (a === 1 && j > 0) break;
        for (let i = 0; i < nx; i++) {
          if (a === 0 && i > 0) break;
          const base = i + nx * (j + ny * k);
          // count of set voxels in the window [t - radius, t + radius] along the line
          let count = 0;
          for (let t = 0; t < Math.min(radius, len); t++) count += src[base + t * step];
          for (let t = 0; t < len; t++) {
            const enter = t + radius;
            const leave = t - radius - 1;
            if (enter < len) count += src[base + enter * step];
            if (leave >= 0) count -= src[base + leave * step];
            if (count > 0) dst[base + t * step] = 1;
          }
        }
      }
    }
    src = dst;
  }
  return src;
}
