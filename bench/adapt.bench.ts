// npm run bench -- adapt [--quick]
// Test-time adaptation of the input (src/infer adaptInput, `segment --adapt-input`) on held-out synthetic scans pushed
// off-domain: what docs/results/adaptation/rule.md measured with the CLI. The scans are made here by the function
// scripts/offdomain-set.ts writes them with (src/lab/offDomainSet.ts: brain-tof, liver-cta, microscopy; 64³ wide voxels, visible labels; seed 97,
// 4 per preset, 2 with --quick; never a training seed nor the development seeds 50 and 51), each as made and under
// the three shifts of src/lab. Each is segmented as the CLI does (the card's automatic scale, then segmentVolume) as
// made and through adaptInput; Dice against its label. Figures, per shift (none, bias_field, noise, gamma):
//   adapt_input_<shift>_dice            mean Dice as made
//   adapt_input_<shift>_change          mean Dice change with adaptation (the goal: ≥ 0.02 on two shifts, never < −0.005)
//   adapt_input_<shift>_min_change      the lowest scan's change
//   adapt_input_<shift>_kept            scans whose transformed input (smoothed or field-corrected) was kept
// and adapt_input_shifts_gaining (shifts whose mean change is ≥ 0.02), adapt_input_worst_shift_change.
// The model is models/segmenter.onnx or VESSEL_LAB_QUALITY_MODEL (its card beside it). No real data needed.
import type { DomainShift } from "../src/lab/offDomain.js";
import { OFF_DOMAIN_PRESETS as PRESETS, offDomainCase } from "../src/lab/offDomainSet.js";
import { adaptInput, segmentVolume } from "../src/infer/index.js";
import { dice } from "../src/metrics/index.js";
import { openQualityModel } from "../src/quality/node.js";
import { resolveAutoSpacing } from "../src/scale/index.js";
import type { Volume } from "../src/volume/index.js";
import type { Report } from "./run.js";

const SHIFTS: Array<[DomainShift, string]> = [
  ["none", "none"],
  ["strong bias field", "bias_field"],
  ["heavy noise", "noise"],
  ["gamma 2.5", "gamma"],
];
const SEED = 97;

function log(line: string): void {
  console.error(`adapt bench: ${line}`);
}

export async function run(report: Report): Promise<void> {
  const count = process.argv.includes("--quick") ? 2 : 4;
  const { path, card, model } = await openQualityModel();
  const resolved = { ...card, output: { name: model.io.output, kind: model.io.outputKind } };
  log(`${card.name} (${path}); seed ${SEED}, ${count} per preset of ${PRESETS.join(", ")}`);
  const changes: number[] = [];
  try {
    for (const [shift, name] of SHIFTS) {
      const base: number[] = [];
      const change: number[] = [];
      let kept = 0;
      for (const preset of PRESETS)
        for (let i = 0; i < count; i++) {
          const { image: scan, label } = offDomainCase(preset, i, shift, { seed: SEED });
          const { card: scanCard } = resolveAutoSpacing(resolved, scan);
          const segment = (v: Volume) => segmentVolume(v, { card: scanCard, runTile: model.runTile });
          const r = await adaptInput(scan, segment, scanCard);
          const asMade = dice(r.own.mask, label);
          base.push(asMade);
          change.push(dice(r.result.mask, label) - asMade);
          if (r.chosen) kept++;
        }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      report(`adapt_input_${name}_dice`, mean(base), "dice");
      report(`adapt_input_${name}_change`, mean(change), "dice");
      report(`adapt_input_${name}_min_change`, Math.min(...change), "dice");
      report(`adapt_input_${name}_kept`, kept, "scans");
      log(`${shift}: ${base.length} scans, as made ${mean(base).toFixed(3)}, change ${mean(change).toFixed(3)}, a transformed input kept on ${kept}`);
      if (shift !== "none") changes.push(mean(change));
    }
    report("adapt_input_shifts_gaining", changes.filter((c) => c >= 0.02).length, "shifts");
    report("adapt_input_worst_shift_change", Math.min(...changes), "dice");
  } finally {
    await model.dispose();
  }
}
