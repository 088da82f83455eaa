import type { Volume } from "../volume/index.js";
import { fieldOfView } from "./fieldOfView.js";

export interface MirrorOptions {
  /** Mirror inside the field of view only, keeping a masked background (fieldOfView) as it is; default true, as segmentVolume. */
  maskBackground?: boolean;
}

/**
 * A scan of dark vessels (darker than the tissue around them, as in black-blood MR) turned into one of bright vessels,
 * which is what the segmenter learnt: every intensity x becomes lo + hi − x, where lo and hi are the smallest and
 * largest intensities of the scan. On a scan whose background was masked to one value (fieldOfView), only the voxels
 * inside the field of view are mirrored, over their own range, and the background keeps its value: it stays the scan's
 * minimum, so the same voxels count as background afterwards and the scan reads as a bright-vessel scan of the same
 * field of view. The mirror is affine, so what the model sees after its percentile normalisation is the negative of the
 * scan's own normalised image. Non-finite voxels stay as they are. Returns float32 on the scan's grid; the input is not changed.
 */
export function mirrorIntensities(volume: Volume, options: MirrorOptions = {}): Volume<Float32Array> {
  const { maskBackground = true } = options;
  const src = volume.data;
  const n = src.length;
  const fov = maskBackground ? fieldOfView(volume) : null;
  const background = fov?.background;
  const mirrored = (x: number) => Number.isFinite(x) && x !== background;
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (!mirrored(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i];
    out[i] = mirrored(x) ? lo + hi - x : x;
  }
  return { data: out, dims: [...volume.dims], spacing: [...volume.spacing], affine: [...volume.affine] };
}
