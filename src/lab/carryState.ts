/**
 * The lab's state from page to page. Every page keeps its state in one URL namespace: the tree (`preset`, `seed`, the
 * growth parameters), Voxelise's `size` and `path`, Synthesise's `modality`, `size`, `iseed`, `voxel`, `off`, `label`
 * and `imaging`, and the volume pages' `source` with its picker's and their own settings (PAGE_KEYS). A page reads
 * its part and keeps the rest in its URL, so a link that carries the whole query carries the tree and the imaging
 * through every page and back. Two things are translated:
 *
 * - `size` is the volume's side on Voxelise (64–256 voxels, steps of 32) and on Synthesise (48–160, steps of 16): the
 *   page shows the nearest side it offers and says so (pageSize), rather than falling back to its default;
 * - the volume pages (Fit, Segment, Reconstruct) work on an image: from a tree page (Grow, Voxelise, Synthesise) they
 *   open on the Synthesise page's image of the current tree (`source=synthesised image`).
 *
 * Pure: the sidebar's and footer's links (src/rendering carryStateLinks) and the pages' own links call it.
 */
import { PARAM_SPECS } from "../geometry/index.js";
import { readTreeState } from "./treeState.js";
import { MODALITIES } from "../imaging/index.js";

export const LAB_PAGES = ["home", "grow", "voxelise", "synthesise", "fit", "segment", "reconstruct"] as const;
export type LabPage = (typeof LAB_PAGES)[number];

/** The pages that show the tree (and read its parameters from the URL). */
export const TREE_PAGES: readonly LabPage[] = ["grow", "voxelise", "synthesise"];
/** The pages that work on a volume chosen in the volume picker. */
export const VOLUME_PAGES: readonly LabPage[] = ["fit", "segment", "reconstruct"];

const TREE_KEYS = ["preset", "seed", ...PARAM_SPECS.map((s) => s.key)];
/** The Synthesise page's image: what the volume pages read for `source=synthesised image` (synthesisFromSearch). */
const SYNTHESIS_KEYS = [...TREE_KEYS, "modality", "size", "iseed", "voxel", "off", "label", "imaging"];
const PICKER_KEYS = ["source", "sample", "index", "ssize", "dseed", "scan", "kept", ...SYNTHESIS_KEYS];

/** The URL parameters each page reads. A key two pages share means the same on both, but `size` (see pageSize). */
export const PAGE_KEYS: Readonly<Record<LabPage, readonly string[]>> = {
  home: [],
  grow: TREE_KEYS,
  voxelise: [...TREE_KEYS, "size", "path"],
  synthesise: SYNTHESIS_KEYS,
  fit: [...PICKER_KEYS, "rounds", "pop", "samples", "final", "fseed", "fimage", "mask", "flabel", "fpresets", "fmodality"],
  segment: [...PICKER_KEYS, "provider", "scale", "compare"],
  reconstruct: [...PICKER_KEYS, "provider", "scale", "shift", "ratio", "patch", "mseed", "steps", "crop"],
};

/** The page a path names ("/grow", "./voxelise", "/lab/synthesise.html", "/" for Home), or null for another. */
export function pageOfPath(pathname: string): LabPage | null {
  const last = pathname.split(/[?#]/)[0].split("/").pop() ?? "";
  const name = last.replace(/\.html$/i, "") || "index";
  if (name === "index") return "home";
  return (LAB_PAGES as readonly string[]).includes(name) ? (name as LabPage) : null;
}

/**
 * The query a link from page `from` to page `to` carries: the whole current query (each page keeps what it does not
 * read, so nothing is lost on the way back), and, from a tree page to a volume page, `source=synthesised image`, so
 * that Fit, Segment and Reconstruct open on the image of the tree the user was looking at.
 */
export function carriedSearch(from: LabPage, to: LabPage, search: string | URLSearchParams): URLSearchParams {
  const q = new URLSearchParams(search);
  if (TREE_PAGES.includes(from) && VOLUME_PAGES.includes(to)) q.set("source", "synthesised image");
  return q;
}

/** The volume sides each page offers (voxels per side). */
export const PAGE_SIZES = {
  voxelise: { min: 64, max: 256, step: 32, value: 128 },
  synthesise: { min: 48, max: 160, step: 16, value: 96 },
} as const;

/**
 * The volume side a page shows for the URL's `size`: the side asked for when the page offers it, else the nearest it
 * offers, with a note saying so (a link from Voxelise at 256 opens Synthesise at 160, and says why); the page's
 * default, without a note, when the URL has no size.
 */
export function pageSize(page: keyof typeof PAGE_SIZES, search: string | URLSearchParams): { value: number; note: string | null } {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const { min, max, step, value } = PAGE_SIZES[page];
  const text = q.get("size");
  if (text === null || text.trim() === "") return { value, note: null };
  const asked = Number(text);
  const offers = `this page makes ${min} to ${max} voxels per side in steps of ${step}`;
  if (!Number.isFinite(asked)) return { value, note: `The link's volume size, "${text}", is not a number; ${offers}, so it shows ${value}.` };
  const nearest = Math.min(max, Math.max(min, min + step * Math.round((asked - min) / step)));
  if (nearest === asked) return { value: asked, note: null };
  return { value: nearest, note: `The link asked for ${asked} voxels per side; ${offers}, so it shows ${nearest}.` };
}

/**
 * What a page could not take from its URL, one sentence each, for a note on the page: tree values it could not read
 * (an unknown preset, a negative seed, an unparsable parameter), a volume side it does not offer, and on Synthesise an
 * unknown modality or unreadable tuned settings. Empty when it took everything.
 */
export function urlNotes(page: LabPage, search: string | URLSearchParams): string[] {
  const q = new URLSearchParams(search);
  const notes: string[] = [];
  if (TREE_PAGES.includes(page)) {
    const { ignored } = readTreeState(q);
    if (ignored.length) notes.push(`Not understood in the link, so this page uses its defaults for them: ${ignored.join(", ")}.`);
  }
  if (page === "voxelise" || page === "synthesise") {
    const { note } = pageSize(page, q);
    if (note) notes.push(note);
  }
  if (page === "synthesise") {
    const modality = q.get("modality");
    if (modality !== null && !(MODALITIES as readonly string[]).includes(modality))
      notes.push(`The link's modality "${modality}" is not one of ${MODALITIES.join(", ")}; this page shows the tree's usual one.`);
    const imaging = q.get("imaging");
    if (imaging !== null && !isRecord(imaging))
      notes.push("The link's tuned imaging settings could not be read; the sliders start from the imaging seed's draw.");
  }
  return notes;
}

function isRecord(text: string): boolean {
  try {
    const v = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}
