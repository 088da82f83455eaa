/**
 * The worked report "Does simulation alone segment real vessels?" (notebooks/reports/sim-to-real.md), computed in Node
 * by its data loader at build time from seeds and files: the quality measurement (measureQuality: model, Otsu, Frangi
 * on synthetic, real-geometry and real sets), the effect of test-time adaptation on off-domain shifts, pictures of the
 * best and worst cases, and the provenance of every number (commands, seeds, model and data hashes, lab version).
 * Nothing here depends on the time or the machine, so a second build with the same inputs gives the same numbers.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { makeSample, SAMPLE_PRESET_NAMES, type SamplePresetName, sampleSpec } from "../dataset/index.js";
import { adaptInput, adaptToScan, checkAdaptedMask, describeTransform, type ModelSpacing, segmentVolume } from "../infer/index.js";
import { LAB_VERSION } from "../lab/labVersion.js";
import { DOMAIN_SHIFTS, type DomainShift, shiftDomain } from "../lab/offDomain.js";
import { dice } from "../metrics/index.js";
import { confusionMip } from "../rendering/confusionImages.js";
import { mipOf, windowOf } from "../rendering/sliceData.js";
import { resolveAutoSpacing } from "../scale/index.js";
import { type QualityCase, type QualityPlan, type QualityRow, SYNTHETIC_SEED, SYNTHETIC_SIZE, cardSegmenter, measureQuality } from "./measureQuality.js";
import { openQualityModel, openReconstructor, realVolumes, sha256File } from "./node.js";

export const REPORT_FORMAT = "vessel-lab/report-sim-to-real";

/** A picture of one case: the scan's projection (8-bit, windowed) and the model's error classes on it, base64. */
export interface CasePicture {
  set: string;
  source: string;
  index: number;
  dice: Record<string, number>;
  /** Each method's recall: the one meaningful score where the label is partial (the aorta). */
  recall: Record<string, number>;
  width: number;
  height: number;
  pixelSpacing: [number, number];
  /** The scan's maximum-intensity projection along z, windowed to 0…255 (1st–99.8th percentile). */
  scan: string;
  /** Per pixel: 0 background, 1 true positive, 2 false positive, 3 false negative (src/rendering confusionMip). */
  classes: string;
}

export interface AdaptationRow {
  preset: string;
  shift: DomainShift;
  diceAsTrained: number;
  diceAdapted: number;
  lossBefore: number;
  lossAfter: number;
  /** The search lowered the loss, and the adapted mask stayed within the trust region (the CLI's default 5 %). */
  kept: boolean;
  /** Dice with adaptation by the input (src/infer adaptInput, `segment --adapt-input`); absent in reports made before it. */
  diceInputAdapted?: number;
  /** adaptInput kept a transformed scan's mask (smoothed or field-corrected). */
  inputKept?: boolean;
  /** Which transform it kept ("smoothed σ 0.8", "field-corrected"), null for the scan as made; absent in reports made before stop 38. */
  inputTransform?: string | null;
}

export interface SimToRealReport {
  format: typeof REPORT_FORMAT;
  version: 1;
  lab: { version: string };
  model: { name: string; file: string; sha256: string; bytes: number; spacing: ModelSpacing; labelConvention: string; step: number | null };
  reconstructor: { file: string; sha256: string } | null;
  plan: Required<Omit<QualityPlan, "presets" | "perPresetDark">> & { presets: readonly string[]; perPresetDark?: number };
  commands: string[];
  data: { folder: boolean; note: string; files: { name: string; bytes: number; sha256: string }[]; detail: Record<string, string> };
  rows: QualityRow[];
  adaptation: { steps: number; seed: number; shifts: DomainShift[]; rows: AdaptationRow[] } | null;
  pictures: CasePicture[];
}

export interface ReportOptions {
  /** The segmenter (its card and reconstructor beside it): default models/segmenter.onnx. */
  modelPath?: string;
  /** The folder of real scans (VESSEL_LAB_DATA); absent: the real sets are skipped and the report says so. */
  data?: string;
  plan?: Partial<QualityPlan>;
  /** Presets whose first synthetic sample is shifted off-domain and adapted (0 presets: no adaptation section). */
  adaptPresets?: readonly SamplePresetName[];
  adaptSteps?: number;
  threads?: number;
  log?: (line: string) => void;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A case's picture (projection along z), and its Dice per method. */
export function casePicture(c: Pick<QualityCase, "set" | "source" | "index" | "scores" | "image" | "label" | "modelMask">): CasePicture {
  const scan = mipOf(c.image, 2);
  const [lo, hi] = windowOf(scan.data, 1, 99.8);
  const grey = new Uint8Array(scan.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.max(0, Math.min(255, Math.round((255 * (scan.data[i] - lo)) / (hi - lo || 1))));
  const classes = confusionMip(c.modelMask, c.label, 2);
  return {
    set: c.set,
    source: c.source,
    index: c.index,
    dice: Object.fromEntries(c.scores.map((s) => [s.method, s.dice])),
    recall: Object.fromEntries(c.scores.map((s) => [s.method, s.recall])),
    width: scan.width,
    height: scan.height,
    pixelSpacing: scan.pixelSpacing,
    scan: b64(grey),
    classes: b64(Uint8Array.from(classes.data)),
  };
}

/** The best and the worst synthetic case by the model's Dice, and every real case. */
function pick(cases: QualityCase[]): QualityCase[] {
  const synthetic = cases.filter((c) => c.set === "synthetic" || c.set === "synthwide");
  const modelDice = (c: QualityCase) => c.scores.find((s) => s.method === "model")?.dice ?? NaN;
  const sorted = [...synthetic].sort((a, b) => modelDice(b) - modelDice(a));
  const chosen = sorted.length ? [sorted[0], sorted[sorted.length - 1]] : [];
  return [...chosen, ...cases.filter((c) => !c.set.startsWith("synth") && c.set !== "lightsheet_native")];
}

/** Reads a JSON file, or null. */
function readJson(path: string): Record<string, unknown> | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : null;
}

export async function simToRealReport({
  modelPath = "models/segmenter.onnx",
  data,
  plan: planOptions = {},
  adaptPresets = ["brain-tof", "microscopy"],
  adaptSteps = 20,
  threads = 1,
  log = () => {},
}: ReportOptions = {}): Promise<SimToRealReport> {
  if (!existsSync(modelPath)) throw new Error(`simToRealReport: no model at ${modelPath}; export one (models/train/export.py) or give modelPath`);
  const opened = await openQualityModel(threads, modelPath);
  const { card, labelConvention, model } = opened;
  const plan = { perPreset: 3, perPresetWide: 2, seed: SYNTHETIC_SEED, size: SYNTHETIC_SIZE, presets: SAMPLE_PRESET_NAMES, labelConvention, ...planOptions };
  const reconstructor = adaptPresets.length ? await openReconstructor(modelPath, card, threads) : null;
  const recon = reconstructor?.model ?? null;
  try {
    const segment = cardSegmenter(card, model.runTile);
    const real = data ? realVolumes(data, log) : [];
    const cases: QualityCase[] = [];
    const rows = await measureQuality({ segment, plan, real, log, onCase: (c) => cases.push(c) });

    let adaptation: SimToRealReport["adaptation"] = null;
    if (recon) {
      const shifts = DOMAIN_SHIFTS.filter((s) => s !== "none");
      const adaptRows: AdaptationRow[] = [];
      for (const preset of adaptPresets) {
        const sample = makeSample(sampleSpec(0, { seed: plan.seed, preset, size: plan.size, voxels: "scanner", labelConvention }));
        for (const shift of shifts) {
          const shifted = shiftDomain(sample.image, shift, 0);
          // the scale chosen once for this scan: adaptation sees the grid segmentation sees (as the CLI's --adapt)
          const { card: resolved } = resolveAutoSpacing(card, shifted);
          // adaptation by the input (segment --adapt-input) first: its segmentation of the scan as made is the one as trained
          const byInput = await adaptInput(shifted, (v) => segmentVolume(v, { card: resolved, runTile: model.runTile }), resolved);
          const asTrained = byInput.own.mask;
          const result = await adaptToScan(shifted, {
            card: { ...resolved, output: { name: recon.reconstructionOutput, kind: "probability" } },
            inputs: recon.adaptationInputs,
            steps: adaptSteps,
            seed: 0,
            cropSize: Math.min(64, card.tile[0]),
            reconstruct: (input, dims, a) => recon.tileRunner(recon.reconstructionOutput, a)(input, dims),
          });
          let adapted = asTrained;
          let kept = false;
          if (result.accepted) {
            const candidate = await segment(shifted, resolved.spacing, model.tileRunner(model.io.output, result.adaptation));
            kept = checkAdaptedMask(asTrained.data, candidate.data).kept;
            if (kept) adapted = candidate;
          }
          adaptRows.push({
            preset,
            shift,
            diceAsTrained: dice(asTrained, sample.label),
            diceAdapted: dice(adapted, sample.label),
            lossBefore: result.before,
            lossAfter: result.after,
            kept,
            diceInputAdapted: dice(byInput.result.mask, sample.label),
            inputKept: byInput.chosen !== null,
            inputTransform: byInput.chosen && describeTransform(byInput.chosen),
          });
          const row = adaptRows.at(-1)!;
          log(
            `adaptation ${preset} / ${shift}: Dice ${row.diceAsTrained.toFixed(3)} → ${row.diceAdapted.toFixed(3)}; by the input ${row.diceInputAdapted!.toFixed(3)}`,
          );
        }
      }
      adaptation = { steps: adaptSteps, seed: 0, shifts: [...shifts], rows: adaptRows };
    }

    const dataFiles = real.flatMap((r) => r.files ?? []);
    const cardJson = readJson(modelPath.replace(/\.onnx$/i, "") + ".json");
    const training = (cardJson?.training ?? {}) as Record<string, unknown>;
    return {
      format: REPORT_FORMAT,
      version: 1,
      lab: { version: LAB_VERSION },
      model: {
        name: card.name,
        file: basename(modelPath),
        sha256: sha256File(modelPath),
        bytes: statSync(modelPath).size,
        spacing: card.spacing,
        labelConvention,
        step: typeof training.train_step === "number" ? training.train_step : null,
      },
      reconstructor: reconstructor ? { file: basename(reconstructor.path), sha256: sha256File(reconstructor.path) } : null,
      plan: { ...plan, presets: [...plan.presets] },
      commands: [
        `npx vessel-lab generate --preset PRESET --seed ${plan.seed} --count ${plan.perPreset} --size ${plan.size} --voxels scanner --label-convention ${labelConvention} --out synthetic-PRESET   # the synthetic set, for each preset`,
        `npx vessel-lab generate --preset PRESET --seed ${plan.seed} --count ${plan.perPresetWide} --size ${plan.size} --voxels wide --label-convention ${labelConvention} --out synthwide-PRESET   # the synthwide set`,
        "npx vessel-lab segment --in-dir synthetic-PRESET/images --out-dir masks   # the model at its card's voxel scale; `vessel-lab baseline` for Otsu and Frangi",
        `npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz --adapt --adapt-steps ${adaptSteps}   # test-time adaptation, as in the adaptation table`,
        "npx vessel-lab segment --in scan.nii.gz --out mask.nii.gz --adapt-input   # adaptation by the input, the table's last columns",
        "VESSEL_LAB_DATA=folder npm run bench -- quality   # the same measurement, 20 and 12 samples per preset",
      ],
      data: data
        ? {
            folder: true,
            note: real.length
              ? `${real.length} real volumes read from the folder VESSEL_LAB_DATA names`
              : "VESSEL_LAB_DATA names a folder without the expected real volumes",
            files: dataFiles.map((f) => ({ name: basename(f), bytes: statSync(f).size, sha256: sha256File(f) })),
            detail: Object.fromEntries(real.map((r) => [r.name, r.detail])),
          }
        : {
            folder: false,
            note: "VESSEL_LAB_DATA was not set when this report was built: the real-data sets are absent. Set it to a folder of real scans and build again.",
            files: [],
            detail: {},
          },
      rows,
      adaptation,
      pictures: pick(cases).map(casePicture),
    };
  } finally {
    await model.dispose();
    await recon?.dispose();
  }
}
