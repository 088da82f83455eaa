// What the malformed-file suites (NIfTI, MetaImage, NRRD) ask of a refusal.

/** Why an error is not a clear one (null when it is): one line that says what is wrong and what to do, never an internal failure. */
export function unclear(error: unknown): string | null {
  if (!(error instanceof Error)) return `threw ${String(error)}, not an Error`;
  if (error instanceof TypeError) return `a TypeError: ${error.message}`;
  const m = error.message;
  if (m.includes("\n")) return "more than one line";
  if (m.length < 20 || m.length > 600) return `${m.length} characters`;
  if (/undefined|\[object|out of bounds|Cannot read|is not a function|Invalid (typed )?array length|Maximum call stack/i.test(m))
    return `an internal message: ${m}`;
  if (!/rewrite|download|export|convert|extract|stack the|set |crop|downsample|check|give|save/i.test(m)) return `names no remedy: ${m}`;
  return null;
}
