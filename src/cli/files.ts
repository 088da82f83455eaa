import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { type Volume, readNifti, voxelCount } from "../volume/index.js";
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

/** A NIfTI file name (.nii or .nii.gz, any case). */
export const NIFTI_NAME = /\.nii(\.gz)?$/i;

/**
 * The NIfTI files of a folder by case name (the file name without .nii / .nii.gz), sorted.
 * A missing folder, a folder without NIfTI files, or two files of one case are UsageErrors naming `flag`.
 */
export function niftiFiles(dir: string, flag: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${dir}: ${code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "is a file, not a folder" : (error as Error).message}`);
  }
  const files = new Map<string, string>();
  for (const name of names.filter((n) => NIFTI_NAME.test(n)).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const key = name.replace(NIFTI_NAME, "");
    if (files.has(key)) throw new UsageError(`${flag} ${dir}: both ${basename(files.get(key)!)} and ${name} are case ${key}; keep one`);
    files.set(key, path);
  }
  if (files.size === 0) throw new UsageError(`${flag} ${dir}: no .nii or .nii.gz files in it`);
  return files;
}

/**
 * A 3D scan from a NIfTI file: a missing or unreadable file is a UsageError naming `flag` (and the file), as is a
 * single voxel, which `command` ("segment", "a baseline") cannot work on.
 */
export function readScan(path: string, flag: string, command: string): Volume {
  const bytes = readInput(path, flag);
  let volume: Volume;
  try {
    volume = readNifti(bytes);
  } catch (error) {
    throw new UsageError(`${flag === "--in" ? "--in " : ""}${path}: ${(error as Error).message}`);
  }
  if (voxelCount(volume.dims) < 2) throw new UsageError(`${path}: ${volume.dims.join("×")} is a single voxel; ${command} needs a 3D scan`);
  return volume;
}

/** A path as the user would type it: relative to the working folder when inside it, else as given. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
