import type { Vec3, Volume } from "../volume/index.js";
import { type FieldOfView, fieldOfView } from "./fieldOfView.js";
import { type ModelCard, modelSpacing } from "./modelCard.js";
import { type PaddedVolume, padForModel } from "./padForModel.js";
import { percentileNormalise } from "./percentileNormalise.js";
import { resampleForModel } from "./resampleForModel.js";

export interface PreparedVolume {
  /** Intensities mapped to 0 and 1 (card.normalisation). */
  low: number;
  high: number;
  /** card.spacing resolved for this scan (modelSpacing): the voxel size of onModelGrid, or "native". */
  spacing: Vec3 | "native";
  /** The normalised scan on the model's grid (`spacing`), before padding. */
  onModelGrid: Volume<Float32Array>;
  /** onModelGrid zero-padded at the far end to a multiple of card.stride, and where the scan lies in it. */
  padded: PaddedVolume;
  /** The tile the sliding window uses: card.tile, or the padded axis where that is shorter (a thin stack is one tile deep). */
  tile: Vec3;
  /** The scan's field of view when its background was masked (fieldOfView, on the input's grid); null otherwise or with maskBackground false. */
  fieldOfView: FieldOfView | null;
}

/**
 * What a model sees of a scan, the first half of the recipe of models/train/infer.py that segmentVolume and
 * reconstructVolume share: percentile normalisation, resampling to the card's voxel size ("native" keeps the grid) and
 * padding to the stride. Throws a RangeError before allocating when the model grid would exceed `maxVoxels` (a wrong
 * voxel size in a header would otherwise exhaust memory). A scan with a masked background (fieldOfView) is normalised
 * with the percentiles of its field of view, unless `maskBackground` is false; the field of view is returned for the
 * later steps.
 */
export function prepareForModel(
  volume: Volume,
  card: ModelCard,
  maxVoxels = 2 ** 28,
  { maskBackground = true }: { maskBackground?: boolean } = {},
): PreparedVolume {
  if (volume.dims.length !== 3 || volume.data.length !== volume.dims[0] * volume.dims[1] * volume.dims[2]) {
    throw new RangeError(`a 3D volume is needed; got dims [${volume.dims.join(", ")}] with ${volume.data.length} values`);
  }
  const target = modelSpacing(card.spacing, volume.spacing);
  if (target !== "native") {
    const spacing = target;
    const dims = volume.dims.map((n, a) => Math.max(1, Math.round((n * volume.spacing[a]) / spacing[a])));
    if (dims[0] * dims[1] * dims[2] > maxVoxels) {
      throw new RangeError(
        `resampling ${volume.dims.join("×")} voxels of ${volume.spacing.map(fmt).join("×")} mm to the model's ${spacing.map(fmt).join("×")} mm gives ${dims.join("×")} voxels, more than ${maxVoxels}; check the scan's voxel size, or give a coarser spacing (or "native")`,
      );
    }
  }
  const fov = maskBackground ? fieldOfView(volume) : null;
  const normalised = percentileNormalise(volume, card.normalisation.percentiles, { clip: card.normalisation.clip, within: fov?.mask });
  const onModelGrid = resampleForModel(normalised.volume, target);
  const padded = padForModel(onModelGrid, { stride: card.stride });
  const tile = card.tile.map((t, a) => Math.min(t, padded.volume.dims[a])) as Vec3;
  return { low: normalised.low, high: normalised.high, spacing: target, onModelGrid, padded, tile, fieldOfView: fov };
}

function fmt(x: number): string {
  return String(+x.toPrecision(4));
}
