/** A "nice" length (1, 2 or 5 × 10ⁿ) no longer than `max`. */
export function niceLength(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 0;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * p <= max) return m * p;
  return p;
}

/** The label of a length in the tree's unit, e.g. "20 mm", "500 µm". */
export function lengthLabel(value: number, unit: "mm" | "um"): string {
  const text = value >= 1 ? String(+value.toPrecision(3)) : value.toPrecision(1);
  return `${text} ${unit === "um" ? "µm" : "mm"}`;
}
