/**
 * The operations of the inference worker (src/workers/infer.ts): onnxruntime-web sessions of the segmenter and the
 * reconstruction decoder, kept between calls, behind the same src/infer code as the CLI. The page side
 * (InferenceClient) chooses the provider; when WebGPU fails here (a lost device, a model or run it cannot handle), the
 * call throws WebGpuFailedError and the client starts a WASM worker and runs the call again.
 */
import {
  type ModelCard,
  type ModelSpacing,
  type OrtModel,
  adaptInput,
  adaptToScan,
  inputSegmentations,
  parseModelCard,
  reconstructVolume,
  segmentVolume,
  withOverlap,
} from "../infer/index.js";
import { type Provider, type ProviderChoice, configureOrtWeb, destroyDevice, deviceLost, openWebModel } from "../infer/web.js";
import { loadModelBytes } from "../storage/modelCache.js";
import { sha256Hex } from "../lab/sha256.js";
import { chooseSpacing, resolveAutoSpacing } from "../scale/index.js";
import type { Volume } from "../volume/index.js";
import type { OpContext } from "./protocol.js";
import type { Op } from "./serve.js";

export type ModelRole = "segmenter" | "reconstructor";

interface Loaded {
  model: OrtModel;
  card: ModelCard;
}

const state: { choice: ProviderChoice | null; models: Partial<Record<ModelRole, Loaded>> } = { choice: null, models: {} };

/** What every result carries: the provider that ran it and how long it took. */
export interface RunInfo {
  provider: Provider;
  threads: number;
  seconds: number;
}

function loaded(role: ModelRole): Loaded {
  const m = state.models[role];
  if (!m) throw new Error(`the ${role} is not loaded yet (call load first)`);
  return m;
}

/**
 * WebGPU failed: the device was lost (a run on a lost device never settles, so runs are raced against its `lost`
 * promise), or the runtime could not open or run a model on it. This worker cannot recover (its runtime may still hold
 * the stalled run): the page side starts a WASM worker and runs the call again.
 */
export class WebGpuFailedError extends Error {
  override name = "WebGpuFailedError";
}

/** Runs `fn`; on WebGPU, any failure but a cancel becomes WebGpuFailedError. */
async function onProvider<T>(fn: () => Promise<T>): Promise<T> {
  if (state.choice?.provider !== "webgpu") return fn();
  try {
    return await Promise.race([fn(), deviceLost()]);
  } catch (error) {
    if ((error as Error).name === "CancelledError" || (error as Error).name === "AbortError") throw error;
    throw new WebGpuFailedError(String((error as Error)?.message ?? error).split("\n")[0]);
  }
}

function info(t0: number): RunInfo {
  return { provider: state.choice!.provider, threads: state.choice!.threads, seconds: (performance.now() - t0) / 1000 };
}

function progressOf(ctx: OpContext) {
  return (p: { stage: string; done: number; total: number }) => p.stage === "tiles" && ctx.progress(p.done, p.total, "tiles");
}

export const INFER_OPS: Record<string, Op> = {
  /** Sets up onnxruntime-web with the page's provider choice and the URL of the .wasm file it loads. Once per worker. */
  setup: async (_ctx: OpContext, options: { wasmUrl: string; choice: ProviderChoice }) => {
    configureOrtWeb({ wasmUrl: options.wasmUrl, threads: options.choice.threads });
    state.choice = options.choice;
    return options.choice;
  },
  /**
   * Opens a model from its URL (IndexedDB cache first) with its card (JSON); replaces the role's previous model. The
   * result names the bytes it opened by their SHA-256 (a page's report names the model by it; null where the page has
   * no Web Crypto).
   */
  load: async (_ctx: OpContext, role: ModelRole, url: string, cardJson: unknown) => {
    if (!state.choice) throw new Error("call setup before load");
    const t0 = performance.now();
    const card = parseModelCard(cardJson, `the ${role}'s model card`);
    const cached = await loadModelBytes(url);
    const provider = state.choice.provider;
    const model = await onProvider(() => openWebModel(cached.bytes, card, provider));
    await state.models[role]?.model.dispose();
    state.models[role] = { model, card };
    return {
      role,
      name: card.name,
      // for a page's report only: a page without Web Crypto (plain http off 127.0.0.1) still opens its model
      sha256: await sha256Hex(cached.bytes).catch(() => null),
      source: cached.source,
      notKept: cached.notKept,
      megabytes: cached.bytes.byteLength / 2 ** 20,
      inputs: model.inputNames,
      outputs: model.outputNames,
      adaptation: model.adaptationShapes,
      ...info(t0),
    };
  },
  /**
   * Segments a volume (adaptation inputs optional; `spacing` and `overlap` override the card's, as the CLI's --spacing
   * and --overlap): probability and mask on its grid, and how it ran.
   */
  segment: async (
    ctx: OpContext,
    volume: Volume,
    adaptation?: Record<string, Float32Array> | null,
    options: { spacing?: ModelSpacing; overlap?: number } = {},
  ) => {
    const t0 = performance.now();
    const { model, card: resolved, scale } = segmenterFor(volume, options, "segment");
    const result = await onProvider(() =>
      segmentVolume(volume, {
        card: resolved,
        runTile: model.tileRunner(model.io.output, adaptation ?? undefined),
        signal: ctx.signal,
        onProgress: progressOf(ctx),
      }),
    );
    return { ...result, scale, ...info(t0) };
  },
  /**
   * Test-time adaptation of the input (src/infer's adaptInput, as segment --adapt-input): the volume segmented as made,
   * smoothed and field-corrected; a transformed scan's segmentation kept only when the network is less undecided on it
   * (INPUT_RULE's measures). Progress: tiles of each segmentation, the note naming it ("1 of 3: as made").
   */
  adaptInput: async (ctx: OpContext, volume: Volume, options: { spacing?: ModelSpacing; overlap?: number } = {}) => {
    const t0 = performance.now();
    const { model, card: resolved, scale } = segmenterFor(volume, options, "adaptInput");
    let pass = 0;
    const segment = (scan: Volume, label: string) => {
      const note = `${++pass} of ${inputSegmentations()}: ${label}`;
      return segmentVolume(scan, {
        card: resolved,
        runTile: model.runTile,
        signal: ctx.signal,
        onProgress: (p) => p.stage === "tiles" && ctx.progress(p.done, p.total, note),
      });
    };
    const r = await onProvider(() => adaptInput(volume, segment, resolved));
    return { ...r, scale, ...info(t0) };
  },
  /** The reconstruction decoder on a masked volume: input, mask, reconstruction, error map and loss (model grid; `spacing` overrides the card's). */
  reconstruct: async (
    ctx: OpContext,
    volume: Volume,
    options: { maskRatio?: number; maskPatch?: number; seed?: number; adaptation?: Record<string, Float32Array>; spacing?: ModelSpacing } = {},
  ) => {
    const t0 = performance.now();
    const { model, card } = loaded("reconstructor");
    const runTile = model.tileRunner(model.reconstructionOutput, options.adaptation);
    const { card: resolved, scale } = withSpacing(card, options.spacing, volume);
    const result = await onProvider(() => reconstructVolume(volume, { ...options, card: resolved, runTile, signal: ctx.signal, onProgress: progressOf(ctx) }));
    return { ...result, scale, ...info(t0) };
  },
  /** Test-time adaptation (SPSA against the masked loss; `spacing` overrides the card's); progress after each step with its loss as the note. */
  adapt: async (
    ctx: OpContext,
    volume: Volume,
    options: { steps?: number; crops?: number; cropSize?: number; seed?: number; maskRatio?: number; maskPatch?: number; spacing?: ModelSpacing } = {},
  ) => {
    const t0 = performance.now();
    const steps = options.steps ?? 20;
    const { model, card } = loaded("reconstructor");
    const { card: resolved, scale } = withSpacing(card, options.spacing, volume);
    const result = await onProvider(() =>
      adaptToScan(volume, {
        ...options,
        card: resolved,
        inputs: model.adaptationInputs,
        reconstruct: (input, dims, adaptation) => model.tileRunner(model.reconstructionOutput, adaptation)(input, dims),
        signal: ctx.signal,
        onStep: (s) => ctx.progress(s.step, steps, String(s.loss)),
      }),
    );
    return { ...result, scale, ...info(t0) };
  },
  /**
   * The automatic voxel scale for a volume and one loaded model's card (its radiusVoxels): the spacing to pass to the
   * other ops, so that a page that compares volumes (a scan and the same scan pushed off-domain) runs them all on the
   * grid chosen once, from the scan as loaded.
   */
  scale: async (_ctx: OpContext, volume: Volume, role: ModelRole = "segmenter") => {
    const { card } = loaded(role);
    const chosen = chooseSpacing(volume, card.radiusVoxels);
    return { spacing: chosen.spacing, factor: chosen.factor, summary: chosen.summary };
  },
  /** For tests of the fallback: destroys onnxruntime-web's WebGPU device, as a driver reset would. */
  loseDevice: async () => ({ lost: await destroyDevice() }),
  /** Releases the sessions. */
  dispose: async () => {
    for (const m of Object.values(state.models)) await m?.model.dispose();
    state.models = {};
    return { disposed: true };
  },
};

/**
 * `card` with its spacing replaced when `spacing` is given (the pages' voxel scale, the CLI's --spacing), and "auto"
 * resolved for `volume` (src/scale): the card to run, and the line saying which scale was chosen (null when not auto).
 */
/** The loaded segmenter and its card for one volume: `overlap` and `spacing` override the card's (checked, named by `op`). */
function segmenterFor(volume: Volume, options: { spacing?: ModelSpacing; overlap?: number }, op: string) {
  const { model, card } = loaded("segmenter");
  const tiled = options.overlap === undefined ? card : withOverlap(card, options.overlap, `${op}: options.overlap`);
  const { card: resolved, scale } = withSpacing({ ...tiled, output: { name: model.io.output, kind: model.io.outputKind } }, options.spacing, volume);
  return { model, card: resolved, scale };
}

function withSpacing(card: ModelCard, spacing: ModelSpacing | undefined, volume: Volume): { card: ModelCard; scale: string | null } {
  const auto = resolveAutoSpacing(spacing === undefined ? card : { ...card, spacing }, volume);
  return { card: auto.card, scale: auto.chosen?.summary ?? null };
}
