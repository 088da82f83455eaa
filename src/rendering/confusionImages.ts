/**
 * Error maps of a mask against its label as plain 2D data (no DOM): each pixel's class (0 true negative, 1 true
 * positive, 2 false positive, 3 false negative; src/metrics' confusionClasses) on a slice, or on the maximum-intensity
 * projections. The projection compares the two projections: a pixel is a true positive where both the mask's and the
 * label's rays meet vessel, a false positive where only the mask's does, a false negative where only the label's does.
 */
import { confusionClasses } from "../metrics/index.js";
import type { Volume } from "../volume/index.js";
import { type Axis, type Image2D, mipOf, sliceOf } from "./sliceData.js";

function classesOf(pred: Image2D, label: Image2D): Image2D {
  return { ...pred, data: Float32Array.from(confusionClasses(pred.data, label.data)) };
}

function checkGrids(pred: Volume, label: Volume, who: string): void {
  if (pred.dims.some((d, a) => d !== label.dims[a]))
    throw new RangeError(`${who}: the mask is ${pred.dims.join("×")} voxels, the label ${label.dims.join("×")}; give both on one grid`);
}

/** The classes on the slice `index` along `axis` (as sliceOf lays it out). */
export function confusionSlice(pred: Volume, label: Volume, axis: Axis, index: number): Image2D {
  checkGrids(pred, label, "confusionSlice");
  return classesOf(sliceOf(pred, axis, index), sliceOf(label, axis, index));
}

/** The classes of the projections along `axis` (as mipOf lays them out). */
export function confusionMip(pred: Volume, label: Volume, axis: Axis): Image2D {
  checkGrids(pred, label, "confusionMip");
  return classesOf(mipOf(pred, axis), mipOf(label, axis));
}
