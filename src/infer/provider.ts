/**
 * Which onnxruntime-web execution provider a page uses: WebGPU where the browser offers a hardware adapter, else WASM,
 * multi-threaded when the page is cross-origin isolated. No onnxruntime import: the page's main thread decides, then
 * starts the worker bundle for that provider (src/workers/inferClient.ts).
 */
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

/** WASM threads onnxruntime-web is given: the cores, at most 4, when the page is cross-origin isolated; else 1. */
export function wasmThreadCount(isolated: boolean, cores: number): number {
  return isolated ? Math.max(1, Math.min(4, Math.floor(cores) || 1)) : 1;
}

/**
 * The provider to use. "auto": WebGPU when an adapter exists and is hardware, else WASM; "webgpu" insists on an
 * adapter (throws with the reason when there is none), "wasm" never touches WebGPU. Threads: up to 4 (and the cores)
 * when cross-origin isolated (SharedArrayBuffer), else 1.
 */
export async function chooseProvider(
  preference: ProviderPreference = "auto",
  env: { gpu?: GPU; isolated?: boolean; cores?: number } = {},
): Promise<ProviderChoice> {
  const gpu = env.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  const isolated = env.isolated ?? Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  const cores = env.cores ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  const threads = wasmThreadCount(isolated, cores);
  const wasm = (reason: string, adapter: string | null = null): ProviderChoice => ({ provider: "wasm", threads, reason, adapter });
  const threadNote = isolated
    ? `${threads} thread${threads > 1 ? "s" : ""}`
    : "1 thread: the page is not cross-origin isolated (run `npm run serve` for threads)";
  if (preference === "wasm") return wasm(`WASM, as chosen (${threadNote})`);
  if (!gpu) {
    if (preference === "webgpu")
      throw new Error(
        "WebGPU was asked for, but this browser has none (navigator.gpu is missing); choose WASM, or a browser with WebGPU (Chrome, Edge; Chromium with --enable-unsafe-webgpu)",
      );
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
  if (preference === "webgpu")
    return { provider: "webgpu", threads, reason: `WebGPU on ${name}, as chosen${software ? " (a software adapter: slow)" : ""}`, adapter: name };
  if (software) return wasm(`WASM (${threadNote}): the WebGPU adapter is ${name}, a software renderer that is slower than WASM`, name);
  return { provider: "webgpu", threads, reason: `WebGPU on ${name}`, adapter: name };
}
