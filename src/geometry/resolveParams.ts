/**
 * The one place growth parameters are defaulted and checked: a preset's values, overridden
 * by the caller's, each checked against PARAM_SPECS, then the rules that tie several together.
 */
import { PARAM_SPECS, type GrowParams, type ParamSpec } from "./params.js";
import { PRESETS } from "./presets.js";

/**
 * PRESETS[preset].params with `overrides` applied. Throws a RangeError that names the
 * parameter, its value and the valid range: unknown preset or parameter, wrong type,
 * out of range, min radius > max radius, root radius outside [min, max], severity min > max.
 */
export function resolveParams(preset: string, overrides: Partial<GrowParams> = {}): GrowParams {
  const base = Object.hasOwn(PRESETS, preset) ? PRESETS[preset] : undefined;
  if (!base) throw new RangeError(`preset = "${preset}"; valid presets: ${Object.keys(PRESETS).join(", ")}`);
  if (overrides === null || typeof overrides !== "object") throw new RangeError(`params = ${String(overrides)}; give an object of parameters`);
  const params = { ...base.params } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const spec = PARAM_SPECS.find((s) => s.key === key);
    if (!spec) throw new RangeError(`unknown parameter "${key}"; known parameters: ${PARAM_SPECS.map((s) => s.key).join(", ")}`);
    params[key] = value;
  }
  for (const spec of PARAM_SPECS) checkOne(spec, params[spec.key]);
  const p = params as unknown as GrowParams;
  if (p.minRadius > p.maxRadius) throw new RangeError(`minRadius = ${p.minRadius}; must be ≤ maxRadius = ${p.maxRadius}`);
  if (p.rootRadius < p.minRadius || p.rootRadius > p.maxRadius)
    throw new RangeError(`rootRadius = ${p.rootRadius}; valid range [minRadius, maxRadius] = [${p.minRadius}, ${p.maxRadius}]`);
  for (const kind of ["stenosis", "aneurysm", "tortuosity"] as const) {
    const lo = p[`${kind}SeverityMin`],
      hi = p[`${kind}SeverityMax`];
    if (lo > hi) throw new RangeError(`${kind}SeverityMin = ${lo}; must be ≤ ${kind}SeverityMax = ${hi}`);
  }
  return p;
}

function checkOne(spec: ParamSpec, value: unknown): void {
  const name = spec.key;
  switch (spec.type) {
    case "enum":
      if (typeof value !== "string" || !spec.options?.includes(value))
        throw new RangeError(`${name} = ${show(value)}; valid values: ${spec.options?.join(", ")}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") throw new RangeError(`${name} = ${show(value)}; give true or false`);
      return;
    default: {
      const range = `[${spec.min}, ${spec.max}]${spec.unit && spec.unit !== "length" ? ` ${spec.unit}` : ""}`;
      if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`${name} = ${show(value)}; give a finite number in ${range}`);
      if (spec.type === "integer" && !Number.isInteger(value)) throw new RangeError(`${name} = ${value}; give an integer in ${range}`);
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))
        throw new RangeError(`${name} = ${value}; valid range ${range}`);
    }
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
