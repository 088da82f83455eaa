/**
 * The Segment page's "Compare with": the classical baselines (src/baselines) to run beside the model. Its value is
 * an array of method names; the initial one comes from the URL's `compare` (comma-separated, e.g. "otsu,frangi").
 */
import * as Inputs from "@observablehq/inputs";
import { BASELINE_METHODS, type BaselineMethod } from "../baselines/index.js";

const NAMES: Record<BaselineMethod, string> = { otsu: "Otsu", frangi: "Frangi" };

/** A method's name as pages show it: "Otsu", "Frangi"; any other name (the "model") as given. */
export function methodLabel(method: string): string {
  return NAMES[method as BaselineMethod] ?? method;
}

/** The methods named in the URL's `compare`, in BASELINE_METHODS' order; unknown names are dropped. */
export function compareFromQuery(query: URLSearchParams): BaselineMethod[] {
  const asked = new Set((query.get("compare") ?? "").split(",").map((s) => s.trim().toLowerCase()));
  return BASELINE_METHODS.filter((m) => asked.has(m));
}

export function compareInput(query: URLSearchParams): HTMLElement & { value: BaselineMethod[] } {
  return Inputs.checkbox(BASELINE_METHODS, { label: "Compare with", value: compareFromQuery(query), format: methodLabel }) as HTMLElement & {
    value: BaselineMethod[];
  };
}

/** Writes the methods into the page's URL parameters (absent when none). */
export function writeCompare(methods: readonly BaselineMethod[], params: URLSearchParams): void {
  const known = BASELINE_METHODS.filter((m) => methods.includes(m));
  if (known.length) params.set("compare", known.join(","));
  else params.delete("compare");
}
