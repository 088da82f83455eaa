// Node's side of the quality measurement (src/quality/measureQuality.ts): the real development volumes read from the
// folder named by VESSEL_LAB_DATA, the segmenter a measurement scores, and file hashes for a report's provenance.
//   realgeom_<source>  each mask in real-labels-only/, cropped to ≤ 128³ around its centroid and rendered as an image
//                      of the modality it was drawn on (REAL_GEOMETRY_PRESETS; synth --label), with the rendering's
//                      visible extent as a second label (realgeomvis_<source>)
//   lightsheet         real-labeled/lightsheet_000 with its dense label
//   aorta              real-labeled/aorta with its partial (level-set) label: recall only
// Missing files are skipped with a line through `log`; without the folder the list is empty.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type LabelConvention, sampleLabel, synthesiseAroundMask } from "../dataset/index.js";
import { type ModelCard, labelConventionOf, parseModelCard } from "../infer/index.js";
import { OrtNodeModel } from "../infer/node.js";
import { VOLUME_NAME, type Volume, readVolume } from "../volume/index.js";
import "../volume/nodeCodecs.js"; // a real volume stored as compressed DICOM reads as the CLI reads it
import { cropAroundCentroid } from "./cropAroundCentroid.js";
import type { RealVolume } from "./measureQuality.js";
import { realGeometryPreset } from "./realGeometry.js";

const CROP = 128;
const RENDER_SEED = 7;

export function realVolumes(data: string, log: (line: string) => void): RealVolume[] {
  const out: RealVolume[] = [];
  const geometryDir = join(data, "real-labels-only");
  if (existsSync(geometryDir)) {
    for (const file of readdirSync(geometryDir)
      .filter((f) => VOLUME_NAME.test(f))
      .sort()) {
      const preset = realGeometryPreset(file);
      if (!preset) {
        log(`${file}: no preset for this source (src/quality's REAL_GEOMETRY_PRESETS); skipped`);
        continue;
      }
      const full = readScanPath(join(geometryDir, file));
      const mask = cropAroundCentroid(full, full, CROP);
      const { image, label, maps, params } = synthesiseAroundMask(mask, { preset, seed: RENDER_SEED, index: 0 });
      // the same image labelled to its visible edge: the convention a visible-label model learnt
      const visibleLabel = sampleLabel(maps, params, "visible");
      out.push({
        name: `realgeom_${figureName(file)}`,
        image,
        label,
        visibleLabel,
        recallOnly: false,
        detail: `${file} (${full.dims.join("×")} cropped to ${mask.dims.join("×")}, rendered as ${preset})`,
        files: [join(geometryDir, file)],
      });
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
    const labelPath = join(data, "real-labeled", label);
    out.push({ name, image: readScanPath(path), label: readScanPath(labelPath), recallOnly, detail: image, files: [path, labelPath] });
  }
  return out;
}

/** The real vessel masks under `data`: every scan file (NIfTI, MetaImage, NRRD, TIFF) in real-labels-only/, then the labels (…label.nii.gz, .mha, .nrrd, .tif) in real-labeled/, each [file, path], sorted. */
export function realMasks(data: string): [string, string][] {
  const masks: [string, string][] = [];
  const only = join(data, "real-labels-only");
  if (existsSync(only))
    for (const f of readdirSync(only)
      .filter((f) => VOLUME_NAME.test(f))
      .sort())
      masks.push([f, join(only, f)]);
  const labelled = join(data, "real-labeled");
  if (existsSync(labelled))
    for (const f of readdirSync(labelled)
      .filter((f) => /label\.(nii(\.gz)?|mha|nrrd|(ome\.)?tiff?)$/i.test(f))
      .sort())
      masks.push([f, join(labelled, f)]);
  return masks;
}

/** A scan or mask file in any format vessel-lab reads, a .mhd's or .nhdr's data file read from beside it. */
export function readScanPath(path: string): Volume {
  return readVolume(readFileSync(path), { dataFile: (name) => readFileSync(join(dirname(path), name)) });
}

/** A real file's short name in figure names: the part before the first "_", letters and digits, lower case (tof, lightsheet). */
export function figureName(file: string): string {
  return file
    .replace(VOLUME_NAME, "")
    .split("_")[0]
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase();
}

/**
 * The segmenter a quality measurement scores: models/segmenter.onnx, or the file VESSEL_LAB_QUALITY_MODEL names (a
 * candidate; a folder means its segmenter.onnx, as export.py --out-dir writes it), with the card beside it and the label convention its training data used (export.py writes it into the
 * card's training field; "lumen" for cards without it).
 */
export interface QualityModel {
  path: string;
  card: ModelCard;
  labelConvention: LabelConvention;
  model: OrtNodeModel;
}

export async function openQualityModel(threads = 2, given = process.env.VESSEL_LAB_QUALITY_MODEL ?? "models/segmenter.onnx"): Promise<QualityModel> {
  // a folder (export.py --out-dir) means the segmenter in it
  const path = existsSync(given) && statSync(given).isDirectory() ? join(given, "segmenter.onnx") : given;
  const cardPath = path.replace(/\.onnx$/i, "") + ".json";
  for (const [what, file] of [
    ["model", path],
    ["card", cardPath],
  ] as const) {
    if (!existsSync(file))
      throw new Error(
        `no ${what} at ${file}: VESSEL_LAB_QUALITY_MODEL names a segmenter .onnx with its card (.json) beside it, or the folder export.py --out-dir wrote (segmenter.onnx, segmenter.json)`,
      );
  }
  const json = JSON.parse(readFileSync(cardPath, "utf8"));
  const card = parseModelCard(json, cardPath);
  return { path, card, labelConvention: labelConventionOf(json), model: await OrtNodeModel.load(path, { card, threads }) };
}

/**
 * The reconstruction decoder beside a segmenter (reconstructor.onnx in its folder) with its card (its sidecar JSON,
 * else the segmenter's `card`), or null when there is none: what the report's adaptation and the scale bench's
 * reconstruction-error choice run.
 */
export async function openReconstructor(
  segmenterPath: string,
  card: ModelCard,
  threads = 2,
): Promise<{ path: string; card: ModelCard; model: OrtNodeModel } | null> {
  const path = join(segmenterPath, "..", "reconstructor.onnx");
  if (!existsSync(path)) return null;
  const cardPath = path.replace(/\.onnx$/i, ".json");
  const reconCard = existsSync(cardPath) ? parseModelCard(JSON.parse(readFileSync(cardPath, "utf8")), cardPath) : card;
  return { path, card: reconCard, model: await OrtNodeModel.load(path, { card: reconCard, threads }) };
}

/** The SHA-256 of a file's bytes, in hex: what a report cites for the model and each data file. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
