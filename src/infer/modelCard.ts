import type { LabelConvention } from "../dataset/labelConvention.js";
import type { Vec3 } from "../volume/index.js";

/** How a model's grid is chosen: mm per axis, the input's own grid, or a multiple of the input's finest voxel side. */
export type ModelSpacing = Vec3 | "native" | { factor: number } | "auto";

/** The largest `factor` a relative spacing may have: coarser grids leave a 64³ tile almost empty. */
export const MAX_SPACING_FACTOR = 16;

/**
 * The spacing of the grid a model sees for an input of `inputSpacing` mm: "native" unchanged, mm as given, {factor: f}
 * as isotropic voxels of f times the input's finest side (a 0.88 × 0.88 × 1.5 mm CT at x2 becomes 1.76 mm voxels).
 */
export function modelSpacing(spacing: ModelSpacing, inputSpacing: Vec3): Vec3 | "native" {
  if (spacing === "auto")
    throw new RangeError(
      'spacing "auto" depends on the scan: resolve it first with src/scale\'s chooseSpacing (the CLI and the pages do), or give "native", mm or xF',
    );
  if (!isFactor(spacing)) return spacing;
  const h = spacing.factor * Math.min(inputSpacing[0], inputSpacing[1], inputSpacing[2]);
  return [h, h, h];
}

function isFactor(spacing: ModelSpacing): spacing is { factor: number } {
  return typeof spacing === "object" && spacing !== null && !Array.isArray(spacing);
}

/**
 * A spacing as a card or the CLI's --spacing gives it: "native"; a factor ("x2", see parseSpacingFactor); mm as one
 * number, [x, y, z], or the text "0.5" or "0.5,0.5,0.8". Null when it is none of these or a size is not positive;
 * a RangeError (parseSpacingFactor's) for a factor out of range.
 */
export function parseSpacing(value: unknown): ModelSpacing | null {
  if (value === "native" || value === "auto") return value;
  let mm: Vec3 | null;
  if (typeof value === "string") {
    const factor = parseSpacingFactor(value);
    if (factor) return factor;
    const parts = value.split(",").map((p) => (p.trim() === "" ? NaN : Number(p)));
    mm = parts.length === 1 ? [parts[0], parts[0], parts[0]] : parts.length === 3 ? [parts[0], parts[1], parts[2]] : null;
  } else mm = vec3(value);
  return mm && mm.every((x) => x > 0 && Number.isFinite(x)) ? mm : null;
}

/**
 * "x2", "2x", "×2" (a factor, > 0 and ≤ MAX_SPACING_FACTOR) as {factor: 2}; null when `text` is not of that form.
 * Throws a RangeError saying what to give for a factor out of range (the caller names the text).
 */
export function parseSpacingFactor(text: string): { factor: number } | null {
  const m = /^\s*(?:[x×]\s*([^x×\s]+)|([^x×\s]+)\s*[x×])\s*$/i.exec(text);
  if (!m) return null;
  const f = Number(m[1] ?? m[2]);
  if (!(f > 0 && f <= MAX_SPACING_FACTOR))
    throw new RangeError(`give x followed by a number in (0, ${MAX_SPACING_FACTOR}], e.g. x2 for voxels twice the scan's finest side`);
  return { factor: f };
}

/** A spacing in words: "native grid", "0.5×0.5×0.5 mm voxels", "voxels ×2 the scan's finest side". */
export function describeSpacing(spacing: ModelSpacing): string {
  if (spacing === "native") return "native grid";
  if (spacing === "auto") return "automatic scale (from the scan's vessel radius)";
  if (isFactor(spacing)) return `voxels ×${spacing.factor} the scan's finest side`;
  return `${spacing.join("×")} mm voxels`;
}

/** What a segmentation output holds: probabilities in [0, 1], or logits (sigmoid gives the probability). */
export type OutputKind = "probability" | "logit";

/**
 * How to run a segmentation model: the contract between the training toolkit (models/train writes it as a JSON
 * sidecar next to the ONNX file, e.g. models/segmenter.json) and src/infer. Vectors are [x, y, z] like a Volume's
 * dims; the model's input is [1, 1, D, H, W] with D = z, H = y, W = x.
 */
export interface ModelCard {
  /** Free text naming the model (shown by the CLI). */
  name: string;
  /** Spatial dimensions the network accepts are multiples of this (2^number of poolings). */
  stride: number;
  /** Sliding-window tile in voxels, [x, y, z], each a multiple of `stride`: the patch size the model was trained on. */
  tile: Vec3;
  /** Fraction of a tile shared by neighbouring tiles, 0 ≤ overlap ≤ MAX_OVERLAP. */
  overlap: number;
  /** Intensities are mapped linearly so that these percentiles (0…100) of the input become 0 and 1, then clipped to [0, 1] when `clip`. */
  normalisation: { percentiles: [number, number]; clip: boolean };
  /**
   * Voxel size in mm, [x, y, z], the model expects: inputs are resampled to it and the result back. "native": the
   * input's own grid. {factor: f}: isotropic voxels f times the input's finest voxel side (modelSpacing), for scans whose
   * vessels are wider in voxels than the training vessels (a card's "spacing": "x2" is {factor: 2}).
   */
  spacing: ModelSpacing;
  /**
   * The vessel radius, in voxels of the model's grid, the model segments best (what its training data held most):
   * spacing "auto" coarsens a scan until the radius of its thinner quarter of vessels lands here (src/scale's chooseSpacing).
   */
  radiusVoxels: number;
  /** Voxels whose probability is above this are vessel. */
  threshold: number;
  /** The ONNX input fed the image; null: the model's first input. */
  input: string | null;
  /** The segmentation output: its name (null: picked by resolveModelIo) and kind (null: "logit" if the name says so, else "probability"). */
  output: { name: string | null; kind: OutputKind | null };
  /** The reconstruction output (masked-patch decoder), when the model has one; null: an output named like "reconstruction", if any. */
  reconstruction: string | null;
  /**
   * The extra inputs test-time adaptation tunes (per-channel scale and shift of early features, an intensity
   * transform...), each with the value that leaves the network unchanged, fed over the input's whole shape when
   * segmenting without adaptation: e.g. {"adapt_scale": 1, "adapt_shift": 0}. Empty: the model cannot adapt.
   * They must be plain graph inputs: onnxruntime's JavaScript API ignores inputs that also have an initializer.
   */
  adaptationInputs: Record<string, number>;
}

/** The largest tile overlap the lab runs: tiles a tenth of their size apart (1000 passes per voxel); 0.999999 would never finish. */
export const MAX_OVERLAP = 0.9;

/** A tile overlap the lab runs: a number 0 ≤ x ≤ MAX_OVERLAP (what a card, the CLI and the Segment page accept). */
function isOverlap(x: unknown): x is number {
  return typeof x === "number" && x >= 0 && x <= MAX_OVERLAP;
}

/**
 * `card` with its tile overlap replaced (the CLI's --overlap, the Segment page's choice), checked here for both: a
 * fraction 0 ≤ overlap ≤ MAX_OVERLAP, else a RangeError naming `name` and the range.
 */
export function withOverlap<C extends ModelCard>(card: C, overlap: number, name = "overlap"): C {
  if (!isOverlap(overlap)) {
    throw new RangeError(`${name} = ${overlap}: give a fraction 0 ≤ overlap ≤ ${MAX_OVERLAP} of a tile that neighbouring tiles share`);
  }
  return { ...card, overlap };
}

/** A card without radiusVoxels (the three-level model committed until stop 33 had none): its training vessels, 1 to 1.5 voxels in radius. */
export const DEFAULT_RADIUS_VOXELS = 1.25;

/** What a model gets when it comes without a card: the defaults of the 3D U-Net (stride 8, 64³ tiles, 0.5/99.5 percentiles, native grid, threshold 0.5). */
export const DEFAULT_MODEL_CARD: Readonly<ModelCard> = Object.freeze({
  name: "unnamed model",
  stride: 8,
  tile: [64, 64, 64] as Vec3,
  overlap: 0.5,
  normalisation: { percentiles: [0.5, 99.5] as [number, number], clip: true },
  spacing: "native" as const,
  radiusVoxels: DEFAULT_RADIUS_VOXELS,
  threshold: 0.5,
  input: null,
  output: { name: null, kind: null },
  reconstruction: null,
  adaptationInputs: {},
});

/**
 * A ModelCard from parsed JSON (a sidecar file's contents): missing fields take DEFAULT_MODEL_CARD's values, unknown
 * fields (architecture, metrics, training notes...) are ignored. Accepted shorthands: `tile` and `spacing` as one
 * number (isotropic), `output` as a kind ("probability", "prob" or "logit"), `percentiles` at the top level, and
 * `normalization` (the older spelling of `normalisation`, in cards written before the rename) for `normalisation`.
 * Throws a RangeError naming the field, its value and what it must be; `source` (a file name) prefixes the message.
 */
export function parseModelCard(json: unknown, source = "model card"): ModelCard {
  const fail = (field: string, value: unknown, must: string): never => {
    throw new RangeError(`${source}: ${field} = ${JSON.stringify(value)}; ${must}`);
  };
  if (json === null || typeof json !== "object" || Array.isArray(json)) fail("the card", json, "it must be a JSON object");
  const c = json as Record<string, unknown>;
  const card: ModelCard = structuredClone(DEFAULT_MODEL_CARD) as ModelCard;

  if (c.name !== undefined) card.name = typeof c.name === "string" ? c.name : fail("name", c.name, "give a string");
  if (c.stride !== undefined) {
    card.stride =
      Number.isInteger(c.stride) && (c.stride as number) >= 1
        ? (c.stride as number)
        : fail("stride", c.stride, "give a positive integer (2^number of poolings, e.g. 8)");
  }
  if (c.tile !== undefined) {
    const tile = vec3(c.tile);
    if (!tile || tile.some((t) => !Number.isInteger(t) || t < 1)) fail("tile", c.tile, "give a positive integer or [x, y, z] of them (voxels)");
    card.tile = tile!;
  }
  if (card.tile.some((t) => t % card.stride !== 0)) fail("tile", card.tile, `each side must be a multiple of stride ${card.stride}`);
  if (c.overlap !== undefined) {
    card.overlap = isOverlap(c.overlap) ? c.overlap : fail("overlap", c.overlap, `give a fraction 0 ≤ overlap ≤ ${MAX_OVERLAP} (the most the lab runs)`);
  }
  // Cards written before the project settled on British spelling name the field "normalization": read either.
  const normKey = c.normalisation === undefined && c.normalization !== undefined ? "normalization" : "normalisation";
  if (c.normalisation !== undefined && c.normalization !== undefined)
    fail("normalization", c.normalization, "give the normalisation once: as normalisation (normalization is its older spelling)");
  const norm = (c[normKey] ?? {}) as Record<string, unknown>;
  if (typeof norm !== "object" || Array.isArray(norm)) fail(normKey, c[normKey], 'give {"percentiles": [low, high], "clip": true}');
  const percentiles = norm.percentiles ?? c.percentiles;
  if (percentiles !== undefined) {
    const p = percentiles as number[];
    const ok = Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === "number" && x >= 0 && x <= 100) && p[0] < p[1];
    card.normalisation.percentiles = ok ? [p[0], p[1]] : fail(`${normKey}.percentiles`, percentiles, "give [low, high] with 0 ≤ low < high ≤ 100");
  }
  if (norm.clip !== undefined) card.normalisation.clip = typeof norm.clip === "boolean" ? norm.clip : fail(`${normKey}.clip`, norm.clip, "give true or false");
  if (c.spacing !== undefined) {
    let spacing: ModelSpacing | null = null;
    try {
      spacing = parseSpacing(c.spacing);
    } catch {
      // a factor out of range: the card's message below says what to give
    }
    card.spacing =
      spacing ?? fail("spacing", c.spacing, 'give "auto", "native", a voxel size in mm, [x, y, z] in mm, or "x2" (voxels twice the scan\'s finest side)');
  }
  if (c.radiusVoxels !== undefined) {
    const r = c.radiusVoxels;
    card.radiusVoxels =
      typeof r === "number" && r > 0 && Number.isFinite(r)
        ? r
        : fail("radiusVoxels", r, "give the vessel radius in voxels the model segments best, a positive number (e.g. 1.25)");
  }
  if (c.threshold !== undefined) {
    card.threshold =
      typeof c.threshold === "number" && c.threshold >= 0 && c.threshold <= 1 ? c.threshold : fail("threshold", c.threshold, "give a probability in [0, 1]");
  }
  if (c.input !== undefined) card.input = c.input === null || typeof c.input === "string" ? c.input : fail("input", c.input, "give the ONNX input's name");
  if (c.output !== undefined) {
    if (typeof c.output === "string") card.output = { name: null, kind: outputKind(c.output) ?? fail("output", c.output, 'give "probability" or "logit"') };
    else if (c.output !== null && typeof c.output === "object") {
      const o = c.output as Record<string, unknown>;
      if (o.name !== undefined && o.name !== null && typeof o.name !== "string") fail("output.name", o.name, "give the ONNX output's name");
      const kind = o.kind === undefined || o.kind === null ? null : (outputKind(o.kind) ?? fail("output.kind", o.kind, 'give "probability" or "logit"'));
      card.output = { name: (o.name as string | undefined) ?? null, kind };
    } else fail("output", c.output, 'give "probability", "logit" or {"name": ..., "kind": ...}');
  }
  if (c.reconstruction !== undefined) {
    card.reconstruction =
      c.reconstruction === null || typeof c.reconstruction === "string"
        ? c.reconstruction
        : fail("reconstruction", c.reconstruction, "give the ONNX output's name");
  }
  if (c.adaptationInputs !== undefined) {
    const a = c.adaptationInputs as Record<string, unknown>;
    const ok = a !== null && typeof a === "object" && !Array.isArray(a) && Object.values(a).every((x) => typeof x === "number" && Number.isFinite(x));
    card.adaptationInputs = ok
      ? { ...(a as Record<string, number>) }
      : fail("adaptationInputs", a, 'give {"input name": identity value, ...}, e.g. {"adapt_scale": 1, "adapt_shift": 0}');
  }
  return card;
}

function vec3(x: unknown): Vec3 | null {
  if (typeof x === "number") return [x, x, x];
  if (Array.isArray(x) && x.length === 3 && x.every((v) => typeof v === "number")) return [x[0], x[1], x[2]];
  return null;
}

function outputKind(x: unknown): OutputKind | null {
  if (x === "probability" || x === "prob") return "probability";
  if (x === "logit" || x === "logits") return "logit";
  return null;
}

/**
 * The label convention a model card says its model learnt (export.py writes training.label_convention): "visible" or
 * "lumen" (cards without it). The labels the pages' synthetic samples and the quality benchmark score the model on.
 */
export function labelConventionOf(card: unknown): LabelConvention {
  const training = (card as { training?: { label_convention?: unknown } } | null | undefined)?.training;
  return training?.label_convention === "visible" ? "visible" : "lumen";
}
