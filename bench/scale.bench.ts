// npm run bench -- scale
// The automatic voxel scale (src/scale, segment --spacing auto) against fixed scales, on each real development volume
// (src/quality/node.ts realVolumes; VESSEL_LAB_DATA). Every axis's spacing × f for f in FACTORS (so the voxel shape is kept, as
// auto keeps it), and auto. Figures per volume:
//   scale_<volume>_dice_auto, scale_<volume>_factor_auto     Dice at the chosen scale, and its factor
//   scale_<volume>_dice_best_fixed, scale_<volume>_factor_best_fixed
//                                                            the best of the fixed factors (known only with the label)
//   scale_<volume>_dice_native                               f = 1
//   scale_<volume>_recall_auto, scale_<volume>_recall_native  the aorta (partial label): recall only, no "best"
//   scale_<volume>_factor_recon, scale_<volume>_dice_recon   the factor whose masked-reconstruction error is lowest
//                                                            (src/scale reconstructionScale; the reconstructor beside
//                                                            the model), and the Dice there
// and scale_auto_minus_best_mean, scale_recon_minus_best_mean: mean over the Dice volumes of each choice's Dice minus
// the best fixed Dice.
// The model is models/segmenter.onnx or VESSEL_LAB_QUALITY_MODEL (its card beside it).
import { reconstructVolume, segmentVolume } from "../src/infer/index.js";
import { confusionCounts, overlapScores } from "../src/metrics/index.js";
import { chooseSpacing, reconstructionScale } from "../src/scale/index.js";
import type { Vec3, Volume } from "../src/volume/index.js";
import { openQualityModel, openReconstructor, realVolumes } from "../src/quality/node.js";
import type { Report } from "./run.js";

const FACTORS = [1, 1.25, 1.6, 2, 2.5, 3.2, 4];

function log(line: string): void {
  console.error(`scale bench: ${line}`);
}

export async function run(report: Report): Promise<void> {
  const data = process.env.VESSEL_LAB_DATA;
  if (!data) {
    log("VESSEL_LAB_DATA is not set: every figure of this suite needs the real volumes; set it to the folder of real scans.");
    return;
  }
  const { path: modelPath, card, model } = await openQualityModel();
  const score = async (volume: Volume, label: Volume, spacing: Vec3) => {
    const mask = (await segmentVolume(volume, { card: { ...card, spacing }, runTile: model.runTile })).mask;
    return overlapScores(confusionCounts(mask, label));
  };
  const gaps: number[] = [];
  const reconGaps: number[] = [];
  const reconstructor = await openReconstructor(modelPath, card);
  const recon = reconstructor?.model ?? null;
  if (!recon) log(`no reconstructor beside ${modelPath}; the reconstruction-error choice is skipped`);
  try {
    log(`${card.name} (${modelPath}), radiusVoxels ${card.radiusVoxels}; fixed factors ${FACTORS.join(", ")}`);
    for (const r of realVolumes(data, log)) {
      const chosen = chooseSpacing(r.image, card.radiusVoxels);
      const at = (f: number) => r.image.spacing.map((s) => s * f) as Vec3;
      const auto = await score(r.image, r.label, chosen.spacing);
      report(`scale_${r.name}_factor_auto`, chosen.factor, "ratio");
      if (r.recallOnly) {
        const native = await score(r.image, r.label, at(1));
        report(`scale_${r.name}_recall_auto`, auto.recall, "ratio");
        report(`scale_${r.name}_recall_native`, native.recall, "ratio");
        log(`${r.detail}: ${chosen.summary}; recall auto ${auto.recall.toFixed(3)}, native ${native.recall.toFixed(3)}`);
        continue;
      }
      const fixed: Array<{ f: number; dice: number }> = [];
      for (const f of FACTORS) fixed.push({ f, dice: (await score(r.image, r.label, at(f))).dice });
      const best = fixed.reduce((a, b) => (b.dice > a.dice ? b : a));
      report(`scale_${r.name}_dice_auto`, auto.dice, "dice");
      report(`scale_${r.name}_dice_best_fixed`, best.dice, "dice");
      report(`scale_${r.name}_factor_best_fixed`, best.f, "ratio");
      report(`scale_${r.name}_dice_native`, fixed[0].dice, "dice");
      gaps.push(auto.dice - best.dice);
      log(`${r.detail}: ${chosen.summary}; Dice auto ${auto.dice.toFixed(3)}; fixed ${fixed.map((x) => `×${x.f} ${x.dice.toFixed(3)}`).join(", ")}`);
      if (recon) {
        const byRecon = await reconstructionScale(
          r.image,
          async (spacing, seed) =>
            (await reconstructVolume(r.image, { card: { ...reconstructor!.card, spacing }, runTile: recon.tileRunner(recon.reconstructionOutput), seed })).loss,
          { factors: FACTORS },
        );
        const dice = fixed.find((x) => x.f === byRecon.factor)!.dice;
        report(`scale_${r.name}_factor_recon`, byRecon.factor, "ratio");
        report(`scale_${r.name}_dice_recon`, dice, "dice");
        reconGaps.push(dice - best.dice);
        log(
          `${r.detail}: lowest reconstruction error at ×${byRecon.factor} (${byRecon.losses.map((l) => `×${l.factor} ${l.loss.toExponential(2)}`).join(", ")}): Dice ${dice.toFixed(3)}`,
        );
      }
    }
    if (gaps.length) report("scale_auto_minus_best_mean", gaps.reduce((a, b) => a + b, 0) / gaps.length, "dice");
    if (reconGaps.length) report("scale_recon_minus_best_mean", reconGaps.reduce((a, b) => a + b, 0) / reconGaps.length, "dice");
  } finally {
    await model.dispose();
    await recon?.dispose();
  }
}
