/**
 * Which voxels a sample's label marks:
 * - "lumen" (the default, and every data set made before the choice existed): the simulated
 *   lumen, fraction ≥ 0.5, whatever the image's blur;
 * - "visible": what a human reader traces on the image: the vessels' half-maximum extent after the
 *   image's blur, PSF and resolution loss, and the lumen (src/imaging visibleLabel). Wider than the
 *   lumen where the image is blurred, about the same where it is sharp.
 * The image is the same bytes under either convention; only the label differs.
 */
import { visibleLabel, type ImagingLabels, type ImagingParams } from "../imaging/index.js";
import { createVolume, type Volume } from "../volume/index.js";

export const LABEL_CONVENTIONS = ["lumen", "visible"] as const;
export type LabelConvention = (typeof LABEL_CONVENTIONS)[number];
export const DEFAULT_LABEL_CONVENTION: LabelConvention = "lumen";

/** `value` if it names a convention; otherwise a RangeError naming it and the valid ones. */
export function checkLabelConvention(value: unknown, name = "labelConvention"): LabelConvention {
  if ((LABEL_CONVENTIONS as readonly unknown[]).includes(value)) return value as LabelConvention;
  throw new RangeError(`${name} = ${JSON.stringify(value)}; give ${LABEL_CONVENTIONS.map((c) => `"${c}"`).join(" or ")}`);
}

/**
 * A sample's label under `convention`: the lumen (`labels.binary`, or fraction ≥ 0.5; the very
 * volume, not a copy) or the visible label of the image made with `params`.
 */
export function sampleLabel(labels: ImagingLabels, params: ImagingParams, convention: LabelConvention = DEFAULT_LABEL_CONVENTION): Volume<Uint8Array> {
  checkLabelConvention(convention, "sampleLabel: convention");
  if (convention === "visible") return visibleLabel(labels, params);
  if (labels.binary) return labels.binary;
  const { dims, spacing, affine, data } = labels.fraction;
  const out = createVolume(Uint8Array, dims, spacing, affine);
  for (let v = 0; v < data.length; v++) out.data[v] = data[v] >= 0.5 ? 1 : 0;
  return out;
}
