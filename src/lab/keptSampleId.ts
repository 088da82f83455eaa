/**
 * The id a sample kept in the browser's store gets: the batch it came from and its index in that
 * batch, so "Generate and keep" run twice with the same settings skips what it already made, and
 * the id says what the sample is (`brain-tof-s7-64-visible-0003`; a batch made with a chance of dark vessels
 * (`dark`, generate's --dark-vessels) carries it: `brain-tof-s7-64-dark1-0003`).
 */
export function keptSampleId(
  { preset, seed, size, label, dark = null }: { preset: string; seed: number; size: number; label: "lumen" | "visible" | string; dark?: number | null },
  index: number,
): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`keptSampleId: index must be a whole number ≥ 0 (got ${index})`);
  if (!Number.isInteger(seed) || !Number.isInteger(size)) throw new RangeError(`keptSampleId: seed and size must be whole numbers (got ${seed}, ${size})`);
  if (dark !== null && !(dark >= 0 && dark <= 1))
    throw new RangeError(`keptSampleId: dark = ${dark}; give the chance of dark vessels from 0 to 1, or null for each modality's own`);
  return `${preset}-s${seed}-${size}${label === "visible" ? "-visible" : ""}${dark === null ? "" : `-dark${dark}`}-${String(index).padStart(4, "0")}`;
}
