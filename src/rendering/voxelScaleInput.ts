/**
 * The Segment and Reconstruct pages' "Voxel scale": run the models on the scan's own grid, or on isotropic voxels
 * ×1.5, ×2 or ×3 its finest side (the CLI's --spacing xF), for scans whose vessels are wider in voxels than the
 * training vessels. Its value is "native" or "x1.5", "x2", "x3"; the initial one comes from the URL's `scale`.
 * spacingOfScale turns the value into the spacing the inference worker takes.
 */
import * as Inputs from "@observablehq/inputs";
import { type ModelSpacing, parseSpacingFactor } from "../infer/index.js";

export const VOXEL_SCALES = ["native", "x1.5", "x2", "x3"] as const;
export type VoxelScale = (typeof VOXEL_SCALES)[number];

export function voxelScaleInput(query: URLSearchParams): HTMLElement & { value: VoxelScale } {
  const asked = query.get("scale");
  const value = (VOXEL_SCALES as readonly string[]).includes(asked ?? "") ? (asked as VoxelScale) : "native";
  return Inputs.radio(VOXEL_SCALES, { label: "Voxel scale", value, format: voxelScaleLabel }) as HTMLElement & { value: VoxelScale };
}

/** A voxel scale as the pages show it: "as scanned", "×1.5", "×2", "×3". */
export function voxelScaleLabel(scale: VoxelScale): string {
  return scale === "native" ? "as scanned" : scale.replace("x", "×");
}

/** The spacing override for a voxel scale: undefined for "native" (the model card's own), else {factor}. */
export function spacingOfScale(scale: VoxelScale): ModelSpacing | undefined {
  return scale === "native" ? undefined : (parseSpacingFactor(scale) ?? undefined);
}

/** Writes the scale into the page's URL parameters (absent for "native"). */
export function writeVoxelScale(scale: VoxelScale, params: URLSearchParams): void {
  if (scale === "native") params.delete("scale");
  else params.set("scale", scale);
}
