// npm run bench -- vesselness
// Frangi's multi-scale vesselness on the CPU, one core (Node's main thread), of a 128³ synthetic brain-tof sample at
// its default four scales: the median of 3 runs after a warm-up (vesselness_cpu_128_s; the goal ≤ 2 s), and
// the seconds per scale. Also Sato's measure, and Otsu's baseline mask (smoothing + threshold) for scale.
import { baselineMask } from "../src/baselines/index.js";
import { makeSample, sampleSpec } from "../src/dataset/index.js";
import { resolveVesselnessOptions, vesselness } from "../src/vesselness/index.js";
import { medianSeconds } from "./timing.js";
import type { Report } from "./run.js";

export async function run(report: Report): Promise<void> {
  const { image } = makeSample(sampleSpec(1, { preset: "brain-tof", size: 128, seed: 4242 }));
  const frangi = await medianSeconds(() => vesselness(image, { method: "frangi" }), { runs: 3, warmup: 1 });
  const { radii } = resolveVesselnessOptions(image);
  const scales = radii.length;
  console.error(`vesselness bench: 128³ brain-tof sample, ${scales} scales (radii ${radii.map((r) => r.toFixed(2)).join(", ")} mm)`);
  report("vesselness_cpu_128_s", frangi, "s");
  report("vesselness_cpu_128_per_scale_s", frangi / scales, "s");
  report("vesselness_sato_cpu_128_s", await medianSeconds(() => vesselness(image, { method: "sato" }), { runs: 3, warmup: 1 }), "s");
  report("baseline_otsu_cpu_128_s", await medianSeconds(() => baselineMask(image, { method: "otsu" }), { runs: 3, warmup: 1 }), "s");
}
