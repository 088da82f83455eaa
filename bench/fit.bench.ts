// npm run bench -- fit
// Fitting the simulator to a scan (src/fit, `vessel-lab fit`):
//   fit_seconds_128               a whole fit (statistics of the scan, the search, the distances before and after) of a
//                                 128³ synthetic brain TOF at a scanner's voxels (vessels 1–3 voxels in radius, as in
//                                 real scans) with its image and label, at the CLI's defaults (goal ≤ 60 s)
//   fit_seconds_128_thick         the same for a 128³ patch centred on a large vessel (radius 8–19 voxels): thick
//                                 vessels make the samples' skeletons slow to thin
//   fit_distance_ratio_<mask>     with VESSEL_LAB_DATA: for each real mask (real-labels-only/ and the labels in
//                                 real-labeled/), the geometry-only fit's distance after over before (goal ≤ 0.5),
//                                 with each statistic's term before and after on stderr
//   fit_distance_ratio_lightsheet_scan  the light-sheet stack fitted with its image and label (geometry and imaging)
// Before is the simulator's default mix (stratified: as many samples of each preset), after the fit; both on the same 48 fresh samples.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeSample, sampleSpec } from "../src/dataset/index.js";
import { fitSimulator, fitTableText, scanStats, type FitResult } from "../src/fit/index.js";
import { readNifti, type Volume } from "../src/volume/index.js";
import { figureName, readScanPath, realMasks } from "../src/quality/node.js";
import type { Report } from "./run.js";

function fitOf(mask: Volume, image: Volume | null): { fit: FitResult; seconds: number } {
  const t0 = performance.now();
  const fit = fitSimulator(scanStats(mask, image));
  return { fit, seconds: (performance.now() - t0) / 1000 };
}

function logTerms(name: string, fit: FitResult, seconds: number): void {
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : "–");
  console.error(
    `fit bench: ${name}: ${fit.like.preset}, distance ${f(fit.before.distance)} → ${f(fit.after.distance)} (geometry ${f(fit.geometry.before)} → ${f(fit.geometry.after)}) in ${seconds.toFixed(0)} s`,
  );
  console.error(fitTableText(fit));
}

export async function run(report: Report): Promise<void> {
  // 128³ synthetic scans: brain TOF samples (seed 11) with their visible labels, at scanner voxels and centred on a large vessel
  for (const [figure, voxels] of [
    ["fit_seconds_128", "scanner"],
    ["fit_seconds_128_thick", "wide"],
  ] as const) {
    const sample = makeSample(sampleSpec(0, { seed: 11, preset: "brain-tof", size: 128, labelConvention: "visible", voxels }));
    const timed = fitOf(sample.label, sample.image);
    logTerms(`synthetic brain-tof 128³, ${voxels} voxels`, timed.fit, timed.seconds);
    report(figure, timed.seconds, "s");
  }

  const data = process.env.VESSEL_LAB_DATA;
  if (!data) {
    console.error(
      "fit bench: VESSEL_LAB_DATA is not set: the real masks' fits are skipped. Set it to the folder of real scans to print fit_distance_ratio_<mask>.",
    );
    return;
  }
  const masks = realMasks(data);
  for (const [file, path] of masks) {
    const name = figureName(file);
    const { fit, seconds } = fitOf(readScanPath(path), null);
    logTerms(`${file} (mask)`, fit, seconds);
    report(`fit_distance_ratio_${name}`, fit.after.distance / fit.before.distance, "ratio");
  }
  const labelled = join(data, "real-labeled");
  const scan = join(labelled, "lightsheet_000.nii.gz"),
    label = join(labelled, "lightsheet_000_label.nii.gz");
  if (existsSync(scan) && existsSync(label)) {
    const { fit, seconds } = fitOf(readNifti(readFileSync(label)), readNifti(readFileSync(scan)));
    logTerms("lightsheet_000 (scan and label)", fit, seconds);
    report("fit_distance_ratio_lightsheet_scan", fit.after.distance / fit.before.distance, "ratio");
  } else console.error(`fit bench: ${scan} or its label is missing; fit_distance_ratio_lightsheet_scan skipped`);
}
