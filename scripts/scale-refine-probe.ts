// Would `--spacing auto` gain by refining a scan's grid too? It coarsens a scan until the thinner quarter of its vessels
// (vesselRadius's p25) reaches the model's radius, and never refines one whose vessels are thinner. For synthetic
// samples at each preset's own scanner voxels (none of them a quality-bench or training seed unless given), the
// committed model's Dice at the automatic factor (≥ 1), at the factor that would bring p25 to the model's radius when
// refining is allowed (p25 / radiusVoxels, clamped to [0.5, 1]), and at the fixed refinements ×0.75 and ×0.5.
//   npx tsx scripts/scale-refine-probe.ts [--seed 3] [--from 1] [--to 4] [--json out.jsonl]
import { appendFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { makeSample, SAMPLE_PRESET_NAMES, sampleSpec } from "../src/dataset/index.js";
import { segmentVolume } from "../src/infer/index.js";
import { dice } from "../src/metrics/index.js";
import { openQualityModel } from "../src/quality/node.js";
import { spacingFactor, vesselRadius } from "../src/scale/index.js";
import type { Vec3 } from "../src/volume/index.js";

const { values } = parseArgs({
  options: { seed: { type: "string", default: "3" }, from: { type: "string", default: "1" }, to: { type: "string", default: "4" }, json: { type: "string" } },
});
const [seed, from, to] = [values.seed, values.from, values.to].map(Number);
if (![seed, from, to].every(Number.isInteger) || from < 0 || to <= from) {
  console.error("scale-refine-probe: give whole numbers --seed S --from A --to B with 0 ≤ A < B (sample indices A … B − 1)");
  process.exit(2);
}
if (values.json) writeFileSync(values.json, "");
const { card, model } = await openQualityModel();
const means = new Map<string, number[]>();
for (let index = from; index < to; index++)
  for (const preset of SAMPLE_PRESET_NAMES) {
    const sample = makeSample(sampleSpec(index, { seed, preset, size: 64, voxels: "scanner", labelConvention: "visible" }));
    const radius = vesselRadius(sample.image);
    const factors = {
      auto: spacingFactor(radius.p25, card.radiusVoxels),
      refined: Math.min(1, Math.max(0.5, radius.p25 / card.radiusVoxels)),
      "×0.75": 0.75,
      "×0.5": 0.5,
    };
    const row: Record<string, number> = {};
    for (const [name, factor] of Object.entries(factors)) {
      const spacing = sample.image.spacing.map((s) => s * factor) as Vec3;
      row[name] = dice((await segmentVolume(sample.image, { card: { ...card, spacing }, runTile: model.runTile })).mask, sample.label);
      means.set(name, [...(means.get(name) ?? []), row[name]]);
    }
    const line = { preset, index, p25: radius.p25, factors, dice: row };
    if (values.json) appendFileSync(values.json, JSON.stringify(line) + "\n");
    console.log(JSON.stringify(line));
  }
for (const [name, list] of means) console.log(`${name}: mean Dice ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(3)} over ${list.length} samples`);
