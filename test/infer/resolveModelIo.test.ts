import { test } from "node:test";
import assert from "node:assert/strict";
import { parseModelCard, resolveModelIo } from "../../src/infer/index.js";

const defaults = parseModelCard({});

test("resolveModelIo(card, names) takes the first input, the only output, and its kind from its name", () => {
  assert.deepEqual(resolveModelIo(defaults, { inputNames: ["image"], outputNames: ["probability"] }), {
    input: "image",
    output: "probability",
    outputKind: "probability",
    reconstruction: null,
    adaptationInputs: {},
  });
  assert.equal(resolveModelIo(defaults, { inputNames: ["x"], outputNames: ["seg_logits"] }).outputKind, "logit");
});

test("resolveModelIo(card, names) picks a segmentation-like output over a reconstruction, and the card's names over both", () => {
  const io = resolveModelIo(defaults, { inputNames: ["image"], outputNames: ["reconstruction", "logit"] });
  assert.deepEqual([io.output, io.outputKind, io.reconstruction], ["logit", "logit", "reconstruction"]);
  const card = parseModelCard({ output: { name: "out0", kind: "probability" }, reconstruction: "out1", adaptationInputs: { adapt_scale: 1, absent: 0 } });
  const named = resolveModelIo(card, { inputNames: ["image", "adapt_scale"], outputNames: ["out0", "out1"] });
  assert.deepEqual([named.output, named.outputKind, named.reconstruction, named.adaptationInputs], ["out0", "probability", "out1", { adapt_scale: 1 }]);
});

test("resolveModelIo(card, names) throws, listing the model's names, when the card names one the model lacks or the model has an input the card does not describe", () => {
  assert.throws(
    () => resolveModelIo(parseModelCard({ input: "img" }), { inputNames: ["image"], outputNames: ["p"] }),
    /the model card names input "img", but the model's inputs are "image": fix the card/,
  );
  assert.throws(
    () => resolveModelIo(parseModelCard({ output: { name: "seg" } }), { inputNames: ["image"], outputNames: ["a", "b"] }),
    /names output "seg", but the model's outputs are "a", "b"/,
  );
  assert.throws(() => resolveModelIo(defaults, { inputNames: [], outputNames: ["p"] }), /has 0 inputs and 1 outputs/);
  assert.throws(
    () => resolveModelIo(defaults, { inputNames: ["image", "adapt_scale", "adapt_shift"], outputNames: ["p"] }),
    /the model has inputs "adapt_scale", "adapt_shift" besides the image "image"; list them in the model card's adaptationInputs with the value that leaves the network unchanged, e\.g\. \{"adapt_scale": 1\}/,
  );
});
