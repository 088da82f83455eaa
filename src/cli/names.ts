import { relative } from "node:path";

/** Control characters, DEL, C1 controls and bidirectional overrides: what a terminal would act on instead of show. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A name with newlines, terminal escapes and other controls shown escaped (\n, \x1b, \u202e), so one line stays one line. */
export function escapeName(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    const code = c.charCodeAt(0);
    return named[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}

/** A path as the user would type it (relative to the working folder when inside it, else as given), printed safely (escapeName). */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return escapeName(rel && !rel.startsWith("..") ? rel : path);
}
