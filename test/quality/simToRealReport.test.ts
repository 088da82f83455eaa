import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { simToRealReport } from "../../src/quality/simToRealReport.js";
import { decodePicture } from "../../src/quality/index.js";

const tiny = {
  plan: { perPreset: 1, perPresetWide: 0, size: 32, presets: ["microscopy", "brain-tof"] as const },
  adaptPresets: ["microscopy"] as const,
  adaptSteps: 1,
  threads: 1,
};

test(
  "simToRealReport: the committed model's figures on a tiny plan, the same numbers when built twice, provenance hashes that match the files, and no real data claimed without VESSEL_LAB_DATA",
  { timeout: 300_000 },
  async () => {
    const first = await simToRealReport({ ...tiny, plan: { ...tiny.plan, presets: [...tiny.plan.presets] }, adaptPresets: [...tiny.adaptPresets] });
    const second = await simToRealReport({ ...tiny, plan: { ...tiny.plan, presets: [...tiny.plan.presets] }, adaptPresets: [...tiny.adaptPresets] });
    assert.deepEqual(second, first, "a second build with the same inputs gives the same report");
    const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
    assert.equal(first.model.sha256, sha("models/segmenter.onnx"));
    assert.equal(first.reconstructor?.sha256, sha("models/reconstructor.onnx"));
    assert.equal(first.lab.version, JSON.parse(readFileSync("package.json", "utf8")).version);
    assert.equal(first.data.folder, false);
    assert.match(first.data.note, /VESSEL_LAB_DATA was not set/);
    // rows: each preset and the set, for the three methods, every value a score in [0, 1]
    const sets = new Set(first.rows.map((r) => r.set));
    assert.deepEqual([...sets].sort(), ["synthetic", "synthetic_braintof", "synthetic_microscopy"]);
    assert.ok(
      first.rows.every((r) => r.value >= 0 && r.value <= 1),
      "scores in [0, 1]",
    );
    assert.equal(first.rows.filter((r) => r.set === "synthetic" && r.metric === "dice").length, 3);
    // adaptation: one preset × the four off-domain shifts, Dice in [0, 1], a rejected adaptation leaves Dice as it was
    assert.equal(first.adaptation?.rows.length, 4);
    for (const r of first.adaptation!.rows) {
      assert.ok(r.diceAsTrained >= 0 && r.diceAsTrained <= 1 && r.diceAdapted >= 0 && r.diceAdapted <= 1);
      if (!r.kept) assert.equal(r.diceAdapted, r.diceAsTrained);
      // adaptation by the input: its own segmentation is the one as trained, so kept as made it is the same Dice
      assert.ok(r.diceInputAdapted! >= 0 && r.diceInputAdapted! <= 1 && typeof r.inputKept === "boolean");
      if (!r.inputKept) assert.equal(r.diceInputAdapted, r.diceAsTrained);
      assert.ok(r.inputKept ? ["smoothed σ 0.8", "field-corrected"].includes(r.inputTransform!) : r.inputTransform === null, String(r.inputTransform));
    }
    // pictures: the best and the worst synthetic case, decodable, with classes 0–3 and the model's Dice as in the rows
    assert.equal(first.pictures.length, 2);
    const dices = first.pictures.map((p) => p.dice.model);
    assert.ok(dices[0] >= dices[1], "the best first");
    const d = decodePicture(first.pictures[0]);
    assert.equal(d.scan.data.length, 32 * 32);
    assert.ok(d.classes.data.every((c) => c >= 0 && c <= 3));
    assert.ok(
      d.classes.data.some((c) => c > 0),
      "the picture shows vessels",
    );
  },
);

test("simToRealReport names a missing model and the fix", async () => {
  await assert.rejects(simToRealReport({ modelPath: "no/such/model.onnx" }), /no model at no\/such\/model\.onnx; export one/);
});
