import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseModelCard } from "../../src/infer/index.js";
import { OrtNodeModel } from "../../src/infer/node.js";
import { fixture, maxDifference, volumeOf } from "./support.js";

test("OrtNodeModel.load(path) reads the input and output names from the session and resolves which to use", async () => {
  const model = await OrtNodeModel.load(fixture("tinyunet.onnx"));
  assert.deepEqual([model.inputNames, model.outputNames], [["image"], ["logit", "reconstruction"]]);
  assert.deepEqual(model.io, { input: "image", output: "logit", outputKind: "logit", reconstruction: "reconstruction", adaptationInputs: {} });
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
  await assert.rejects(
    OrtNodeModel.load(fixture("pointwise.onnx"), { card: parseModelCard({ output: { name: "seg" } }) }),
    /names output "seg", but the model's outputs are "probability"/,
  );
  await assert.rejects(OrtNodeModel.load(fixture("pointwise.onnx"), { threads: 0 }), /threads = 0/);
});

test("OrtNodeModel feeds adaptation inputs their identity values from the card, and run(…, adaptation) overrides them", async () => {
  // adaptable.onnx: reconstruction = x · adapt_scale + adapt_shift, logit = 4 · reconstruction − 2
  await assert.rejects(
    OrtNodeModel.load(fixture("adaptable.onnx")),
    /has inputs "adapt_scale", "adapt_shift" besides the image "image"; list them in the model card's adaptationInputs/,
  );
  const card = parseModelCard({ adaptationInputs: { adapt_scale: 1, adapt_shift: 0 } });
  const model = await OrtNodeModel.load(fixture("adaptable.onnx"), { card });
  assert.deepEqual(model.io.adaptationInputs, { adapt_scale: 1, adapt_shift: 0 });
  const x = Float32Array.from({ length: 8 }, (_, n) => n / 8);
  const plain = await model.runTile(x, [1, 1, 2, 2, 2]);
  assert.ok(
    maxDifference(
      plain,
      x.map((v) => 4 * v - 2),
    ) < 1e-6,
  );
  const adapted = await model.run(x, [1, 1, 2, 2, 2], ["reconstruction"], { adapt_scale: Float32Array.of(2), adapt_shift: Float32Array.of(0.5) });
  assert.ok(
    maxDifference(
      adapted.reconstruction,
      x.map((v) => 2 * v + 0.5),
    ) < 1e-6,
  );
  await assert.rejects(
    model.run(x, [1, 1, 2, 2, 2], ["logit"], { gain: Float32Array.of(1) }),
    /"gain" is not one of the model's adaptation inputs \(adapt_scale, adapt_shift\)/,
  );
  await assert.rejects(model.run(x, [1, 1, 2, 2, 2], ["logit"], { adapt_scale: Float32Array.of(1, 2) }), /"adapt_scale" needs 1 values \(\[1\]\); got 2/);
  await model.dispose();
});
