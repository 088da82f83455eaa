// npm run bench -- quality [--quick]
// The committed segmenter beside the classical baselines (Otsu of the lightly smoothed scan, Otsu of Frangi's
// vesselness; src/baselines), on the same volumes, with the same metrics. Figures quality_<set>_<metric>_<method>:
//   synthetic   held-out samples of the model card's synthetic test set (data set seed 99, 64³, each preset's scanner
//               voxel size: --voxels scanner), N per preset (20; 3 with --quick), and their mean: Dice and clDice,
//               also per preset; labels in the convention the model learnt (its card's training.label_convention:
//               "visible" or "lumen", the default for cards without it)
//   synthwide   the same seed with "wide" voxels (the default since issue 16: vessels 0.7–24 voxels in radius, thick
//               slices, thin stacks), 12 per preset (2 with --quick)
//   realgeom    each real vessel mask in $VESSEL_LAB_DATA/real-labels-only, cropped to ≤ 128³ around its centroid and
//               rendered as an image of the modality it was drawn on (src/quality's REAL_GEOMETRY_PRESETS; synth --label)
//   lightsheet  the light-sheet patch with its dense label, at the scale the CLI uses by default and at the native grid
//   aorta       recall on the aorta's partial (level-set) label, at its native grid
// Without VESSEL_LAB_DATA the real-data sets are skipped with a message; nothing here needs them to run.
import { makeSample, SAMPLE_PRESET_NAMES, sampleSpec } from "../src/dataset/index.js";
import { segmentVolume } from "../src/infer/index.js";
import { resolveAutoSpacing } from "../src/scale/index.js";
import { type MethodScore, QUALITY_METHODS, scoreMethods } from "../src/quality/index.js";
import type { Volume } from "../src/volume/index.js";
import { openBenchModel } from "./benchModel.js";
import { realVolumes } from "./realVolumes.js";
import type { Report } from "./run.js";

const QUICK = process.argv.includes("--quick");
const PER_PRESET = QUICK ? 3 : 20;
const PER_PRESET_WIDE = QUICK ? 2 : 12;
const SYNTHETIC_SEED = 99;
const SYNTHETIC_SIZE = 64;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function reportScores(report: Report, set: string, scores: MethodScore[][], { clDice = true, recallOnly = false } = {}): void {
  for (const method of QUALITY_METHODS) {
    const mine = scores.map((s) => s.find((x) => x.method === method)!);
    if (recallOnly) {
      report(`quality_${set}_recall_${method}`, mean(mine.map((s) => s.recall)), "ratio");
      continue;
    }
    report(`quality_${set}_dice_${method}`, mean(mine.map((s) => s.dice)), "dice");
    if (clDice) report(`quality_${set}_cldice_${method}`, mean(mine.map((s) => s.clDice)), "dice");
  }
}

function log(line: string): void {
  console.error(`quality bench: ${line}`);
}

const describe = (scores: MethodScore[]) => scores.map((s) => `${s.method} ${s.dice.toFixed(3)}${Number.isNaN(s.clDice) ? "" : `/${s.clDice.toFixed(3)}`} (${s.seconds.toFixed(1)} s)`).join(", ");

export async function run(report: Report): Promise<void> {
  const t0 = performance.now();
  const { path: modelPath, card, labelConvention, model } = await openBenchModel();
  let lastScale = "";
  const segment = async (volume: Volume, spacing = card.spacing) => {
    // "auto" is chosen per scan (src/scale), as the CLI and the pages do
    const { card: resolved, chosen } = resolveAutoSpacing({ ...card, spacing }, volume);
    lastScale = chosen ? ` [${chosen.summary}]` : "";
    return (await segmentVolume(volume, { card: resolved, runTile: model.runTile })).mask;
  };
  try {
    log(`${card.name} (${modelPath}, ${JSON.stringify(card.spacing)}, synthetic labels: ${labelConvention}); ${PER_PRESET} synthetic and ${PER_PRESET_WIDE} synthwide samples per preset${QUICK ? " (--quick)" : ""}; Dice/clDice per method`);
    // Synthetic held-out samples: the card's test set (scanner voxels), then the same seed with wide voxels.
    for (const [set, voxels, count] of [["synthetic", "scanner", PER_PRESET], ["synthwide", "wide", PER_PRESET_WIDE]] as const) {
      const all: MethodScore[][] = [];
      for (const preset of SAMPLE_PRESET_NAMES) {
        const scores: MethodScore[][] = [];
        for (let i = 0; i < count; i++) {
          const sample = makeSample(sampleSpec(i, { seed: SYNTHETIC_SEED, preset, size: SYNTHETIC_SIZE, voxels, labelConvention }));
          scores.push(await scoreMethods(sample.image, sample.label, { segment: (v) => segment(v) }));
        }
        reportScores(report, `${set}_${preset.replace(/-/g, "")}`, scores);
        log(`${set} ${preset}: ${QUALITY_METHODS.map((m) => `${m} ${mean(scores.map((s) => s.find((x) => x.method === m)!.dice)).toFixed(3)}`).join(", ")}`);
        all.push(...scores);
      }
      reportScores(report, set, all);
    }

    const data = process.env.VESSEL_LAB_DATA;
    if (!data) {
      log("VESSEL_LAB_DATA is not set: the real-data figures (realgeom, lightsheet, aorta) are skipped. Set it to the folder of real scans to measure them.");
      return;
    }
    const real = realVolumes(data, log);
    // Real geometries rendered as images.
    const realgeom: MethodScore[][] = [];
    for (const r of real.filter((r) => r.name.startsWith("realgeom_"))) {
      const scores = await scoreMethods(r.image, r.label, { segment: (v) => segment(v) });
      reportScores(report, r.name, [scores]);
      log(`realgeom ${r.detail}: ${describe(scores)}${lastScale}`);
      realgeom.push(scores);
    }
    if (realgeom.length) reportScores(report, "realgeom", realgeom);

    // The light-sheet patch.
    const lightsheet = real.find((r) => r.name === "lightsheet");
    if (lightsheet) {
      const byDefault = await scoreMethods(lightsheet.image, lightsheet.label, { segment: (v) => segment(v) });
      reportScores(report, "lightsheet", [byDefault]);
      log(`lightsheet at the CLI's default scale (${JSON.stringify(card.spacing)}): ${describe(byDefault)}${lastScale}`);
      const native = await scoreMethods(lightsheet.image, lightsheet.label, { segment: (v) => segment(v, "native"), methods: ["model"] });
      report("quality_lightsheet_native_dice_model", native[0].dice, "dice");
      report("quality_lightsheet_native_cldice_model", native[0].clDice, "dice");
    }

    // The aorta's partial label: recall only.
    const aorta = real.find((r) => r.name === "aorta");
    if (aorta) {
      const scores = await scoreMethods(aorta.image, aorta.label, { segment: (v) => segment(v), withClDice: false });
      reportScores(report, "aorta", [scores], { recallOnly: true });
      log(`aorta recall: ${scores.map((s) => `${s.method} ${s.recall.toFixed(3)} (${(100 * s.marked).toFixed(2)} % marked, ${s.seconds.toFixed(1)} s)`).join(", ")}${lastScale}`);
    }
  } finally {
    await model.dispose();
    report("quality_bench_s", (performance.now() - t0) / 1000, "s");
  }
}
