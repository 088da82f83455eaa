/**
 * Each voxel's (or pixel's) class of a prediction against a label, foreground = value > 0 (NaN is background), for
 * error maps: 0 true negative, 1 true positive, 2 false positive, 3 false negative. Works on any pair of equally long
 * arrays: a Volume's data, a slice, a projection.
 */
export const CONFUSION_CLASS = { trueNegative: 0, truePositive: 1, falsePositive: 2, falseNegative: 3 } as const;
export type ConfusionClass = (typeof CONFUSION_CLASS)[keyof typeof CONFUSION_CLASS];

/** The class of every element of `pred` against `label`; throws a RangeError when their lengths differ. */
export function confusionClasses(pred: ArrayLike<number>, label: ArrayLike<number>): Uint8Array {
  if (pred.length !== label.length)
    throw new RangeError(`confusionClasses: pred has ${pred.length} elements, label ${label.length}; give the prediction and the label on one grid`);
  const out = new Uint8Array(pred.length);
  for (let i = 0; i < out.length; i++) {
    const p = pred[i] > 0,
      l = label[i] > 0;
    out[i] = p ? (l ? 1 : 2) : l ? 3 : 0;
  }
  return out;
}
