// Does `fit`, given a scan's image, name the modality it was drawn with? Ten 64³ samples at scanner voxels (seed 21,
// indices 0 and 1 of the five presets whose trees another preset shares: brain-tof, brain-cta, brain-cemra, liver-cta,
// liver-cemra), each fitted with its image and visible label at fit's defaults. One JSON line per sample: the preset
// drawn, the one fitted, the distance after and the seconds.
//   npx tsx scripts/fit-modality-check.ts
import { makeSample, sampleSpec } from "../src/dataset/index.js";
import { fitSimulator, scanStats } from "../src/fit/index.js";

for (const preset of ["brain-tof", "brain-cta", "brain-cemra", "liver-cta", "liver-cemra"] as const)
  for (const i of [0, 1]) {
    const sample = makeSample(sampleSpec(i, { seed: 21, preset, size: 64, labelConvention: "visible", voxels: "scanner" }));
    const t0 = performance.now();
    const fit = fitSimulator(scanStats(sample.label, sample.image));
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ preset, i, fitted: fit.like.preset, after: +fit.after.distance.toFixed(3), s: +seconds.toFixed(1) }));
  }
