// The real development volumes the quality and scale benches score on, from the folder named by VESSEL_LAB_DATA:
//   realgeom_<source>  each mask in real-labels-only/, cropped to ≤ 128³ around its centroid and rendered as an image
//                      of the modality it was drawn on (src/quality's REAL_GEOMETRY_PRESETS; synth --label)
//   lightsheet         real-labeled/lightsheet_000 with its dense label
//   aorta              real-labeled/aorta with its partial (level-set) label: recall only
// Missing files are skipped with a line on stderr; without VESSEL_LAB_DATA the list is empty.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { synthesiseAroundMask } from "../src/dataset/index.js";
import { cropAroundCentroid, realGeometryPreset } from "../src/quality/index.js";
import { type Volume, readNifti } from "../src/volume/index.js";

export interface RealVolume {
  /** realgeom_tof, lightsheet, aorta…: the figures' middle part. */
  name: string;
  image: Volume;
  label: Volume;
  /** The label covers part of the vessels only: recall is the one meaningful score. */
  recallOnly: boolean;
  /** How it was made, for the log. */
  detail: string;
}

const CROP = 128;
const RENDER_SEED = 7;

export function realVolumes(data: string, log: (line: string) => void): RealVolume[] {
  const out: RealVolume[] = [];
  const geometryDir = join(data, "real-labels-only");
  if (existsSync(geometryDir)) {
    for (const file of readdirSync(geometryDir).filter((f) => /\.nii(\.gz)?$/i.test(f)).sort()) {
      const preset = realGeometryPreset(file);
      if (!preset) {
        log(`${file}: no preset for this source (src/quality's REAL_GEOMETRY_PRESETS); skipped`);
        continue;
      }
      const full = readNifti(readFileSync(join(geometryDir, file)));
      const mask = cropAroundCentroid(full, full, CROP);
      const { image, label } = synthesiseAroundMask(mask, { preset, seed: RENDER_SEED, index: 0 });
      const source = file.replace(/\.nii(\.gz)?$/i, "").split("_")[0].replace(/[^a-z0-9]/gi, "").toLowerCase();
      out.push({ name: `realgeom_${source}`, image, label, recallOnly: false, detail: `${file} (${full.dims.join("×")} cropped to ${mask.dims.join("×")}, rendered as ${preset})` });
    }
  } else log(`${geometryDir}: no such folder; realgeom skipped`);
  for (const [name, image, label, recallOnly] of [
    ["lightsheet", "lightsheet_000.nii.gz", "lightsheet_000_label.nii.gz", false],
    ["aorta", "aorta.nii.gz", "aorta_partial_label.nii.gz", true],
  ] as const) {
    const path = join(data, "real-labeled", image);
    if (!existsSync(path)) {
      log(`${path}: missing; ${name} skipped`);
      continue;
    }
    out.push({ name, image: readNifti(readFileSync(path)), label: readNifti(readFileSync(join(data, "real-labeled", label))), recallOnly, detail: image });
  }
  return out;
}

/** The real vessel masks under `data`: every NIfTI in real-labels-only/, then the labels (…label.nii.gz) in real-labeled/, each [file, path], sorted. */
export function realMasks(data: string): [string, string][] {
  const masks: [string, string][] = [];
  const only = join(data, "real-labels-only");
  if (existsSync(only)) for (const f of readdirSync(only).filter((f) => /\.nii(\.gz)?$/i.test(f)).sort()) masks.push([f, join(only, f)]);
  const labelled = join(data, "real-labeled");
  if (existsSync(labelled)) for (const f of readdirSync(labelled).filter((f) => /label\.nii(\.gz)?$/i.test(f)).sort()) masks.push([f, join(labelled, f)]);
  return masks;
}

/** A real file's short name in figure names: the part before the first "_", letters and digits, lower case (tof, lightsheet). */
export function figureName(file: string): string {
  return file.replace(/\.nii(\.gz)?$/i, "").split("_")[0].replace(/[^a-z0-9]/gi, "").toLowerCase();
}
