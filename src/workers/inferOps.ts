/**
 * The operations of the inference worker (src/workers/infer.ts): onnxruntime-web sessions of the segmenter and the
 * reconstruction decoder, kept between calls, behind the same src/infer code as the CLI. WebGPU failures mid-run
 * (a lost device) reopen the models on WASM and retry, and the result says so.
 */
import { type AdaptResult, type ModelCard, type OrtModel, type RunTile, adaptToScan, parseModelCard, reconstructVolume, segmentVolume } from "../infer/index.js";
import { type Provider, type ProviderChoice, type ProviderPreference, chooseProvider, configureOrtWeb, destroyDevice, deviceLost, openWebModel } from "../infer/web.js";
import { loadModelBytes } from "../storage/modelCache.js";
import type { Volume } from "../volume/index.js";
import type { OpContext } from "./protocol.js";
import type { Op } from "./serve.js";

export type ModelRole = "segmenter" | "reconstructor";

interface Loaded {
  model: OrtModel;
  card: ModelCard;
  bytes: Uint8Array;
}

const state: { choice: ProviderChoice | null; models: Partial<Record<ModelRole, Loaded>>; notice: string | null } = { choice: null, models: {}, notice: null };

/** What every result carries: the provider that ran it and, after a fallback, why it changed. */
export interface RunInfo {
  provider: Provider;
  threads: number;
  seconds: number;
  notice: string | null;
}

function loaded(role: ModelRole): Loaded {
  const m = state.models[role];
  if (!m) throw new Error(`the ${role} is not loaded yet (call load first)`);
  return m;
}

/** The GPU device went away mid-run. The worker cannot recover (its runtime may still hold the stalled run): the page
 * side (InferenceClient) starts a new worker on WASM and runs the call again. */
export class DeviceLostError extends Error {
  override name = "DeviceLostError";
}

/**
 * Runs `fn`. On WebGPU it is raced against the device's `lost` promise (a run on a lost device never settles) and a
 * loss throws DeviceLostError; any other WebGPU failure reopens every model on WASM, notes why, and runs it again.
 */
async function withFallback<T>(fn: () => Promise<T>): Promise<T> {
  if (state.choice?.provider !== "webgpu") return fn();
  let lost = false;
  try {
    return await Promise.race([fn(), deviceLost().catch((error: Error) => {
      lost = true;
      throw error;
    })]);
  } catch (error) {
    if (lost) throw new DeviceLostError((error as Error).message);
    if ((error as Error).name === "CancelledError" || (error as Error).name === "AbortError") throw error;
    const why = String((error as Error)?.message ?? error).split("\n")[0];
    for (const [role, m] of Object.entries(state.models) as [ModelRole, Loaded][]) {
      await m.model.dispose().catch(() => {});
      state.models[role] = { ...m, model: await openWebModel(m.bytes, m.card, "wasm") };
    }
    state.choice = { ...state.choice, provider: "wasm", reason: `WASM (${state.choice.threads} thread${state.choice.threads > 1 ? "s" : ""}) after WebGPU failed` };
    state.notice = `WebGPU failed during the run (${why}); switched to WASM and ran it again.`;
    return fn();
  }
}

function info(t0: number): RunInfo {
  const notice = state.notice;
  state.notice = null;
  return { provider: state.choice!.provider, threads: state.choice!.threads, seconds: (performance.now() - t0) / 1000, notice };
}

function adaptedRun(m: Loaded, output: string, adaptation?: Record<string, Float32Array>): RunTile {
  return async (input, dims) => (await m.model.run(input, dims, [output], adaptation))[output];
}

export const INFER_OPS: Record<string, Op> = {
  /** Sets up onnxruntime-web (the .wasm file's URL) and picks the provider; returns the choice. Once per worker. */
  setup: async (_ctx: OpContext, options: { wasmUrl: string; provider?: ProviderPreference }) => {
    const choice = await chooseProvider(options.provider ?? "auto");
    configureOrtWeb({ wasmUrl: options.wasmUrl, threads: choice.threads });
    state.choice = choice;
    return choice;
  },
  /** Opens a model from its URL (IndexedDB cache first) with its card (JSON); replaces the role's previous model. */
  load: async (_ctx: OpContext, role: ModelRole, url: string, cardJson: unknown) => {
    if (!state.choice) throw new Error("call setup before load");
    const t0 = performance.now();
    const card = parseModelCard(cardJson, `the ${role}'s model card`);
    const cached = await loadModelBytes(url);
    let model: OrtModel;
    try {
      model = await openWebModel(cached.bytes, card, state.choice.provider);
    } catch (error) {
      if (state.choice.provider !== "webgpu") throw error;
      state.notice = `WebGPU could not open the ${role} (${(error as Error).message.split("\n")[0]}); using WASM.`;
      state.choice = { ...state.choice, provider: "wasm", reason: `WASM after WebGPU could not open the ${role}` };
      model = await openWebModel(cached.bytes, card, "wasm");
    }
    await state.models[role]?.model.dispose();
    state.models[role] = { model, card, bytes: cached.bytes };
    return { role, name: card.name, source: cached.source, notKept: cached.notKept, megabytes: cached.bytes.byteLength / 2 ** 20, inputs: model.inputNames, outputs: model.outputNames, adaptation: model.adaptationShapes, choice: state.choice, ...info(t0) };
  },
  /** Segments a volume (adaptation inputs optional): probability and mask on its grid, and how it ran. */
  segment: async (ctx: OpContext, volume: Volume, adaptation?: Record<string, Float32Array>) => {
    const t0 = performance.now();
    const result = await withFallback(() => {
      const m = loaded("segmenter");
      const card = { ...m.card, output: { name: m.model.io.output, kind: m.model.io.outputKind } };
      return segmentVolume(volume, { card, runTile: adaptedRun(m, m.model.io.output, adaptation), signal: ctx.signal, onProgress: (p) => p.stage === "tiles" && ctx.progress(p.done, p.total, "tiles") });
    });
    return { ...result, ...info(t0) };
  },
  /** The reconstruction decoder on a masked volume: input, mask, reconstruction, error map and loss (model grid). */
  reconstruct: async (ctx: OpContext, volume: Volume, options: { maskRatio?: number; maskPatch?: number; seed?: number; adaptation?: Record<string, Float32Array> } = {}) => {
    const t0 = performance.now();
    const result = await withFallback(() => {
      const m = loaded("reconstructor");
      const output = m.model.io.reconstruction ?? m.model.io.output;
      return reconstructVolume(volume, { ...options, card: m.card, runTile: adaptedRun(m, output, options.adaptation), signal: ctx.signal, onProgress: (p) => p.stage === "tiles" && ctx.progress(p.done, p.total, "tiles") });
    });
    return { ...result, ...info(t0) };
  },
  /** Test-time adaptation (SPSA against the masked loss); progress after each step with its loss as the note. */
  adapt: async (ctx: OpContext, volume: Volume, options: { steps?: number; crops?: number; cropSize?: number; seed?: number; maskRatio?: number; maskPatch?: number } = {}) => {
    const t0 = performance.now();
    const steps = options.steps ?? 20;
    const result: AdaptResult = await withFallback(() => {
      const m = loaded("reconstructor");
      const output = m.model.io.reconstruction ?? m.model.io.output;
      const inputs = Object.fromEntries(Object.entries(m.model.adaptationShapes).map(([name, shape]) => [name, { shape, identity: m.model.io.adaptationInputs[name] }]));
      return adaptToScan(volume, {
        ...options,
        card: m.card,
        inputs,
        reconstruct: async (input, dims, adaptation) => (await m.model.run(input, dims, [output], adaptation))[output],
        signal: ctx.signal,
        onStep: (s) => ctx.progress(s.step, steps, String(s.loss)),
      });
    });
    return { ...result, ...info(t0) };
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
