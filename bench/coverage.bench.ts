// npm run bench -- coverage [--quick]
// What scales and voxel shapes a `generate --mix` data set covers, beside real vessel masks. A fixed --mix set of 64³
// samples (data set seed 3, 160 samples; 40 with --quick), grown and voxelised in memory exactly as `generate` makes their labels: the
// centreline radius in voxels of the finest side over all their labels (src/metrics' centrelineRadii: the distance
// to the background along the skeleton, the estimator scipy's distance_transform_edt gives), its 10th, 50th and 90th
// percentiles (coverage_radius_vox_p10/p50/p90; the goals: p10 ≤ 1, p90 ≥ 8), and the largest slice-to-in-plane
// spacing ratio (coverage_aniso_max; goal ≥ 4), with the share of anisotropic samples and thin stacks. With
// VESSEL_LAB_DATA set, the same percentiles of each real mask there (real-labels-only/ and the labels in
// real-labeled/) beside them: coverage_real_<name>_radius_vox_p10/p50/p90.
import { readFileSync } from "node:fs";
import { sampleGeometry, sampleSpec } from "../src/dataset/index.js";
import { centrelineRadii } from "../src/metrics/index.js";
import { percentileOfSorted } from "../src/volume/index.js";
import { figureName, readScanPath, realMasks } from "../src/quality/node.js";
import type { Report } from "./run.js";

const QUICK = process.argv.includes("--quick");
const COUNT = QUICK ? 40 : 160;
const SEED = 3;
const SIZE = 64;

function percentiles(values: ArrayLike<number>, ps: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
}

export async function run(report: Report): Promise<void> {
  const radii: number[] = [];
  let anisoMax = 1,
    anisotropic = 0,
    thin = 0;
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    // the first half of makeSample: the label is all this needs, not the image
    const { grid, maps } = sampleGeometry(sampleSpec(i, { seed: SEED, preset: "mix", size: SIZE }));
    const [sx, sy, sz] = grid.spacing;
    const ratio = Math.max(sx, sy, sz) / Math.min(sx, sy, sz);
    anisoMax = Math.max(anisoMax, ratio);
    if (ratio > 1.01) anisotropic++;
    if (grid.dims[2] < grid.dims[0]) thin++;
    for (const r of centrelineRadii(maps.binary, { inVoxels: true })) radii.push(r);
  }
  const [p10, p50, p90] = percentiles(radii, [10, 50, 90]);
  console.error(
    `coverage bench: ${COUNT} --mix samples of ${SIZE}³ (seed ${SEED}) in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${radii.length} centreline voxels; radius p10/50/90 ${p10.toFixed(2)} / ${p50.toFixed(2)} / ${p90.toFixed(2)} voxels; ${anisotropic} anisotropic, ${thin} thin stacks`,
  );
  report("coverage_radius_vox_p10", p10, "voxels");
  report("coverage_radius_vox_p50", p50, "voxels");
  report("coverage_radius_vox_p90", p90, "voxels");
  report("coverage_aniso_max", anisoMax, "ratio");
  report("coverage_anisotropic_share", anisotropic / COUNT, "ratio");
  report("coverage_thin_share", thin / COUNT, "ratio");

  const data = process.env.VESSEL_LAB_DATA;
  if (!data) {
    console.error(
      "coverage bench: VESSEL_LAB_DATA is not set: the real masks' radii are skipped. Set it to the folder of real scans to print them beside the synthetic ones.",
    );
    return;
  }
  const masks = realMasks(data);
  for (const [file, path] of masks) {
    const t = performance.now();
    const mask = readScanPath(path);
    const r = centrelineRadii(mask, { inVoxels: true });
    const [a, b, c] = percentiles(r, [10, 50, 90]);
    const name = figureName(file);
    console.error(
      `coverage bench: ${file} ${mask.dims.join("×")} at ${mask.spacing.map((s) => +s.toPrecision(3)).join("×")}: radius p10/50/90 ${a.toFixed(2)} / ${b.toFixed(2)} / ${c.toFixed(2)} voxels (${r.length} skeleton voxels, ${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
    report(`coverage_real_${name}_radius_vox_p10`, a, "voxels");
    report(`coverage_real_${name}_radius_vox_p50`, b, "voxels");
    report(`coverage_real_${name}_radius_vox_p90`, c, "voxels");
  }
}
