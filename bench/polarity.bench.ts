// npm run bench -- polarity
// Which way src/infer's vesselPolarity reads scans (docs/results/postprocess/polarity.md), ln(bright / dark tubes):
//   polarity_synth_bright_read_dark   of POLARITY_SAMPLES simulator samples with bright vessels (generate --mix --seed 21
//                                      --dark-vessels 0, 64³, its first samples), how many read dark (the hint would fire
//                                      on a bright scan: the goal is 0)
//   polarity_synth_dark_read_dark     of as many drawn with dark vessels (--dark-vessels 1), how many read dark (the hint
//                                      fires: higher is better; 10 of 300 at stop 56)
// and with VESSEL_LAB_DATA, each real scan (real-unlabeled/ and the scans of real-labeled/, not their labels):
//   polarity_ln_ratio_<scan>           as made (bright vessels: ≥ POLARITY_MARGIN reads bright)
//   polarity_ln_ratio_<scan>_mirrored  mirrored by mirrorIntensities (the negative of the first, to float32 rounding)
//   polarity_seconds_<scan>            one reading, on one core
// and polarity_real_min_ln_ratio, the least of the scans as made.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { makeSample, sampleSpec } from "../src/dataset/index.js";
import { POLARITY_MARGIN, mirrorIntensities, vesselPolarity } from "../src/infer/index.js";
import { figureName, readScanPath } from "../src/quality/node.js";
import { VOLUME_NAME } from "../src/volume/index.js";
import type { Report } from "./run.js";

const POLARITY_SAMPLES = 48;

function log(line: string): void {
  console.error(`polarity bench: ${line}`);
}

export async function run(report: Report): Promise<void> {
  for (const [dark, figure] of [
    [0, "polarity_synth_bright_read_dark"],
    [1, "polarity_synth_dark_read_dark"],
  ] as const) {
    let readDark = 0;
    for (let i = 0; i < POLARITY_SAMPLES; i++) {
      const sample = makeSample(sampleSpec(i, { seed: 21, preset: "mix", size: 64, labelConvention: "visible", darkVessels: dark }));
      if (vesselPolarity(sample.image).logRatio <= -POLARITY_MARGIN) readDark++;
    }
    report(figure, readDark, `of ${POLARITY_SAMPLES} samples`);
  }
  const data = process.env.VESSEL_LAB_DATA;
  if (!data) {
    log("VESSEL_LAB_DATA is not set: the real scans' figures are skipped; set it to the folder of real scans.");
    return;
  }
  const scans: string[] = [];
  for (const folder of ["real-unlabeled", "real-labeled"]) {
    let names: string[] = [];
    try {
      names = readdirSync(join(data, folder));
    } catch {
      log(`${join(data, folder)}: no such folder, skipped`);
    }
    for (const name of names.sort()) if (VOLUME_NAME.test(name) && !/_label|_partial_label/.test(name)) scans.push(join(folder, name));
  }
  let least = Infinity;
  const named = new Set<string>();
  for (const scan of scans) {
    const volume = readScanPath(join(data, scan));
    // the quality bench's short name (its file name up to the first "_"), "mha" added for an .mha file (aorta.mha and
    // aorta.nii.gz are one scan in two formats), and a number where two files would still share one (lightsheet_001)
    const base = `${figureName(scan.split("/")[1])}${scan.endsWith(".mha") ? "mha" : ""}`;
    let name = base;
    for (let k = 2; named.has(name); k++) name = `${base}${k}`;
    named.add(name);
    if (name !== base) log(`${scan} is reported as ${name} (${base} names an earlier file)`);
    const t0 = performance.now();
    const asMade = vesselPolarity(volume).logRatio;
    report(`polarity_seconds_${name}`, (performance.now() - t0) / 1000, "s");
    report(`polarity_ln_ratio_${name}`, asMade, "ln");
    report(`polarity_ln_ratio_${name}_mirrored`, vesselPolarity(mirrorIntensities(volume)).logRatio, "ln");
    least = Math.min(least, asMade);
  }
  if (scans.length) report("polarity_real_min_ln_ratio", least, "ln");
}
