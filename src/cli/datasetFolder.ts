/**
 * The folder `vessel-lab generate` writes: checked before a run (writable, holding nothing
 * but a data set made with the same settings), its manifest read back for a resumed run, and
 * the temporary files of a killed run removed.
 */
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import {
  incompatibility,
  manifestHeader,
  manifestName,
  manifestText,
  parseManifest,
  SAMPLE_FOLDERS,
  type DatasetSettings,
  type ManifestEntry,
  type ManifestHeader,
  type Shard,
} from "../dataset/index.js";
import { UsageError } from "./errors.js";
import { writeOutput } from "./files.js";

const MANIFEST = /^manifest(-shard-\d+-of-\d+)?\.jsonl$/;
const TEMP = /\.partial-\d+$/;

export interface PreparedFolder {
  manifestPath: string;
  header: ManifestHeader;
  /** Samples this run's manifest already lists (to be checked on disk, not made again). */
  own: Map<number, ManifestEntry>;
  /** Samples the folder's other manifests list (likewise; added to this run's manifest when intact). */
  others: Map<number, ManifestEntry>;
}

export function prepareFolder(dir: string, generator: string, settings: DatasetSettings, count: number, shard: Shard): PreparedFolder {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UsageError(
      `--out ${dir}: cannot write there (${e.code === "EEXIST" || e.code === "ENOTDIR" ? "a file is in the way" : (e.code ?? e.message)}); give a folder you can write to`,
    );
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: is a file, not a folder`);
  const names = readdirSync(dir);
  const folders = new Set(Object.values(SAMPLE_FOLDERS));
  // Hidden files (.DS_Store, NFS's .nfs… placeholders) are not the user's data: ignore them.
  const foreign = names.filter((n) => !n.startsWith(".") && !MANIFEST.test(n) && !folders.has(n) && !(TEMP.test(n) && n.startsWith("manifest")));
  if (foreign.length > 0)
    throw new UsageError(
      `--out ${dir}: the folder holds files that are not a vessel-lab data set (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}); give an empty or new folder`,
    );

  const ours = manifestName(shard);
  const manifestPath = join(dir, ours);
  let own = new Map<number, ManifestEntry>();
  let haveOurs = false;
  if (names.includes(ours)) {
    // A run killed while appending may have left part of a line: cut it, so the next line starts clean.
    const bytes = readFileSync(manifestPath);
    const end = bytes.lastIndexOf(10) + 1;
    if (end < bytes.length) truncateSync(manifestPath, end);
    if (end > 0) {
      own = readManifest(dir, ours, bytes.subarray(0, end).toString("utf8"), generator, settings).samples;
      haveOurs = true;
    }
  }
  // Samples other runs (shards, an earlier merge) listed in this folder count too, once checked on disk.
  const others = new Map<number, ManifestEntry>();
  for (const name of names.filter((n) => MANIFEST.test(n) && n !== ours))
    for (const [i, entry] of readManifest(dir, name, readFileSync(join(dir, name), "utf8"), generator, settings).samples) others.set(i, entry);
  const header = manifestHeader(generator, settings, count, shard);
  if (!haveOurs) writeOutput(manifestPath, `${JSON.stringify(header)}\n`);
  removeTemps(dir, shard);
  return { manifestPath, header, own, others };
}

/** A manifest's text parsed and checked against the settings of this run. */
function readManifest(dir: string, name: string, text: string, generator: string, settings: DatasetSettings) {
  let parsed;
  try {
    parsed = parseManifest(text, name);
  } catch (error) {
    throw new UsageError(`--out ${dir}: ${(error as Error).message}`);
  }
  const why = incompatibility(parsed.header, generator, settings);
  if (why) {
    // a set made --like a fit before generate took the fit's labels (stop 55) was labelled with generate's own default
    // (named only where that flag alone would let this run continue it)
    const made = parsed.header.settings.labelConvention;
    const labels =
      settings.like && made !== settings.labelConvention && !incompatibility(parsed.header, generator, { ...settings, labelConvention: made }) ? made : null;
    throw new UsageError(
      `--out ${dir}: holds a data set made with other settings (${name}: ${why}); use another folder, or the settings it was made with${labels ? ` (--label-convention ${labels} to continue it)` : ""}`,
    );
  }
  return parsed;
}

/** Deletes the temporary files of this shard's indices (left by a killed run); other shards' are theirs. */
export function removeTemps(dir: string, shard: Shard): void {
  for (const folder of Object.values(SAMPLE_FOLDERS)) {
    let names: string[];
    try {
      names = readdirSync(join(dir, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^sample-(\d+)\.nii\.gz\.partial-\d+$/.exec(name);
      if (m && Number(m[1]) % shard.count === shard.index) unlinkSync(join(dir, folder, name));
    }
  }
  for (const name of readdirSync(dir)) if (name.startsWith(manifestName(shard)) && TEMP.test(name)) unlinkSync(join(dir, name));
}

/** Rewrites the manifest (atomically) as its header and one line per sample in index order. */
export function finishManifest(path: string, header: ManifestHeader, samples: ReadonlyMap<number, ManifestEntry>): void {
  writeOutput(path, manifestText(header, samples));
}
