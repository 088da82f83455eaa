// npm run bench -- quality [--quick]
// The committed segmenter beside the classical baselines (Otsu of the lightly smoothed scan, Otsu of Frangi's
// vesselness; src/baselines), on the same volumes, with the same metrics. Figures quality_<set>_<metric>_<method>:
//   synthetic   held-out samples of the model card's synthetic test set (data set seed 99, 64³, each preset's scanner
//               voxel size: --voxels scanner), N per preset (20; 3 with --quick), and their mean: Dice and clDice,
//               also per preset; labels in the convention the model learnt (its card's training.label_convention:
//               "visible" or "lumen", the default for cards without it)
//   synthwide   the same seed with "wide" voxels (the default since issue 16: vessels 0.7–24 voxels in radius, thick
//               slices, thin stacks), 12 per preset (2 with --quick)
//   synthdark   the synthwide samples drawn with dark vessels (generate --dark-vessels 1) whose vessels are darker
//               than the tissue around them, the first 6 per preset (1 with --quick): the model as made;
//               synthdark_mirrored the model and the baselines on them mirrored, as segment --dark runs them
//   realgeom    each real vessel mask in $VESSEL_LAB_DATA/real-labels-only, cropped to ≤ 128³ around its centroid and
//               rendered as an image of the modality it was drawn on (src/quality's REAL_GEOMETRY_PRESETS; synth --label)
//   realgeomvis the same masks of each method scored against each rendering's visible extent (what a reader would
//               trace on it: the "visible" label convention) instead of the mask
//   lightsheet  the light-sheet patch with its dense label, at the scale the CLI uses by default and at the native grid
//   aorta       recall on the aorta's partial (level-set) label, at its native grid
// Without VESSEL_LAB_DATA the real-data sets are skipped with a message; nothing here needs them to run.
import { cardSegmenter, measureQuality, qualityFigure } from "../src/quality/index.js";
import { openQualityModel, realVolumes } from "../src/quality/node.js";
import type { Report } from "./run.js";

const QUICK = process.argv.includes("--quick");

function log(line: string): void {
  console.error(`quality bench: ${line}`);
}

export async function run(report: Report): Promise<void> {
  const t0 = performance.now();
  const { path: modelPath, card, labelConvention, model } = await openQualityModel();
  let lastScale = "";
  const segment = cardSegmenter(card, model.runTile, (summary) => (lastScale = summary ? ` [${summary}]` : ""));
  try {
    const plan = { perPreset: QUICK ? 3 : 20, perPresetWide: QUICK ? 2 : 12, perPresetDark: QUICK ? 1 : 6, labelConvention };
    log(
      `${card.name} (${modelPath}, ${JSON.stringify(card.spacing)}, synthetic labels: ${labelConvention}); ${plan.perPreset} synthetic, ${plan.perPresetWide} synthwide and ${plan.perPresetDark} synthdark samples per preset${QUICK ? " (--quick)" : ""}; Dice/clDice per method`,
    );
    const data = process.env.VESSEL_LAB_DATA;
    if (!data)
      log(
        "VESSEL_LAB_DATA is not set: the real-data figures (realgeom, realgeomvis, lightsheet, aorta) are skipped. Set it to the folder of real scans to measure them.",
      );
    const real = data ? realVolumes(data, log) : [];
    const rows = await measureQuality({ segment, plan, real, log, scaleNote: () => lastScale });
    for (const row of rows) report(qualityFigure(row), row.value, row.metric === "recall" ? "ratio" : "dice");
  } finally {
    await model.dispose();
    report("quality_bench_s", (performance.now() - t0) / 1000, "s");
  }
}
