// How well `fit` recovers a scan's imaging: five "scans", each the pooled statistics of six samples drawn like a known
// preset with known contrast, noise and blur factors, fitted with that preset and fit's defaults (samples of --size).
// For each it prints one JSON line: the true and the fitted factors, and the image distance to the scan of 24 fresh
// samples of the fitted tree imaged with the fitted factors (fresh_fitted) and with the true ones (fresh_true, the
// floor the scan's own six samples allow), and the seconds the fit took.
//   npx tsx scripts/fit-imaging-recovery.ts [--size 32] [--seed 2]
import { parseArgs } from "node:util";
import { LIKE_FORMAT, type LikeParams, type SamplePresetName } from "../src/dataset/index.js";
import { fitSimulator, sampleSetStats, statDistance } from "../src/fit/index.js";

const { values } = parseArgs({ options: { size: { type: "string", default: "32" }, seed: { type: "string", default: "2" } } });
const size = Number(values.size),
  seed = Number(values.seed);
if (!Number.isSafeInteger(size) || size < 16) throw new RangeError(`--size ${values.size}: give an integer ≥ 16`);
if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`--seed ${values.seed}: give an integer ≥ 0`);

// preset, voxel size (the preset's unit), imaging factors
const CASES: [SamplePresetName, number, LikeParams["imaging"]][] = [
  ["brain-tof", 0.8, { contrast: 1, noise: 2, blur: 1.5 }],
  ["brain-tof", 0.5, { contrast: 3, noise: 0.4, blur: 0.6 }],
  ["liver-cta", 0.8, { contrast: 0.4, noise: 4, blur: 2.5 }],
  ["microscopy", 1.5, { contrast: 2, noise: 1, blur: 3 }],
  ["coronary-cta", 0.3, { contrast: 0.7, noise: 0.3, blur: 1 }],
];
const round = (v: number) => Math.round(v * 1000) / 1000;
for (const [preset, voxelSize, imaging] of CASES) {
  const truth: LikeParams = {
    format: LIKE_FORMAT,
    version: 1,
    preset,
    growth: { terminals: 1, lengthRatio: 1, curvature: 1, tortuosity: 1 },
    imaging,
    voxelSize,
    anisotropy: 1,
    depth: 1,
  };
  const scan = sampleSetStats(truth, { indices: [100, 101, 102, 103, 104, 105], seed: 5, size, labelConvention: "visible", image: true });
  const t0 = performance.now();
  const fit = fitSimulator(scan, { seed, size, presets: [preset], finalSamples: 12 });
  const seconds = (performance.now() - t0) / 1000;
  const fresh = (like: LikeParams) =>
    statDistance(
      scan,
      sampleSetStats(like, { indices: Array.from({ length: 24 }, (_, i) => 2_000_000 + i), seed, size, labelConvention: "visible", image: true }),
      { kinds: ["image"] },
    ).distance;
  const factors = (f: LikeParams["imaging"]) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, round(v)]));
  console.log(
    JSON.stringify({
      preset,
      true: imaging,
      fitted: factors(fit.like.imaging),
      fresh_fitted: round(fresh(fit.like)),
      fresh_true: round(fresh({ ...fit.like, imaging })),
      search_image_distance: round(fit.search.modalities[0].imageDistance),
      seconds: round(seconds),
    }),
  );
}
