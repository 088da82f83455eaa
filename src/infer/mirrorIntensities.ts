import type { Volume } from "../volume/index.js";
import { fieldOfView } from "./fieldOfView.js";

/**
 * A scan of dark vessels (darker than the tissue around them, as in black-blood MR) turned into one of bright vessels,
 * which is what the segmenter learnt: every intensity x becomes lo + hi − x, where lo and hi are the smallest and
 * largest intensities mirrored. On a scan whose background was masked to one value (fieldOfView: a fifth or more of its
 * voxels hold exactly its minimum) the voxels holding that value keep it, and the others are mirrored over their own
 * range, so the background stays the scan's minimum and segmentVolume finds the same field of view (a voxel inside it
 * that holds exactly the background value, such as a lumen clipped to 0, is kept too: the value alone tells them
 * apart). The background is kept whatever `--no-background-mask` says: mirrored, it would become the brightest thing
 * in the scan. On a scan with no masked background, what the model sees after the card's symmetric percentiles
 * (0.5/99.5) is 1 − what it would see of the scan itself. Non-finite voxels stay as they are. Returns float32 on the
 * scan's grid; the input is not changed.
 */
export function mirrorIntensities(volume: Volume): Volume<Float32Array> {
  const src = volume.data;
  const n = src.length;
  const background = fieldOfView(volume, { margin: 0 })?.background;
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
