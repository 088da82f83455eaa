import { Option, type Command } from "commander";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import {
  checkLike,
  LABEL_CONVENTIONS,
  mergeManifests,
  parseManifest,
  shardIndices,
  type DatasetSettings,
  type LabelConvention,
  type LikeParams,
  type ManifestEntry,
  type SampleFileKind,
  type SamplePresetName,
  type Shard,
  type VoxelScaling,
} from "../dataset/index.js";
import { finishManifest, prepareFolder, removeTemps } from "./datasetFolder.js";
import { UsageError } from "./errors.js";
import { displayPath, writeOutput } from "./files.js";
import { flagOption, integerIn, olderSpelling, samplePreset, shard as shardParser } from "./options.js";
import { SAMPLE_BYTES_PER_VOXEL, SAMPLE_SECONDS_PER_VOXEL, checkWork } from "./estimate.js";

/** The most samples one data set holds: every index is listed in memory and in its manifest. */
const MAX_COUNT = 10_000_000;
/** The most worker threads: more than this only waits for the same cores. */
const MAX_WORKERS = 256;
/** The sizes of a data set's cubic volumes. */
const MIN_SIZE = 8,
  MAX_SIZE = 1024;
import type { WorkerReply, WorkerSetup, WorkerTask } from "./generateWorker.js";
import { createProgress, formatDuration } from "./progress.js";
import type { NiftiStoredType } from "../volume/index.js";
import { darkVesselsOption, imageDtypeOption, labelConventionOption, seedOption, voxelsOption } from "./synth.js";

interface GenerateFlags {
  count?: number;
  size: number;
  out: string;
  preset?: SamplePresetName | "mix";
  mix?: boolean;
  seed: number;
  workers?: number;
  shard?: Shard;
  fit?: boolean;
  withFraction?: boolean;
  withCentreline?: boolean;
  imageDtype: NiftiStoredType;
  labelConvention: LabelConvention;
  voxels: VoxelScaling;
  quiet?: boolean;
  merge?: boolean;
  like?: string;
  darkVessels?: number;
}

/** "vessel-lab 0.1.0": recorded in each manifest; files made by another version are not mixed in. */
export function generatorName(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return `vessel-lab ${pkg.version}`;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("make a data set of synthetic samples (image + label NIfTI, manifest.jsonl) on all cores; sharded over a cluster, resumable")
    .addOption(
      flagOption(
        "--count <n>",
        "samples in the data set: indices 0 … n−1",
        integerIn(1, MAX_COUNT, " (more is a cluster's job: run several data sets, or shards with --shard)"),
      ),
    )
    .requiredOption("--out <dir>", "the data set's folder: images/, labels/, manifest.jsonl")
    .addOption(flagOption("--size <n>", "voxels per axis of each cubic volume", integerIn(MIN_SIZE, MAX_SIZE), 128))
    .addOption(flagOption("--preset <name>", "one sample preset for every sample (see `synth --help`)", samplePreset))
    .option("--mix", "draw a preset per sample, each equally likely (the default)")
    .addOption(seedOption())
    .addOption(
      flagOption("--workers <k>", "worker threads (default: every core)", integerIn(1, MAX_WORKERS, ` (this machine has ${availableParallelism()} cores)`)),
    )
    .addOption(flagOption("--shard <i/n>", "make only the indices ≡ i (mod n), i from 0 to n−1; writes manifest-shard-i-of-n.jsonl", shardParser))
    .option("--fit", "fit each whole tree into its volume instead of a patch at the preset's voxel size")
    .addOption(voxelsOption())
    .option("--with-fraction", "also write fractions/ (partial-volume maps, float32)")
    .option("--with-centreline", "also write centerlines/ (centreline maps, uint8; the folder keeps its older spelling)")
    .addOption(olderSpelling("--with-centerline", "--with-centreline"))
    .addOption(imageDtypeOption())
    .addOption(labelConventionOption())
    .option(
      "--like <fit.json>",
      "samples like a scan: the parameters `vessel-lab fit` wrote (its preset, and the modality its tree is imaged as, growth, voxel and imaging factors replace --preset, --mix and --voxels; its samples' label convention is the default of --label-convention)",
    )
    .addOption(darkVesselsOption("generate"))
    .option("--quiet", "no progress bar and no summary")
    .addOption(new Option("--merge", "make no samples: merge DIR's shard manifests into DIR/manifest.jsonl").conflicts(["count", "shard"]))
    .addHelpText(
      "after",
      "\nSample i is the same bytes whatever --workers and --shard: it depends on --seed, --size, --preset (or --like),\n--voxels and i alone (its label also on --label-convention; --dark-vessels changes only whether its vessels are dark).\nRerunning a command continues it: samples the manifest lists whose files are intact are kept, the rest are made.\nExamples:\n  vessel-lab generate --count 16500 --out data --mix\n  vessel-lab generate --count 16500 --out data --shard ${SLURM_ARRAY_TASK_ID}/16\n  vessel-lab generate --out data --merge",
    )
    .action(async (flags: GenerateFlags, command: Command) => {
      if (flags.merge) return merge(flags.out, !!flags.quiet);
      if (flags.preset && flags.mix) throw new UsageError("give either --preset NAME or --mix, not both");
      const liked = flags.like ? readLike(flags.like) : undefined;
      const like = liked?.like;
      // a fit file's labels: what its samples were measured with, unless --label-convention is given
      const fittedLabels = liked?.labelConvention && command.getOptionValueSource("labelConvention") === "default" ? liked.labelConvention : null;
      const labelConvention = fittedLabels ?? flags.labelConvention;
      if (like && (flags.preset || flags.mix || flags.fit))
        throw new UsageError(
          `--like ${displayPath(flags.like!)} sets the preset and the voxels; leave out ${flags.preset ? "--preset" : flags.mix ? "--mix" : "--fit"}`,
        );
      if (flags.count === undefined) throw new UsageError("--count <n>: how many samples? (e.g. --count 1000)");
      const count = flags.count;
      const settings: DatasetSettings = {
        seed: flags.seed,
        preset: flags.preset ?? "mix",
        size: flags.size,
        fit: !!flags.fit,
        fraction: !!flags.withFraction,
        centerline: !!flags.withCentreline,
        imageDtype: flags.imageDtype,
        labelConvention,
        voxels: flags.voxels,
        ...(like ? { preset: like.preset, like } : {}),
        // a fit of dark vessels (like.dark) draws them all dark unless --dark-vessels says otherwise: said in the manifest too
        ...(flags.darkVessels !== undefined ? { darkVessels: flags.darkVessels } : like?.dark ? { darkVessels: 1 } : {}),
      };
      if (fittedLabels && fittedLabels !== flags.labelConvention && !flags.quiet)
        process.stderr.write(
          `generate: --like ${displayPath(flags.like!)} was fitted on samples labelled ${fittedLabels}, so these are labelled ${fittedLabels} too (--label-convention ${fittedLabels}); give --label-convention to choose otherwise\n`,
        );
      if (like?.dark && flags.darkVessels === undefined && !flags.quiet)
        process.stderr.write(
          `generate: --like ${displayPath(flags.like!)} was fitted to a scan of dark vessels (fit --dark): every sample's vessels are dark (--dark-vessels 1); give --dark-vessels to choose otherwise\n`,
        );
      const shard: Shard = flags.shard ?? { index: 0, count: 1 };
      const workers = flags.workers ?? availableParallelism();
      const perShard = Math.ceil((count - shard.index) / shard.count);
      const running = Math.min(workers, perShard);
      const voxels = settings.size ** 3;
      checkWork(
        `generate: ${perShard} samples of ${settings.size}³ on ${running} workers`,
        { bytes: running * voxels * SAMPLE_BYTES_PER_VOXEL, seconds: (perShard * voxels * SAMPLE_SECONDS_PER_VOXEL) / running },
        "give fewer --workers or a smaller --size",
      );
      await generate({ dir: flags.out, count, settings, shard, workers, quiet: !!flags.quiet });
    });
}

interface GenerateRun {
  dir: string;
  count: number;
  settings: DatasetSettings;
  shard: Shard;
  workers: number;
  quiet: boolean;
}

async function generate({ dir, count, settings, shard, workers, quiet }: GenerateRun): Promise<void> {
  const generator = generatorName();
  const { manifestPath, header, own, others } = prepareFolder(dir, generator, settings, count, shard);
  const indices = shardIndices(count, shard);
  const kinds: SampleFileKind[] = [
    "image",
    "label",
    ...(settings.fraction ? ["fraction" as const] : []),
    ...(settings.centerline ? ["centerline" as const] : []),
  ];
  const setup: WorkerSetup = {
    dir,
    options: {
      seed: settings.seed,
      preset: settings.preset,
      size: settings.size,
      fit: settings.fit,
      labelConvention: settings.labelConvention,
      voxels: settings.voxels,
      like: settings.like ?? null,
      darkVessels: settings.darkVessels ?? null,
    },
    encode: { fraction: settings.fraction, centreline: settings.centerline, imageDtype: settings.imageDtype },
    kinds,
  };
  const tasks: WorkerTask[] = indices.map((index) => ({ index, listed: own.get(index) ?? others.get(index) }));
  const samples = new Map<number, ManifestEntry>();
  let made = 0,
    kept = 0,
    next = 0;
  const t0 = performance.now();
  let firstMade = NaN;
  const progress = createProgress({ quiet, label: "generate " });
  progress.update(0, tasks.length, { rate: NaN, eta: NaN });
  const pool: Worker[] = [];
  let failure: Error | null = null;

  const stopAll = async () => {
    await Promise.all(pool.map((w) => w.terminate()));
    removeTemps(dir, shard);
  };
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    for (const w of pool) void w.terminate();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await new Promise<void>((resolve) => {
      const feed = (worker: Worker) => {
        if (failure || interrupted || next >= tasks.length) {
          void worker.terminate();
          return;
        }
        worker.postMessage(tasks[next++]);
      };
      const n = Math.min(workers, tasks.length);
      if (n === 0) return resolve();
      for (let k = 0; k < n; k++) {
        const worker = new Worker(new URL("./generateWorker.mjs", import.meta.url), { workerData: setup });
        pool.push(worker);
        worker.on("message", (reply: WorkerReply) => {
          if (reply.type === "failed") {
            failure ??= new Error(`sample ${reply.index}: ${reply.message}`);
          } else if (reply.type === "intact") {
            kept++;
            const entry = own.get(reply.index) ?? others.get(reply.index)!;
            if (!own.has(reply.index)) appendFileSync(manifestPath, `${JSON.stringify(entry)}\n`);
            samples.set(reply.index, entry);
          } else {
            // The files are in place (written atomically by the worker): now the sample counts.
            appendFileSync(manifestPath, `${JSON.stringify(reply.entry)}\n`);
            samples.set(reply.index, reply.entry);
            if (made++ === 0) firstMade = performance.now() - reply.ms;
          }
          const done = made + kept;
          const rate = made / Math.max(1e-3, (performance.now() - firstMade) / 1000);
          // the rate of samples made (kept ones cost nothing), from the first one started
          progress.update(done, tasks.length, { rate, eta: (tasks.length - done) / rate });
          feed(worker);
        });
        worker.on("error", (error) => {
          failure ??= new Error(`a worker failed: ${error.message}`);
        });
        worker.on("exit", () => {
          if (pool.every((w) => w.threadId === -1)) resolve();
        });
        feed(worker);
      }
    });
  } finally {
    progress.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (failure || interrupted) {
    await stopAll();
    if (interrupted) {
      if (!quiet)
        process.stderr.write(
          `generate: interrupted (${interrupted}) after ${made + kept} of ${tasks.length} samples; run the same command again to continue\n`,
        );
      // The conventional status of a run stopped by a signal (main() would report success).
      process.exit(interrupted === "SIGINT" ? 130 : 143);
    }
    throw new Error(`${failure!.message}; the ${made + kept} samples finished are in ${manifestPath} (rerun to continue)`);
  }
  finishManifest(manifestPath, header, samples);
  const seconds = (performance.now() - t0) / 1000;
  if (!quiet)
    process.stderr.write(
      `generate: ${tasks.length} samples${shard.count > 1 ? ` (shard ${shard.index}/${shard.count} of ${count})` : ""}: ${made} made, ${kept} already there, in ${formatDuration(seconds)} (${(made / seconds).toPrecision(3)} samples/s, ${Math.min(workers, Math.max(1, tasks.length))} workers) → ${manifestPath}\n`,
    );
}

/** `generate --merge`: every manifest in `dir` as one manifest.jsonl, each index once, in order. */
function merge(dir: string, quiet: boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^manifest(-shard-\d+-of-\d+)?\.jsonl$/.test(n));
  } catch {
    throw new UsageError(`--out ${dir}: no such folder`);
  }
  if (names.length === 0) throw new UsageError(`--out ${dir}: holds no manifest to merge`);
  const parts = names.map((n) => {
    try {
      return parseManifest(readFileSync(join(dir, n), "utf8"), n);
    } catch (error) {
      throw new UsageError(`--out ${dir}: ${(error as Error).message}`);
    }
  });
  let merged;
  try {
    merged = mergeManifests(parts);
  } catch (error) {
    throw new UsageError(`--out ${dir}: ${(error as Error).message}`);
  }
  writeOutput(join(dir, "manifest.jsonl"), merged.text);
  const missing = merged.header.count - [...merged.samples.keys()].filter((i) => i < merged.header.count).length;
  if (!quiet)
    process.stderr.write(
      `generate --merge: ${names.length} manifests, ${merged.samples.size} of ${merged.header.count} samples${missing > 0 ? ` (${missing} missing: a shard has not finished)` : ""} → ${join(dir, "manifest.jsonl")}\n`,
    );
}

/**
 * The `like` of a `vessel-lab fit` file (or a bare like record), checked, and the label convention the fit's samples
 * were measured with (null for a bare like record); a UsageError names the file and the problem.
 */
function readLike(path: string): { like: LikeParams; labelConvention: LabelConvention | null } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(
      `--like ${displayPath(path)}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not JSON (${(error as Error).message})`}; give the file \`vessel-lab fit --out\` wrote`,
    );
  }
  const fit = json && typeof json === "object" && "like" in json ? (json as { like: unknown; search?: { labelConvention?: unknown } }) : null;
  const labels = fit?.search?.labelConvention;
  try {
    return {
      like: checkLike(fit ? fit.like : json),
      labelConvention: typeof labels === "string" && (LABEL_CONVENTIONS as readonly string[]).includes(labels) ? (labels as LabelConvention) : null,
    };
  } catch (error) {
    throw new UsageError(`--like ${displayPath(path)}: ${(error as Error).message}`);
  }
}
