import cliProgress from "cli-progress";
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type AdaptResult, type InferProgress, type ModelCard, type ModelSpacing, type RunTile, adaptToScan, backgroundNote, checkAdaptedMask, describeMaskChange, describeSpacing, parseModelCard, parseSpacing, segmentVolume } from "../infer/index.js";
import type { OrtNodeModel } from "../infer/node.js";
import { NIFTI_INTENT, type Vec3, type Volume, writeNifti } from "../volume/index.js";
import { resolveAutoSpacing } from "../scale/index.js";
import { UsageError } from "./errors.js";
import { NIFTI_NAME, displayPath, escapeName, niftiFiles, readInput, readScan, threadCount, writeOutput } from "./files.js";

interface SegmentFlags {
  in?: string;
  out?: string;
  prob?: string;
  inDir?: string;
  outDir?: string;
  probDir?: string;
  model?: string;
  card?: string;
  spacing?: string;
  tile?: string;
  overlap?: string;
  threshold?: string;
  threads: string;
  adapt?: boolean;
  reconstructor?: string;
  adaptSteps: string;
  adaptSeed: string;
  adaptMaxChange: string;
  /** false with --no-background-mask */
  backgroundMask: boolean;
}

/** The reconstruction decoder --adapt uses, with its card. */
interface Adapter {
  model: OrtNodeModel;
  card: ModelCard;
  steps: number;
  seed: number;
  /** --adapt-max-change: the trust region (checkAdaptedMask) */
  maxChange: number;
}

interface Case {
  name: string;
  input: string;
  out: string;
  prob?: string;
}

/** The largest --overlap: tiles a tenth of their size apart (1000 passes per voxel); 0.999999 would never finish. */
const MAX_OVERLAP = 0.9;

/** The packaged model, used when --model is not given. */
const DEFAULT_MODEL = fileURLToPath(new URL("../../models/segmenter.onnx", import.meta.url));

/** `vessel-lab segment`: vessel masks (and probabilities) of scans with an ONNX segmenter on onnxruntime-node. */
export function registerSegment(program: Command): void {
  program
    .command("segment")
    .description("segment the vessels of scans (NIfTI) with the ONNX segmenter: a mask (and probability) on each scan's grid; one file or a folder")
    .option("--in <file>", "scan to segment (.nii or .nii.gz, 3D)")
    .option("--out <file>", "vessel mask to write (.nii.gz, uint8 0/1, the scan's grid and affine)")
    .option("--prob <file>", "also write the vessel probability (.nii.gz, float32)")
    .option("--in-dir <dir>", "instead of --in: every .nii and .nii.gz in this folder")
    .option("--out-dir <dir>", "with --in-dir: masks go here as <case>.nii.gz")
    .option("--prob-dir <dir>", "with --in-dir: probabilities go here as <case>.nii.gz")
    .option("--model <file>", "ONNX segmenter taking float32 [1, 1, D, H, W] (default: the packaged models/segmenter.onnx)")
    .option("--card <file>", "model card JSON (default: the model's file name with .json, e.g. models/segmenter.json; defaults when there is none)")
    .option(
      "--spacing <mm>",
      'voxel size the scan is resampled to before the model: "auto" (from the scan\'s median vessel radius, measured by the vesselness filter, brought to the radius the model learnt: the card\'s radiusVoxels), mm, X,Y,Z mm, "native" (the scan\'s own grid), or xF (isotropic voxels F times the scan\'s finest side: x2 for vessels twice as wide in voxels as the model\'s training vessels); overrides the card',
    )
    .option("--tile <n>", "sliding-window tile in voxels: n or X,Y,Z, multiples of the card's stride; overrides the card")
    .option("--overlap <f>", "fraction of a tile neighbouring tiles share, 0 ≤ f ≤ 0.9; overrides the card")
    .option("--threshold <t>", "vessel where the probability is above t (0…1); overrides the card")
    .option("--threads <n>", "onnxruntime threads", "2")
    .option("--no-background-mask", "run every tile and keep the probability everywhere, even on a scan whose background was masked to one value (see below)")
    .option("--adapt", "test-time adaptation to each scan before segmenting it: SPSA over the models' adaptation inputs against the reconstruction decoder's masked loss")
    .option("--reconstructor <file>", "with --adapt: the ONNX reconstruction decoder (default: reconstructor.onnx beside the segmenter, card reconstructor.json)")
    .option("--adapt-steps <n>", "with --adapt: SPSA steps (two reconstructor passes on each of 2 crops per step)", "20")
    .option("--adapt-seed <n>", "with --adapt: seed of the crops, masks and perturbations", "0")
    .option("--adapt-max-change <f>", "with --adapt: keep the adapted mask only if it differs from the unadapted one in at most this fraction of the unadapted mask's voxels (0.05 is 5 %; Infinity: always)", "0.05")
    .addHelpText(
      "after",
      [
        "",
        "Steps (src/infer, the same code as the page): intensities mapped to [0, 1] by the card's percentiles (0.5/99.5),",
        "resampled to the card's voxel size (or --spacing), padded to the model's stride, run tile by tile with overlap and",
        "Gaussian blending, resampled back, thresholded. The outputs lie on the input's grid with its affine.",
        "A scan whose background was masked (a fifth or more of it holds exactly its minimum: skull-stripped or thresholded",
        "MRA, CT with the air set to one value) is segmented inside its field of view only: tiles of background alone are",
        "skipped, and the probability is 0 more than 2 voxels from any other value. --no-background-mask turns this off.",
        "Model card fields: stride, tile, overlap, normalization.percentiles, spacing, threshold, output (probability|logit).",
      ].join("\n"),
    )
    .action(async (flags: SegmentFlags) => {
      const cases = segmentCases(flags);
      const modelPath = flags.model ? resolve(flags.model) : DEFAULT_MODEL;
      const card = withOverrides(readCard(modelPath, flags), flags);
      if (!existsSync(modelPath)) throw new UsageError(missingModel(modelPath, flags.model !== undefined));
      // loaded here, not at the top: other commands never load the native onnxruntime binding
      const { OrtNodeModel } = await import("../infer/node.js");
      const model = await OrtNodeModel.load(modelPath, { card, threads: threadCount("--threads", flags.threads) }).catch((error: Error) => {
        throw new UsageError(`--model ${displayPath(modelPath)}: ${error.message}`);
      });
      let adapter: Adapter | null = null;
      try {
        if (flags.adapt) adapter = await openAdapter(model, modelPath, flags);
        const resolved: ModelCard = { ...card, output: { name: model.io.output, kind: model.io.outputKind } };
        let announced = false;
        const announce = () => {
          if (!announced) process.stderr.write(`segment: ${card.name} (${displayPath(modelPath)}), output "${model.io.output}" (${model.io.outputKind}), ${describeCard(resolved)}\n`);
          announced = true;
        };
        const failures: string[] = [];
        for (const c of cases) {
          try {
            await segmentCase(c, resolved, model, flags.in ? "--in" : "--in-dir", announce, adapter, flags.backgroundMask);
          } catch (error) {
            if (cases.length === 1) throw error;
            failures.push(`${escapeName(basename(c.input))}: ${(error as Error).message}`);
            process.stderr.write(`segment: skipped ${escapeName(basename(c.input))}: ${(error as Error).message}\n`);
          }
        }
        if (failures.length) throw new UsageError(`${failures.length} of ${cases.length} scans failed: ${failures.join("; ")}`);
      } finally {
        await model.dispose();
        await adapter?.model.dispose();
      }
    });
}

async function segmentCase(
  c: Case,
  card: ModelCard,
  model: OrtNodeModel,
  flag: string,
  announce: () => void,
  adapter: Adapter | null,
  maskBackground: boolean,
): Promise<void> {
  const volume = readScan(c.input, flag, "segment");
  announce();
  const auto = resolveAutoSpacing(card, volume, { maskBackground });
  if (auto.chosen) {
    // the scale the scan's vessels need, measured once: adaptation sees the grid segmentation will see
    process.stderr.write(`segment: ${escapeName(basename(c.input))}: ${auto.chosen.summary}\n`);
    card = auto.card;
    if (adapter) adapter = { ...adapter, card: { ...adapter.card, spacing: auto.chosen.spacing } };
  }
  const segment = async (runTile: RunTile, label: string) => {
    const bar = progressBar(label);
    try {
      return await segmentVolume(volume, { card, runTile, onProgress: bar.update, maskBackground });
    } finally {
      bar.stop();
    }
  };
  const adapted = adapter ? await adapt(volume, adapter, escapeName(basename(c.input))) : null;
  const t0 = performance.now(); // segmentation alone: adapt reports its own time
  let passes = 1;
  let result = await segment(model.runTile, escapeName(basename(c.input)));
  if (adapter && adapted?.accepted) {
    // the trust region: the adapted mask is kept only if it moved at most --adapt-max-change of the unadapted one
    const withAdaptation = await segment(model.tileRunner(model.io.output, adapted.adaptation), `${escapeName(basename(c.input))} (adapted)`);
    const check = checkAdaptedMask(result.mask.data, withAdaptation.mask.data, adapter.maxChange);
    process.stderr.write(
      check.kept
        ? `adapt: the adapted mask differs from the unadapted one in ${describeMaskChange(check)}, within --adapt-max-change (${trusted(check.maxChange)}): adapted mask written\n`
        : `adapt: the adapted mask differs from the unadapted one in ${describeMaskChange(check)}, more than --adapt-max-change (${trusted(check.maxChange)}) allows: the unadapted mask is written\n`,
    );
    passes = 2;
    if (check.kept) result = withAdaptation;
  }
  const seconds = (performance.now() - t0) / 1000;
  const description = `vessel-lab segment ${card.name}`.slice(0, 79);
  writeOutput(c.out, writeNifti(result.mask, { description, intent: { code: NIFTI_INTENT.label, name: "vessel" } }));
  if (c.prob) writeOutput(c.prob, writeNifti(result.probability, { description, intent: { code: NIFTI_INTENT.estimate, name: "probability" } }));
  let vessel = 0;
  for (const v of result.mask.data) vessel += v;
  const d = result.details;
  process.stderr.write(
    `segment: ${escapeName(basename(c.input))} ${volume.dims.join("×")} → model grid ${d.modelGrid.dims.join("×")}, ${d.tiles} tile${d.tiles === 1 ? "" : "s"} of ${d.tile.join("×")}${backgroundNote(d)} in ${seconds.toFixed(1)} s${passes > 1 ? " (2 passes: without and with adaptation)" : ""}, ` +
      `${((100 * vessel) / result.mask.data.length).toFixed(2)} % vessel → ${displayPath(c.out)}${c.prob ? ` and ${displayPath(c.prob)}` : ""}\n`,
  );
}

function segmentCases(flags: SegmentFlags): Case[] {
  const single = flags.in !== undefined || flags.out !== undefined || flags.prob !== undefined;
  const folders = flags.inDir !== undefined || flags.outDir !== undefined || flags.probDir !== undefined;
  if (single && folders) throw new UsageError("give either --in and --out, or --in-dir and --out-dir, not both forms");
  if (!single && !folders) throw new UsageError("nothing to segment: give --in FILE --out FILE, or --in-dir DIR --out-dir DIR");
  if (single) {
    if (!flags.in || !flags.out) throw new UsageError(`--in and --out go together: ${flags.in ? "--out" : "--in"} is missing`);
    if (resolve(flags.in) === resolve(flags.out)) throw new UsageError(`--out ${flags.out} is the scan itself; write the mask elsewhere`);
    return [{ name: basename(flags.in).replace(NIFTI_NAME, ""), input: flags.in, out: flags.out, prob: flags.prob }];
  }
  if (!flags.inDir || !flags.outDir) throw new UsageError(`--in-dir and --out-dir go together: ${flags.inDir ? "--out-dir" : "--in-dir"} is missing`);
  for (const [flag, dir] of [["--out-dir", flags.outDir], ["--prob-dir", flags.probDir]] as const) {
    if (dir && resolve(dir) === resolve(flags.inDir)) throw new UsageError(`${flag} ${dir} is the --in-dir: outputs take the scans' names and would replace them; give another folder`);
  }
  const cases: Case[] = [];
  for (const [name, input] of niftiFiles(flags.inDir, "--in-dir")) {
    cases.push({ name, input, out: join(flags.outDir, `${name}.nii.gz`), prob: flags.probDir ? join(flags.probDir, `${name}.nii.gz`) : undefined });
  }
  return cases;
}

/** The card: --card, else the model's sidecar (segmenter.onnx → segmenter.json), else the defaults. */
function readCard(modelPath: string, flags: SegmentFlags): ModelCard {
  const path = flags.card ?? modelPath.replace(/\.onnx$/i, "") + ".json";
  if (!flags.card && !existsSync(path)) return parseModelCard({ name: basename(modelPath) });
  const text = readInput(path, "--card").toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`model card ${displayPath(path)}: not JSON (${(error as Error).message})`);
  }
  try {
    const card = parseModelCard(json, `model card ${displayPath(path)}`);
    if ((json as { name?: unknown }).name === undefined) card.name = basename(modelPath);
    return card;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function withOverrides(card: ModelCard, flags: SegmentFlags): ModelCard {
  const out: ModelCard = structuredClone(card);
  if (flags.spacing !== undefined) {
    let spacing: ModelSpacing | null;
    try {
      spacing = parseSpacing(flags.spacing);
    } catch (error) {
      throw new UsageError(`--spacing ${flags.spacing}: ${(error as Error).message}`);
    }
    if (!spacing) throw new UsageError(`--spacing ${flags.spacing}: give "auto", a voxel size in mm, X,Y,Z in mm, "native", or x2 (voxels twice the scan's finest side)`);
    out.spacing = spacing;
  }
  if (flags.tile !== undefined) {
    const t = triple(flags.tile);
    if (!t || t.some((x) => !Number.isInteger(x) || x < 1)) throw new UsageError(`--tile ${flags.tile}: give a positive integer or X,Y,Z of them (voxels)`);
    if (t.some((x) => x % out.stride !== 0)) throw new UsageError(`--tile ${flags.tile}: each side must be a multiple of the model's stride ${out.stride}`);
    out.tile = t;
  }
  if (flags.overlap !== undefined) {
    const f = Number(flags.overlap);
    if (flags.overlap.trim() === "" || !(f >= 0 && f <= MAX_OVERLAP)) throw new UsageError(`--overlap ${flags.overlap}: give a fraction 0 ≤ f ≤ ${MAX_OVERLAP} (at ${MAX_OVERLAP} every voxel already runs through the model about 1000 times)`);
    out.overlap = f;
  }
  if (flags.threshold !== undefined) {
    const t = Number(flags.threshold);
    if (flags.threshold.trim() === "" || !(t >= 0 && t <= 1)) throw new UsageError(`--threshold ${flags.threshold}: give a probability 0 ≤ t ≤ 1`);
    out.threshold = t;
  }
  return out;
}

function triple(text: string): Vec3 | null {
  const parts = text.split(",").map((p) => (p.trim() === "" ? NaN : Number(p)));
  if (parts.length === 1) return [parts[0], parts[0], parts[0]];
  return parts.length === 3 ? [parts[0], parts[1], parts[2]] : null;
}

/**
 * The reconstruction decoder for --adapt: --reconstructor, else reconstructor.onnx beside the segmenter, with its card
 * (its sidecar JSON, else the segmenter's).
 * Both models must take the same adaptation inputs (the shared encoder's), or adaptation could not carry over.
 */
async function openAdapter(segmenter: OrtNodeModel, modelPath: string, flags: SegmentFlags): Promise<Adapter> {
  const steps = nonNegativeInteger("--adapt-steps", flags.adaptSteps);
  const seed = nonNegativeInteger("--adapt-seed", flags.adaptSeed);
  const maxChange = maxChangeOf(flags.adaptMaxChange);
  const path = flags.reconstructor ? resolve(flags.reconstructor) : join(modelPath, "..", "reconstructor.onnx");
  if (!existsSync(path)) {
    throw new UsageError(`--adapt: no reconstruction decoder at ${displayPath(path)}; give --reconstructor FILE (models/train/export.py writes models/reconstructor.onnx), or segment without --adapt`);
  }
  // its sidecar card, else the segmenter's (the same normalisation and adaptation inputs)
  const sidecar = path.replace(/\.onnx$/i, "") + ".json";
  // --spacing (and the other overrides) apply to it too: adaptation must see the grid segmentation will see
  const card = withOverrides(existsSync(sidecar) ? readCard(path, { ...flags, card: undefined }) : readCard(modelPath, flags), flags);
  const { OrtNodeModel } = await import("../infer/node.js");
  const model = await OrtNodeModel.load(path, { card, threads: threadCount("--threads", flags.threads) }).catch((error: Error) => {
    throw new UsageError(`--reconstructor ${displayPath(path)}: ${error.message}`);
  });
  const mine = JSON.stringify(segmenter.adaptationShapes);
  if (Object.keys(segmenter.adaptationShapes).length === 0 || mine !== JSON.stringify(model.adaptationShapes)) {
    await model.dispose();
    const list = (m: OrtNodeModel) => Object.entries(m.adaptationShapes).map(([n, s]) => `${n} [${s.join(", ")}]`).join(", ") || "none";
    throw new UsageError(`--adapt: the segmenter's adaptation inputs (${list(segmenter)}) and the reconstructor's (${list(model)}) must be the same, non-empty set; export both from one checkpoint (models/train/export.py)`);
  }
  return {
    model,
    card: { ...card, output: { name: model.reconstructionOutput, kind: "probability" } },
    steps,
    seed,
    maxChange,
  };
}

/** "5 %" for 0.05, "any" for Infinity. */
function trusted(maxChange: number): string {
  return Number.isFinite(maxChange) ? `${+(100 * maxChange).toPrecision(6)} %` : "any";
}

function maxChangeOf(text: string): number {
  const f = Number(text);
  if (text.trim() === "" || Number.isNaN(f) || f < 0) throw new UsageError(`--adapt-max-change ${text}: give a fraction ≥ 0 (0.05 is 5 %; Infinity keeps every adapted mask)`);
  return f;
}

/** Test-time adaptation of the shared encoder's inputs to one scan, reported on stderr. */
async function adapt(volume: Volume, adapter: Adapter, label: string): Promise<AdaptResult> {
  const { model, card, steps, seed } = adapter;
  const t0 = performance.now();
  const result = await adaptToScan(volume, {
    card,
    inputs: model.adaptationInputs,
    steps,
    seed,
    cropSize: Math.min(64, card.tile[0]),
    reconstruct: (input, dims, adaptation) => model.tileRunner(model.reconstructionOutput, adaptation)(input, dims),
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `adapt: ${label} reconstruction loss ${result.before.toPrecision(4)} → ${result.after.toPrecision(4)} after ${steps} SPSA steps (${result.passes} passes, ${seconds.toFixed(1)} s): ` +
      `${result.accepted ? "adapted inputs lower the loss" : "no improvement, the model is used as trained"}\n`,
  );
  return result;
}

function nonNegativeInteger(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 0) throw new UsageError(`${flag} ${text}: give a whole number ≥ 0`);
  return n;
}

function missingModel(path: string, given: boolean): string {
  const how =
    "the segmenter is trained and exported by models/train (see models/train/README.md) to models/segmenter.onnx with its card models/segmenter.json; " +
    "or pass --model FILE with any ONNX model taking float32 [1, 1, D, H, W] and giving a vessel probability or logit of the same shape";
  return `${given ? "--model " : "no model at "}${displayPath(path)}${given ? ": no such file" : ""}; ${how}`;
}

function describeCard(card: ModelCard): string {
  return `${describeSpacing(card.spacing)}, tile ${card.tile.join("×")}, overlap ${card.overlap}, stride ${card.stride}, percentiles ${card.normalization.percentiles.join("/")}, threshold ${card.threshold}`;
}

/** A tile progress bar on a terminal (cli-progress); nothing when stderr is not one. */
function progressBar(label: string): { update: (p: InferProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} {bar} {value}/{total} tiles | ETA {eta_formatted}`, hideCursor: true, barsize: 30, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (p.stage !== "tiles") return;
      if (!started) {
        bar.start(p.total, 0);
        started = true;
      }
      bar.update(p.done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
