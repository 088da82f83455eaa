/**
 * onnxruntime-web behind src/infer's OrtModel: the page's runtime (inside the inference worker, src/workers/infer.ts).
 * Picks the execution provider: WebGPU where the browser offers a hardware adapter, else WASM, multi-threaded when the
 * page is cross-origin isolated. Not re-exported by index.ts (it pulls in onnxruntime-web); import `src/infer/web.js`.
 */
import * as ort from "onnxruntime-web";
import type { ModelCard } from "./modelCard.js";
import { OrtModel, type OrtModule } from "./ortModel.js";

export type Provider = "webgpu" | "wasm";
export type ProviderPreference = "auto" | Provider;

export interface ProviderChoice {
  provider: Provider;
  /** WASM threads (1 unless cross-origin isolated). */
  threads: number;
  /** Why this provider, in words for the page. */
  reason: string;
  /** The WebGPU adapter, when there is one: vendor and architecture, and whether it is software. */
  adapter: string | null;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** True for software adapters (SwiftShader, llvmpipe, WARP, fallback adapters): WASM beats them at 3D convolutions. */
export function isSoftwareAdapter(info: AdapterInfoLike | null | undefined, isFallback = false): boolean {
  if (isFallback || info?.isFallbackAdapter) return true;
  const text = `${info?.vendor ?? ""} ${info?.architecture ?? ""} ${info?.device ?? ""} ${info?.description ?? ""}`.toLowerCase();
  return /swiftshader|llvmpipe|lavapipe|software|warp|microsoft basic render/.test(text);
}

/**
 * The provider to use. "auto": WebGPU when an adapter exists and is hardware, else WASM; "webgpu" insists on an
 * adapter (throws with the reason when there is none), "wasm" never touches WebGPU. Threads: up to 4 (and the cores)
 * when cross-origin isolated (SharedArrayBuffer), else 1.
 */
export async function chooseProvider(preference: ProviderPreference = "auto", env: { gpu?: GPU; isolated?: boolean; cores?: number } = {}): Promise<ProviderChoice> {
  const gpu = env.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  const isolated = env.isolated ?? Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  const cores = env.cores ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  const threads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  const wasm = (reason: string, adapter: string | null = null): ProviderChoice => ({ provider: "wasm", threads, reason, adapter });
  const threadNote = isolated ? `${threads} thread${threads > 1 ? "s" : ""}` : "1 thread: the page is not cross-origin isolated (run `npm run serve` for threads)";
  if (preference === "wasm") return wasm(`WASM, as chosen (${threadNote})`);
  if (!gpu) {
    if (preference === "webgpu") throw new Error("WebGPU was asked for, but this browser has none (navigator.gpu is missing); choose WASM, or a browser with WebGPU (Chrome, Edge; Chromium with --enable-unsafe-webgpu)");
    return wasm(`WASM (${threadNote}): this browser has no WebGPU`);
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) {
    if (preference === "webgpu") throw new Error("WebGPU was asked for, but the browser gave no adapter (GPU blocked or absent); choose WASM");
    return wasm(`WASM (${threadNote}): the browser gave no WebGPU adapter`);
  }
  const info = (adapter as GPUAdapter & { info?: AdapterInfoLike }).info;
  const name = [info?.vendor, info?.architecture || info?.device || info?.description].filter(Boolean).join(" ") || "unnamed adapter";
  const software = isSoftwareAdapter(info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  if (preference === "webgpu") return { provider: "webgpu", threads, reason: `WebGPU on ${name}, as chosen${software ? " (a software adapter: slow)" : ""}`, adapter: name };
  if (software) return wasm(`WASM (${threadNote}): the WebGPU adapter is ${name}, a software renderer that is slower than WASM`, name);
  return { provider: "webgpu", threads, reason: `WebGPU on ${name}`, adapter: name };
}

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
