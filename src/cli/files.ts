import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "./errors.js";

/** Reads a file, turning "no such file" into a UsageError that names the flag. */
export function readInput(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${flag} ${path}: no such file`);
    if (code === "EISDIR") throw new UsageError(`${flag} ${path}: is a folder, not a file`);
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`);
  }
}

/**
 * Writes a file atomically (a temporary file renamed into place), creating its folder, so an
 * interrupted run never leaves a half-written file under the final name.
 */
export function writeOutput(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Parses a positive number flag, or throws a UsageError naming it. */
export function positiveNumber(flag: string, text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0) throw new UsageError(`${flag} ${text}: give a positive number`);
  return x;
}

export function positiveInteger(flag: string, text: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x <= 0) throw new UsageError(`${flag} ${text}: give a positive integer`);
  return x;
}
