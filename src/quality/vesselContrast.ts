import { dilateBox } from "../infer/index.js";
import { percentilesOf, type Volume } from "../volume/index.js";

/**
 * How much brighter a labelled image's vessels are than the tissue right around them: the median of the image inside
 * the label minus its median over the voxels 2 or 3 from it (a cube's steps: inside the label grown by 3, outside it
 * grown by 1, so partial-volume edges count to neither). Negative for dark vessels (darker than the tissue they run
 * through); NaN without a label voxel or without such a shell. The label is vessel where > 0, on the image's grid.
 */
export function vesselContrast(image: Volume, label: Volume): number {
  const n = image.data.length;
  if (label.data.length !== n || label.dims.some((d, a) => d !== image.dims[a]))
    throw new RangeError(`vesselContrast: the label is ${label.dims.join("×")} voxels, the image ${image.dims.join("×")}; give the label on the image's grid`);
  const vessel = Uint8Array.from(label.data, (x) => (x > 0 ? 1 : 0));
  const near = dilateBox(vessel, image.dims, 1);
  const far = dilateBox(vessel, image.dims, 3);
  const inside: number[] = [];
  const around: number[] = [];
  for (let i = 0; i < n; i++) {
    if (vessel[i]) inside.push(image.data[i]);
    else if (far[i] && !near[i]) around.push(image.data[i]);
  }
  if (inside.length === 0 || around.length === 0) return NaN;
  return percentilesOf(inside, [50])[0] - percentilesOf(around, [50])[0];
}
