/**
 * Controls for a set of parameters described as data (ParamSpec), grouped in collapsible
 * sections. The element's `value` is an object of every parameter's value and it emits
 * "input" events, so a Framework page can `view()` it. Inputs come from @observablehq/inputs.
 */
import * as Inputs from "@observablehq/inputs";
import type { ParamSpec } from "../geometry/index.js";

export interface ParamForm<T> extends HTMLElement {
  value: T;
}

function lengthUnit(spec: ParamSpec, unit: string): string {
  if (spec.unit === "length") return unit === "um" ? "µm" : "mm";
  return spec.unit;
}

function control(spec: ParamSpec, value: unknown, unit: string): HTMLElement {
  const label = `${spec.label}${lengthUnit(spec, unit) ? ` (${lengthUnit(spec, unit)})` : ""}`;
  let input: HTMLElement;
  if (spec.type === "enum") input = Inputs.select(spec.options ?? [], { label, value });
  else if (spec.type === "boolean") input = Inputs.toggle({ label, value: Boolean(value) });
  else {
    const min = spec.min ?? 0,
      max = spec.max ?? 1;
    input = Inputs.range([min, max], {
      label,
      value: Number(value),
      step: spec.type === "integer" ? 1 : spec.step,
      transform: spec.scale === "log" && min > 0 ? Math.log : undefined,
      invert: spec.scale === "log" && min > 0 ? Math.exp : undefined,
    });
  }
  input.title = spec.description;
  input.dataset.param = spec.key;
  return input;
}

export function paramForm<T extends object>(
  specs: readonly ParamSpec[],
  values: T,
  { unit = "mm", open = [] as string[], hidden = [] as string[] } = {},
): ParamForm<T> {
  const root = document.createElement("div") as unknown as ParamForm<T>;
  root.className = "vl-param-form";
  const inputs = new Map<string, HTMLElement & { value: unknown }>();
  // A slider snaps a preset's value to its step (0.005 → 0.01); only values the user has
  // touched are read back from the controls, so an untouched form changes nothing.
  const touched = new Set<string>();
  const groups = [...new Set(specs.map((s) => s.group))];
  for (const group of groups) {
    const details = document.createElement("details");
    details.open = open.includes(group);
    const summary = document.createElement("summary");
    summary.textContent = group;
    summary.style.cssText = "font-weight:600;cursor:pointer;margin:4px 0";
    details.append(summary);
    for (const spec of specs) {
      if (spec.group !== group || hidden.includes(spec.key)) continue;
      const input = control(spec, (values as Record<string, unknown>)[spec.key], unit) as HTMLElement & { value: unknown };
      inputs.set(spec.key, input);
      input.addEventListener("input", () => touched.add(spec.key));
      details.append(input);
    }
    root.append(details);
  }
  Object.defineProperty(root, "value", {
    get() {
      const out: Record<string, unknown> = { ...(values as Record<string, unknown>) };
      for (const [key, input] of inputs) {
        if (!touched.has(key)) continue;
        const spec = specs.find((s) => s.key === key)!;
        let v = input.value;
        if (spec.type === "integer") v = Math.round(Number(v));
        else if (spec.type === "number") v = Number(Number(v).toPrecision(6));
        out[key] = v;
      }
      return out as T;
    },
  });
  return root;
}
