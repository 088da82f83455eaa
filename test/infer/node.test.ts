import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseModelCard } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { fixture, maxDifference, volumeOf } from "./support.js";

test("OrtNodeModel.load(path) reads the input and output names from the session and resolves which to use", async () => {
  const model = await OrtNodeModel.load(fixture("tinyunet.onnx"));
  assert.deepEqual([model.inputNames, model.outputNames], [["image"], ["logit", "reconstruction"]]);
  assert.deepEqual(model.io, { input: "image", output: "logit", outputKind: "logit", reconstruction: "reconstruction", adaptationInputs: [] });
  await model.dispose();
  await model.dispose(); // idempotent
  await assert.rejects(model.runTile(new Float32Array(64), [1, 1, 4, 4, 4]), /the model was disposed/);
});

test("OrtNodeModel.run on a non-cubic tile agrees with torch (tinyunet-reference.json): Volume x-fastest order is ONNX [1, 1, D, H, W]", async () => {
  const reference = JSON.parse(readFileSync(fixture("tinyunet-reference.json"), "utf8")) as { logit: number[]; reconstruction: number[] };
  const v = volumeOf([16, 12, 8], (i, j, k) => ((7 * k + 3 * j + i) % 11) / 10); // (d, h, w) = (k, j, i)
  const model = await OrtNodeModel.load(readFileSync(fixture("tinyunet.onnx")), { threads: 1 });
  const out = await model.run(v.data, [1, 1, 8, 12, 16], ["logit", "reconstruction"]);
  assert.ok(maxDifference(out.logit, reference.logit) < 1e-4, `logit ${maxDifference(out.logit, reference.logit)}`);
  assert.ok(maxDifference(out.reconstruction, reference.reconstruction) < 1e-4);
  await model.dispose();
});

test("OrtNodeModel.load throws clearly for a file that is no ONNX model, a card naming an absent output, and bad threads", async () => {
  await assert.rejects(OrtNodeModel.load(fixture("make-models.py")), /^Error: cannot load the model .*make-models\.py with onnxruntime-node: /);
  await assert.rejects(OrtNodeModel.load(fixture("pointwise.onnx"), { card: parseModelCard({ output: { name: "seg" } }) }), /names output "seg", but the model's outputs are "probability"/);
  await assert.rejects(OrtNodeModel.load(fixture("pointwise.onnx"), { threads: 0 }), /threads = 0/);
});
