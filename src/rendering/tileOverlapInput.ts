/**
 * The Segment page's "Tile overlap": how much neighbouring tiles of the sliding window share. A quarter (the page's
 * default: on chris_MRA it runs 41 tiles instead of 79 and its mask agrees with the half-overlap one to Dice 0.98) or
 * a half (the model card's, so the CLI's default: every voxel blends more tiles, 0.02 better mean Dice on dense
 * 160³ synthetic scans, 1.6–1.8 times the time in the measurements, more on large dense scans). Its value is the fraction; the initial one comes from the URL's
 * `overlap`, else PAGE_OVERLAP.
 */
import * as Inputs from "@observablehq/inputs";

export const TILE_OVERLAPS = [0.25, 0.5] as const;
export type TileOverlap = (typeof TILE_OVERLAPS)[number];
/** The page's default: the faster of the two. */
export const PAGE_OVERLAP: TileOverlap = 0.25;

/** The overlap the URL's `overlap` names when it is one of TILE_OVERLAPS, else `fallback`. */
export function tileOverlapFromQuery(query: URLSearchParams, fallback: TileOverlap = PAGE_OVERLAP): TileOverlap {
  const asked = Number(query.get("overlap"));
  return (TILE_OVERLAPS as readonly number[]).includes(asked) ? (asked as TileOverlap) : fallback;
}

/** An overlap in words: "a quarter", "a half", else the fraction. */
export function overlapWords(overlap: number): string {
  return overlap === 0.25 ? "a quarter" : overlap === 0.5 ? "a half" : String(overlap);
}

/** An overlap as the page's input shows it: "a quarter (faster)", "a half (the CLI's default)" when the card's is a half. */
export function tileOverlapLabel(overlap: number, cardOverlap = 0.5): string {
  const words = overlapWords(overlap);
  return overlap === cardOverlap ? `${words} (the CLI's default)` : overlap < cardOverlap ? `${words} (faster)` : words;
}

export function tileOverlapInput(query: URLSearchParams, cardOverlap = 0.5): HTMLElement & { value: TileOverlap } {
  return Inputs.radio(TILE_OVERLAPS, {
    label: "Tile overlap",
    value: tileOverlapFromQuery(query),
    format: (o: number) => tileOverlapLabel(o, cardOverlap),
  }) as HTMLElement & {
    value: TileOverlap;
  };
}

/** Writes the overlap into the page's URL parameters (absent when it is the page's default). */
export function writeTileOverlap(overlap: TileOverlap, params: URLSearchParams): void {
  if (overlap === PAGE_OVERLAP) params.delete("overlap");
  else params.set("overlap", String(overlap));
}
