/**
 * Node's way to the DICOM codecs compiled to WebAssembly (CharLS for JPEG-LS, OpenJPEG for JPEG 2000): their .wasm
 * read from node_modules and instantiated synchronously on first use, so the CLI reads a compressed series as it reads
 * any other, without an asynchronous step (about 20 ms a codec, once). Node-only (node:fs, node:module): the CLI and the
 * benches import it; the pages load the same WebAssembly, held inline in a module, through loadDicomCodecs instead.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type CodecModule, type WasmCodec, installSyncCodecLoader } from "./dicomCodecs.js";

const PACKAGES: Record<WasmCodec, { js: string; wasm: string }> = {
  "jpeg-ls": { js: "@cornerstonejs/codec-charls/decodewasmjs", wasm: "@cornerstonejs/codec-charls/decodewasm" },
  jpeg2000: { js: "@cornerstonejs/codec-openjpeg/decodewasmjs", wasm: "@cornerstonejs/codec-openjpeg/decodewasm" },
};

/** One codec's Emscripten module, ready when this returns: its instantiation hook is given the compiled module at once. */
function loadCodecModule(codec: WasmCodec): CodecModule {
  const require = createRequire(import.meta.url);
  const { js, wasm } = PACKAGES[codec];
  const factory = require(js) as (module: object) => unknown;
  const compiled = new WebAssembly.Module(readFileSync(require.resolve(wasm)));
  const module: CodecModule & Record<string, unknown> = {
    print: () => {}, // OpenJPEG reports each header it reads on stdout
    printErr: () => {},
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
      const instance = new WebAssembly.Instance(compiled, imports);
      done(instance);
      return instance.exports;
    },
  };
  // returns a promise of the same module, which the hook above has already made ready; a failure is thrown below instead
  (factory(module) as Promise<unknown>).catch(() => {});
  if (!module.JpegLSDecoder && !module.J2KDecoder) throw new Error(`${js} did not start synchronously (a changed build of its package)`);
  return module;
}

installSyncCodecLoader(loadCodecModule);
