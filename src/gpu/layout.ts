import "./node-globals.js";
import { makeShaderDataDefinitions, makeStructuredView, type ShaderDataDefinitions, type StructuredView } from "webgpu-utils";

export type { ShaderDataDefinitions, StructuredView };

const cache = new Map<string, ShaderDataDefinitions>();

/** The WGSL's own description of its structs and bindings (reflected once per source). */
export function shaderLayout(code: string): ShaderDataDefinitions {
  let defs = cache.get(code);
  if (!defs) {
    defs = makeShaderDataDefinitions(code);
    cache.set(code, defs);
  }
  return defs;
}

/**
 * A typed view of the uniform `name` declared in `code`, laid out as the WGSL says (offsets
 * and padding come from reflection, never counted by hand).
 */
export function uniformView(code: string, name: string): StructuredView {
  const def = shaderLayout(code).uniforms[name];
  if (!def) throw new RangeError(`uniformView: the shader declares no uniform named "${name}"`);
  return makeStructuredView(def);
}
