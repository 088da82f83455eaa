/**
 * A page's tree as URL parameters: `preset`, `seed`, and any growth parameter (by its
 * PARAM_SPECS key) that differs from the preset. Every page reads the same names, so a link
 * carries a tree from Grow to Voxelise to Synthesise. Pure: the page passes location.search
 * in and puts the result into history.
 */
import { DEFAULT_PRESET, PARAM_SPECS, PRESETS, type GrowParams, type ParamSpec } from "../geometry/index.js";

export interface TreeState {
  preset: string;
  seed: number;
  overrides: Partial<GrowParams>;
}

export const DEFAULT_SEED = 7;

function parseValue(spec: ParamSpec, text: string): unknown {
  switch (spec.type) {
    case "boolean":
      return text === "1" || text === "true";
    case "enum":
      return spec.options?.includes(text) ? text : undefined;
    default: {
      const x = Number(text);
      if (!Number.isFinite(x)) return undefined;
      return spec.type === "integer" ? Math.round(x) : x;
    }
  }
}

/** The tree state in `search`; unknown or unparsable values are skipped and listed in `ignored`. */
export function readTreeState(search: string | URLSearchParams): TreeState & { ignored: string[] } {
  const q = typeof search === "string" ? new URLSearchParams(search) : search;
  const ignored: string[] = [];
  let preset = q.get("preset") ?? DEFAULT_PRESET;
  if (!PRESETS[preset]) {
    ignored.push(`preset=${preset}`);
    preset = DEFAULT_PRESET;
  }
  const seedText = q.get("seed");
  let seed = DEFAULT_SEED;
  if (seedText !== null) {
    const s = Number(seedText);
    if (Number.isInteger(s) && s >= 0) seed = s;
    else ignored.push(`seed=${seedText}`);
  }
  const overrides: Partial<GrowParams> = {};
  for (const spec of PARAM_SPECS) {
    const text = q.get(spec.key);
    if (text === null) continue;
    const value = parseValue(spec, text);
    if (value === undefined) ignored.push(`${spec.key}=${text}`);
    else (overrides as Record<string, unknown>)[spec.key] = value;
  }
  return { preset, seed, overrides, ignored };
}

/**
 * The state as URL parameters: preset, seed, and only the parameters that differ from the
 * preset, so links stay short. Other parameters already in `base` (a page's own) are kept.
 */
export function writeTreeState(state: TreeState, base: string | URLSearchParams = ""): URLSearchParams {
  const q = new URLSearchParams(base);
  for (const spec of PARAM_SPECS) q.delete(spec.key);
  q.set("preset", state.preset);
  q.set("seed", String(state.seed));
  const defaults = PRESETS[state.preset]?.params as unknown as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(state.overrides)) {
    if (value === undefined || (defaults && defaults[key] === value)) continue;
    q.set(key, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }
  return q;
}

/** The link to another page carrying this page's tree state (and nothing else). */
export function treeLink(page: string, state: TreeState): string {
  return `${page}?${writeTreeState(state).toString()}`;
}

/** The `vessel-lab grow` command line that makes the same tree (flags are PARAM_SPECS keys in kebab case). */
export function growCommand(state: TreeState, out = "tree.json"): string {
  const defaults = PRESETS[state.preset]?.params as unknown as Record<string, unknown> | undefined;
  const flags = Object.entries(state.overrides)
    .filter(([key, value]) => value !== undefined && (!defaults || defaults[key] !== value))
    .map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${String(value)}`);
  return ["npx vessel-lab grow", `--preset ${state.preset}`, `--seed ${state.seed}`, ...flags, `--out ${out}`].join(" ");
}

/** The tree in words for a status line: "the brain tree, seed 3, terminals 40 and curvature 6" (at most `most` changed parameters named, then how many more). */
export function treeInWords(state: TreeState, most = 3): string {
  const defaults = PRESETS[state.preset]?.params as unknown as Record<string, unknown> | undefined;
  const changed = Object.entries(state.overrides)
    .filter(([key, value]) => value !== undefined && (!defaults || defaults[key] !== value))
    .map(([key, value]) => `${key} ${String(value)}`);
  const named = changed.length > most ? [...changed.slice(0, most), `${changed.length - most} more`] : changed;
  const list = named.length > 1 ? `${named.slice(0, -1).join(", ")} and ${named.at(-1)}` : named.join("");
  return `the ${state.preset} tree, seed ${state.seed}${list ? `, ${list}` : ""}`;
}
