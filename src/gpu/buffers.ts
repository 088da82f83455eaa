/** Creates a storage buffer holding `data` (uploaded at creation). */
export function storageBuffer(device: GPUDevice, data: ArrayBufferView | number, label = "storage", extraUsage = 0): GPUBuffer {
  const size = typeof data === "number" ? data : data.byteLength;
  const buffer = device.createBuffer({
    label,
    size: Math.max(4, Math.ceil(size / 4) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
    mappedAtCreation: typeof data !== "number",
  });
  if (typeof data !== "number") {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/** Creates a uniform buffer the size of `bytes` and uploads them. */
export function uniformBuffer(device: GPUDevice, bytes: ArrayBuffer, label = "uniforms"): GPUBuffer {
  const buffer = device.createBuffer({ label, size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, bytes);
  return buffer;
}

/**
 * Copies `size` bytes of `source` (from `offset`) back to the CPU. Readback buffers are
 * pooled by size per device, so a loop of equal-sized readbacks allocates once.
 */
export async function readBuffer(device: GPUDevice, source: GPUBuffer, size = source.size, offset = 0): Promise<ArrayBuffer> {
  const pool = poolFor(device);
  const free = pool.get(size) ?? [];
  const staging = free.pop() ?? device.createBuffer({ label: "readback", size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: "readback" });
  encoder.copyBufferToBuffer(source, offset, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  free.push(staging);
  pool.set(size, free);
  return copy;
}

const pools = new WeakMap<GPUDevice, Map<number, GPUBuffer[]>>();
function poolFor(device: GPUDevice): Map<number, GPUBuffer[]> {
  let pool = pools.get(device);
  if (!pool) {
    pool = new Map();
    pools.set(device, pool);
  }
  return pool;
}
