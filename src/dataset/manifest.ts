/**
 * The manifest of a generated data set: JSON lines. The first is a header (what made the data
 * set), each further line one finished sample: its record, and the path, size and SHA-256 of
 * each of its files. A line is written only after the sample's files are complete, so a
 * manifest never lists a half-written sample; when an index appears twice, the later line wins.
 */
import type { NiftiStoredType } from "../volume/index.js";
import type { SampleFileKind } from "./encodeSample.js";
import type { LabelConvention } from "./labelConvention.js";
import type { SampleRecord } from "./makeSample.js";
import type { SamplePresetName } from "./samplePresets.js";
import type { VoxelScaling } from "./sampleSpec.js";
import type { LikeParams } from "./likeScan.js";

export const MANIFEST_FORMAT = "vessel-lab/manifest";
export const MANIFEST_VERSION = 1;

/** What decides the bytes of a data set's files: two runs may share a folder only if these agree. */
export interface DatasetSettings {
  seed: number;
  preset: SamplePresetName | "mix";
  size: number;
  fit: boolean;
  fraction: boolean;
  /** Whether centreline maps are written (the key keeps the spelling manifests were written with). */
  centerline: boolean;
  /** How images are stored: "int16" (with scl_slope/scl_inter) or "float32". A manifest without it predates the choice: float32. */
  imageDtype: NiftiStoredType;
  /** Which voxels the labels mark (labelConvention.ts). A manifest without it predates the choice: "lumen". */
  labelConvention: LabelConvention;
  /** How patches are scaled (sampleSpec's `voxels`). A manifest without it predates the choice: "scanner". */
  voxels: VoxelScaling;
  /** Samples like a scan (`generate --like`, likeScan.ts); absent: the simulator's own. */
  like?: LikeParams;
  /** The chance of dark vessels (`generate --dark-vessels`, sampleSpec's `darkVessels`); absent: each modality's own. */
  darkVessels?: number;
}

/** Settings a header holds only when they were given: compared even when the run now does not give them. */
const OPTIONAL_SETTINGS = ["like", "darkVessels"] as const;

export interface Shard {
  /** 0-based: this shard makes the indices i with i % count === index. */
  index: number;
  count: number;
}

export interface ManifestHeader {
  kind: "header";
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** "vessel-lab 0.1.0": the program that made the files. */
  generator: string;
  settings: DatasetSettings;
  /** The data set's size: indices 0 … count − 1. */
  count: number;
  shard: Shard;
}

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** The NIfTI datatype stored ("int16", "float32", "uint8"); absent in manifests written before it was recorded. */
  dtype?: string;
}

export type ManifestEntry = { kind: "sample"; files: Partial<Record<SampleFileKind, ManifestFile>> } & SampleRecord;

export function manifestHeader(generator: string, settings: DatasetSettings, count: number, shard: Shard): ManifestHeader {
  return { kind: "header", format: MANIFEST_FORMAT, version: MANIFEST_VERSION, generator, settings, count, shard };
}

/** "manifest.jsonl" for a whole run, "manifest-shard-3-of-16.jsonl" for a shard, so shards never write the same file. */
export function manifestName(shard: Shard): string {
  return shard.count === 1 ? "manifest.jsonl" : `manifest-shard-${shard.index}-of-${shard.count}.jsonl`;
}

export interface ParsedManifest {
  header: ManifestHeader;
  /** The last line of each index. */
  samples: Map<number, ManifestEntry>;
  /** Characters up to the end of the last complete line (a run killed mid-write may leave a partial line after it). */
  completeLength: number;
}

/**
 * Reads a manifest's text. A last line without its newline (a killed run) is ignored; any
 * other line that is not a header or a sample throws an Error naming the line.
 */
export function parseManifest(text: string, name = "manifest"): ParsedManifest {
  const end = text.lastIndexOf("\n") + 1;
  const lines = text.slice(0, end).split("\n").slice(0, -1);
  if (lines.length === 0) throw new Error(`${name}: empty; it should start with a header line`);
  const parse = (line: string, n: number): Record<string, unknown> => {
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new Error(`${name}, line ${n}: not a JSON object; the manifest is damaged`);
  };
  const header = parse(lines[0], 1);
  if (header.kind !== "header" || header.format !== MANIFEST_FORMAT) throw new Error(`${name}, line 1: not a ${MANIFEST_FORMAT} header`);
  if (header.version !== MANIFEST_VERSION)
    throw new Error(`${name}: manifest version ${String(header.version)}; this vessel-lab reads version ${MANIFEST_VERSION}`);
  const samples = new Map<number, ManifestEntry>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const entry = parse(line, i + 2);
    if (entry.kind !== "sample" || !Number.isSafeInteger(entry.index) || typeof entry.files !== "object")
      throw new Error(`${name}, line ${i + 2}: not a sample line`);
    samples.set(entry.index as number, entry as unknown as ManifestEntry);
  });
  return { header: header as unknown as ManifestHeader, samples, completeLength: end };
}

/** What a header without a setting (written before it existed) was made with: float32 images, lumen labels, scanner voxels. */
const BEFORE = { imageDtype: "float32", labelConvention: "lumen", voxels: "scanner" } as const;

/**
 * Why files made under `header` cannot share a folder with files made with `settings` by
 * `generator`, or null when they can (the count and the shard may differ).
 */
export function incompatibility(header: ManifestHeader, generator: string, settings: DatasetSettings): string | null {
  if (header.generator !== generator) return `made by ${header.generator}, not ${generator}`;
  // Data sets made before a setting existed lack it: what they were made with instead.
  const had = (k: keyof DatasetSettings) =>
    header.settings && header.settings[k] === undefined && k in BEFORE ? BEFORE[k as keyof typeof BEFORE] : header.settings?.[k];
  // `like` is an object, present only in data sets made like a scan: compared by its JSON, on either side (as is the
  // chance of dark vessels, present only where it was given)
  const same = (a: unknown, b: unknown) =>
    a === b || (typeof a === "object" && typeof b === "object" && JSON.stringify(a ?? null) === JSON.stringify(b ?? null));
  const keys = new Set([...Object.keys(settings), ...OPTIONAL_SETTINGS.filter((k) => header.settings?.[k] !== undefined)]) as Set<keyof DatasetSettings>;
  const differ = [...keys].filter((k) => !same(had(k), settings[k]));
  if (differ.length === 0) return null;
  const fitOf = (l: LikeParams) => `a fit of ${l.preset}${l.modality ? ` imaged as ${l.modality}` : ""}${l.dark ? " with dark vessels" : ""}`;
  const show = (k: keyof DatasetSettings, v: unknown) =>
    k === "like" ? (v ? fitOf(v as LikeParams) : "none") : k === "darkVessels" && v === undefined ? "each modality's own" : JSON.stringify(v);
  return differ.map((k) => `${k} ${show(k, had(k))} (now ${show(k, settings[k])})`).join(", ");
}

/** Parses "i/n" (0 ≤ i < n); throws a RangeError that says what is wrong. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new RangeError(`--shard ${text}: give i/n, e.g. 0/4 (the first of four shards; i counts from 0)`);
  const index = Number(m[1]),
    count = Number(m[2]);
  if (count < 1 || !Number.isSafeInteger(count)) throw new RangeError(`--shard ${text}: n must be at least 1`);
  if (index >= count) throw new RangeError(`--shard ${text}: i must be in 0..n-1 (0..${count - 1})`);
  return { index, count };
}

/** The indices of shard `shard` of a data set of `count` samples: i, i + n, i + 2n, … below count. */
export function shardIndices(count: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < count; i += shard.count) out.push(i);
  return out;
}

/**
 * Several shards' (or runs') manifests as one: the header an unsharded run would write (the
 * largest count), then each index once, in index order: the manifest.jsonl an unsharded run
 * of the same data set writes.
 */
export function mergeManifests(parts: readonly ParsedManifest[]): { text: string; header: ManifestHeader; samples: Map<number, ManifestEntry> } {
  if (parts.length === 0) throw new RangeError("mergeManifests: no manifests given");
  const first = parts[0].header;
  const samples = new Map<number, ManifestEntry>();
  for (const part of parts) {
    const why = incompatibility(part.header, first.generator, first.settings);
    if (why) throw new Error(`mergeManifests: the manifests do not belong together: ${why}`);
    for (const [i, entry] of part.samples) samples.set(i, entry);
  }
  const count = Math.max(...parts.map((p) => p.header.count));
  const header = manifestHeader(first.generator, first.settings, count, { index: 0, count: 1 });
  return { text: manifestText(header, samples), header, samples };
}

/** A manifest's text: the header, then each sample in index order. */
export function manifestText(header: ManifestHeader, samples: ReadonlyMap<number, ManifestEntry>): string {
  const lines = [JSON.stringify(header)];
  for (const i of [...samples.keys()].sort((a, b) => a - b)) lines.push(JSON.stringify(samples.get(i)));
  return `${lines.join("\n")}\n`;
}
