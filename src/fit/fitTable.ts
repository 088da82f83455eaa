import { FIT_STATISTICS } from "./statDistance.js";
import type { FitResult } from "./fitSimulator.js";

export interface FitTableRow {
  name: string;
  label: string;
  kind: "geometry" | "image";
  scan: number;
  /** The default mix's value and its term; NaN where the statistic was not compared. */
  default: number;
  defaultTerm: number;
  fit: number;
  fitTerm: number;
}

/** One row per statistic compared (after.terms' order), the default's value and term beside the fit's. */
export function fitTable(fit: Pick<FitResult, "before" | "after">): FitTableRow[] {
  const names = [...new Set([...fit.after.terms, ...fit.before.terms].map((t) => t.name))];
  return names.map((name) => {
    const a = fit.after.terms.find((t) => t.name === name);
    const b = fit.before.terms.find((t) => t.name === name);
    const any = (a ?? b)!;
    return {
      name,
      label: any.label,
      kind: FIT_STATISTICS.find((s) => s.name === name)?.kind ?? "geometry",
      scan: any.scan,
      default: b?.samples ?? NaN,
      defaultTerm: b?.term ?? NaN,
      fit: a?.samples ?? NaN,
      fitTerm: a?.term ?? NaN,
    };
  });
}

/** The table as text, for a terminal or a log: a row per statistic, the scan's value, the default's and the fit's with their terms. */
export function fitTableText(fit: Pick<FitResult, "before" | "after">, indent = "  "): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : "–");
  // each term in a column of its own, as wide as the widest of them (0.00399 takes 9 characters), so the columns line up
  const table = fitTable(fit);
  const width = Math.max("(term)".length, ...table.map((r) => `(${f(r.defaultTerm)})`.length));
  const term = (x: number) => `(${f(x)})`.padEnd(width);
  const head = `${indent}${"statistic".padEnd(32)} ${"scan".padStart(9)} ${"default".padStart(9)} ${"(term)".padEnd(width)} ${"fit".padStart(9)} (term)`;
  const rows = table.map(
    (r) =>
      `${indent}${r.label.padEnd(32)} ${f(r.scan).padStart(9)} ${f(r.default).padStart(9)} ${term(r.defaultTerm)} ${f(r.fit).padStart(9)} ${term(r.fitTerm).trimEnd()}`,
  );
  return [head, ...rows].join("\n");
}
