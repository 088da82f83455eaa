import { labelRegions } from "./components.js";
import { eulerOfMask } from "./eulerCharacteristic.js";
import { type VoxelGrid, assertSameDims, binarize } from "./mask.js";

/** Betti numbers of a bounded foreground: b0 components, b1 independent loops (tunnels, handles), b2 cavities; and χ. */
export interface BettiNumbers {
  b0: number;
  b1: number;
  b2: number;
  euler: number;
}

/**
 * The Betti numbers of the foreground (value > 0) of `volume`, with 26-connectivity for the foreground and 6 for
 * the background, everything outside the grid being background: b0 = 26-connected components; b2 = 6-connected
 * background components that do not reach the border (cavities); χ from the voxel complex; b1 = b0 + b2 − χ.
 */
export function bettiNumbers(volume: VoxelGrid): BettiNumbers {
  const mask = binarize(volume);
  const b0 = labelRegions(mask.data, mask.dims, 26, 1).count;
  const background = labelRegions(mask.data, mask.dims, 6, 0);
  const b2 = background.touchesBorder.filter((touches, label) => label > 0 && !touches).length;
  const euler = eulerOfMask(mask.data, mask.dims);
  return { b0, b1: b0 + b2 - euler, b2, euler };
}

/** b0: the number of 26-connected foreground components. */
export function betti0(volume: VoxelGrid): number {
  return labelRegions(binarize(volume).data, volume.dims, 26, 1).count;
}

/** b1: the number of independent loops of the foreground (b0 + b2 − χ). */
export function betti1(volume: VoxelGrid): number {
  return bettiNumbers(volume).b1;
}

/** |Δb0| and |Δb1| between a prediction and its label. */
export function bettiErrors(pred: VoxelGrid, label: VoxelGrid): { betti0Error: number; betti1Error: number } {
  assertSameDims(pred, label, "bettiErrors");
  const p = bettiNumbers(pred),
    l = bettiNumbers(label);
  return { betti0Error: Math.abs(p.b0 - l.b0), betti1Error: Math.abs(p.b1 - l.b1) };
}
