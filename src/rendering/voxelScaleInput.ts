/**
 * The Segment and Reconstruct pages' "Voxel scale": fit to vessels (the scale chosen from the scan's vessel radius, as
 * the CLI's --spacing auto, src/scale), the scan's own grid, or isotropic voxels ×1.5, ×2 or ×3 its finest
 * side (the CLI's --spacing xF). Its value is "auto", "native" or "x1.5", "x2", "x3"; the initial one comes from the
 * URL's `scale`, else the model card's spacing (defaultVoxelScale). spacingOfScale turns the value into the spacing the
 * inference worker takes.
 */
import * as Inputs from "@observablehq/inputs";
import { type ModelSpacing, parseSpacingFactor } from "../infer/index.js";

export const VOXEL_SCALES = ["auto", "native", "x1.5", "x2", "x3"] as const;
export type VoxelScale = (typeof VOXEL_SCALES)[number];

/**
 * The scale a page starts with when its URL names none: the model card's own spacing, as the CLI's default, so the
 * page and `vessel-lab segment` resample alike (the same mask at the same tile overlap: the Segment page's default
 * overlap is a quarter, the CLI's the card's half) ("auto" for a card of spacing "auto", a listed factor for "x1.5",
 * "x2" or "x3", else the scan's own grid).
 */
export function defaultVoxelScale(card: { spacing?: unknown } | null | undefined): VoxelScale {
  const s = card?.spacing;
  return typeof s === "string" && (VOXEL_SCALES as readonly string[]).includes(s) ? (s as VoxelScale) : "native";
}

export function voxelScaleInput(query: URLSearchParams, fallback: VoxelScale = "native"): HTMLElement & { value: VoxelScale } {
  const asked = query.get("scale");
  const value = (VOXEL_SCALES as readonly string[]).includes(asked ?? "") ? (asked as VoxelScale) : fallback;
  return Inputs.radio(VOXEL_SCALES, { label: "Voxel scale", value, format: voxelScaleLabel }) as HTMLElement & { value: VoxelScale };
}

/** A voxel scale as the pages show it: "fit to vessels" (automatic), "as scanned", "×1.5", "×2", "×3". */
export function voxelScaleLabel(scale: VoxelScale): string {
  return scale === "auto" ? "fit to vessels" : scale === "native" ? "as scanned" : scale.replace("x", "×");
}

/** The spacing the inference worker takes for a voxel scale: "auto", "native" or {factor}. */
export function spacingOfScale(scale: VoxelScale): ModelSpacing {
  return scale === "auto" || scale === "native" ? scale : (parseSpacingFactor(scale) ?? "native");
}

/** Writes the scale into the page's URL parameters (absent when it is the page's default, the card's). */
export function writeVoxelScale(scale: VoxelScale, params: URLSearchParams, fallback: VoxelScale = "native"): void {
  if (scale === fallback) params.delete("scale");
  else params.set("scale", scale);
}
