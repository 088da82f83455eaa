/**
 * onnxruntime-web behind src/infer's OrtModel: the page's runtime (inside the inference worker, src/workers/infer.ts).
 * The worker is bundled twice (scripts/build-workers.mjs): with onnxruntime-web's full build (WebGPU and WASM, for a
 * GPU) and with its WASM-only build ("onnxruntime-web" aliased to "onnxruntime-web/wasm"), whose kernels run about
 * 17 % faster on the CPU. Not re-exported by index.ts (it pulls in onnxruntime-web); import `src/infer/web.js`.
 */
import * as ort from "onnxruntime-web";
import type { ModelCard } from "./modelCard.js";
import { OrtModel, type OrtModule } from "./ortModel.js";
import type { Provider } from "./provider.js";

export type { Provider, ProviderChoice, ProviderPreference } from "./provider.js";

let configured: string | null = null;

/**
 * Sets onnxruntime-web's global environment once per worker: where its .wasm file is served (the site hashes file
 * names, so the URL is passed in) and the WASM threads. Later calls with other settings throw: ort reads them once.
 */
export function configureOrtWeb(options: { wasmUrl: string; threads: number }): void {
  const key = `${options.wasmUrl} ${options.threads}`;
  if (configured === key) return;
  if (configured !== null) throw new Error(`onnxruntime-web is already set up (${configured}); reload the page to change its settings`);
  ort.env.wasm.wasmPaths = { wasm: options.wasmUrl };
  ort.env.wasm.numThreads = options.threads;
  ort.env.logLevel = "error";
  configured = key;
}

/** Opens a model from its bytes on onnxruntime-web with one provider (see OrtModel.open). */
export async function openWebModel(bytes: Uint8Array, card: ModelCard, provider: Provider): Promise<OrtModel> {
  return OrtModel.open(ort as unknown as OrtModule, bytes, {
    card,
    runtime: `onnxruntime-web (${provider})`,
    session: { executionProviders: [provider], graphOptimizationLevel: "all" },
  });
}

/**
 * A promise that rejects when onnxruntime-web's WebGPU device is lost (destroyed, driver reset), so a run can race it:
 * a session whose device is gone never settles by itself. Never settles while there is no device.
 */
export async function deviceLost(): Promise<never> {
  const device = await Promise.resolve(ort.env.webgpu.device as Promise<GPUDevice> | undefined).catch(() => undefined);
  if (!device) return new Promise<never>(() => {});
  const info = await device.lost;
  throw new Error(`the GPU device was lost (${info.reason || "unknown reason"}${info.message ? `: ${info.message}` : ""})`);
}

/** Destroys onnxruntime-web's WebGPU device, as a driver reset would (tests of the fallback). */
export async function destroyDevice(): Promise<boolean> {
  const device = await Promise.resolve(ort.env.webgpu.device as Promise<GPUDevice> | undefined).catch(() => undefined);
  device?.destroy();
  return Boolean(device);
}
