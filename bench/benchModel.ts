// The segmenter a quality bench measures: models/segmenter.onnx, or the file VESSEL_LAB_QUALITY_MODEL names (a
// candidate), with the card beside it and the label convention its training data used (export.py writes it into the
// card's training field; "lumen" for cards without it).
import { readFileSync } from "node:fs";
import type { LabelConvention } from "../src/dataset/index.js";
import { type ModelCard, parseModelCard } from "../src/infer/index.js";
import { OrtNodeModel } from "../src/infer/node.js";

export interface BenchModel {
  path: string;
  card: ModelCard;
  labelConvention: LabelConvention;
  model: OrtNodeModel;
}

export async function openBenchModel(threads = 2): Promise<BenchModel> {
  const path = process.env.VESSEL_LAB_QUALITY_MODEL ?? "models/segmenter.onnx";
  const cardPath = path.replace(/\.onnx$/i, "") + ".json";
  const json = JSON.parse(readFileSync(cardPath, "utf8"));
  const card = parseModelCard(json, cardPath);
  const labelConvention: LabelConvention = json.training?.label_convention === "visible" ? "visible" : "lumen";
  return { path, card, labelConvention, model: await OrtNodeModel.load(path, { card, threads }) };
}
