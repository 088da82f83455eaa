import type { GpuContext } from "../../src/gpu/index.js";

/**
 * Destroy a context's device and wait until it reports the loss.
 *
 * A destroyed GPUDevice that nothing else reaches can be garbage collected together with its
 * `lost` promise and the function awaiting it, and with them the promise `page.evaluate` waits
 * on: Playwright reports "Resulting promise was garbage collected" (CI, stop 46). Two guards:
 * the context is held on `globalThis` until the loss arrives or the deadline passes, so the device
 * lives to report its loss; and a timer (a GC root) rejects with a clear message if the loss
 * has not come within `timeoutMs`, so a test fails at once instead of hanging.
 */
export async function loseDevice(gpu: GpuContext, timeoutMs = 5_000): Promise<string> {
  const held = globalThis as unknown as { __lostContexts?: Set<GpuContext> };
  const contexts = (held.__lostContexts ??= new Set());
  contexts.add(gpu);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    gpu.device.destroy();
    return await Promise.race([
      gpu.lost,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`device.lost did not resolve within ${timeoutMs} ms of destroy()`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    contexts.delete(gpu);
  }
}
