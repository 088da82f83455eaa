// webgpu-utils expects Float16Array and WebGPU's flag namespaces (GPUShaderStage, ...), which
// Node 20 lacks (browsers with WebGPU have them). Installing them before webgpu-utils loads
// lets the same layout code run in Node, where unit tests check struct sizes and where the
// CLI reflects shader layouts. The values are those of the WebGPU specification.
// Static import: a dynamic one would let webgpu-utils evaluate first.
import { Float16Array as Float16ArrayPolyfill } from "@petamoriken/float16";

const g = globalThis as Record<string, unknown>;
if (typeof g.Float16Array === "undefined") g.Float16Array = Float16ArrayPolyfill;
if (typeof g.GPUShaderStage === "undefined") g.GPUShaderStage = { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 };
if (typeof g.GPUBufferUsage === "undefined")
  g.GPUBufferUsage = {
    MAP_READ: 1,
    MAP_WRITE: 2,
    COPY_SRC: 4,
    COPY_DST: 8,
    INDEX: 16,
    VERTEX: 32,
    UNIFORM: 64,
    STORAGE: 128,
    INDIRECT: 256,
    QUERY_RESOLVE: 512,
  };
if (typeof g.GPUMapMode === "undefined") g.GPUMapMode = { READ: 1, WRITE: 2 };
if (typeof g.GPUTextureUsage === "undefined") g.GPUTextureUsage = { COPY_SRC: 1, COPY_DST: 2, TEXTURE_BINDING: 4, STORAGE_BINDING: 8, RENDER_ATTACHMENT: 16 };
export {};
