import { test } from "node:test";
import assert from "node:assert/strict";
import { decodePicture, presetBars, setRows, setTitle, verdict, type QualityRow } from "../../src/quality/index.js";

const row = (set: string, metric: QualityRow["metric"], method: QualityRow["method"], value: number, n = 1): QualityRow => ({ set, metric, method, value, n });

const rows: QualityRow[] = [
  row("synthetic_braintof", "dice", "model", 0.8, 3),
  row("synthetic_braintof", "dice", "otsu", 0.1, 3),
  row("synthetic_braintof", "dice", "frangi", 0.5, 3),
  row("synthetic", "dice", "model", 0.7, 24),
  row("synthetic", "cldice", "model", 0.75, 24),
  row("synthetic", "dice", "otsu", 0.2, 24),
  row("synthetic", "dice", "frangi", 0.4, 24),
  row("lightsheet", "dice", "model", 0.6),
  row("lightsheet", "dice", "otsu", 0.65),
  row("lightsheet", "dice", "frangi", 0.3),
  row("realgeom_tof", "dice", "model", 0.85),
  row("realgeom_tof", "dice", "otsu", 0.8),
  row("realgeom_tof", "dice", "frangi", 0.6),
  row("realgeom", "dice", "model", 0.85),
  row("realgeom", "dice", "otsu", 0.8),
  row("realgeom", "dice", "frangi", 0.6),
  row("aorta", "recall", "model", 0.99),
  row("aorta", "recall", "otsu", 1),
  row("aorta", "recall", "frangi", 0.62),
  row("lightsheet_native", "dice", "model", 0.5),
];

test("setRows orders the main sets (synthetic, real geometries and their mean, light-sheet, aorta), drops per-preset rows and marks the best method", () => {
  const sets = setRows(rows);
  assert.deepEqual(
    sets.map((s) => s.set),
    ["synthetic", "realgeom_tof", "realgeom", "lightsheet", "lightsheet_native", "aorta"],
  );
  assert.deepEqual(sets[0].scores.model, { value: 0.7, clDice: 0.75 });
  assert.equal(sets[0].best, "model");
  assert.equal(sets[0].n, 24);
  assert.equal(sets.find((s) => s.set === "lightsheet")!.best, "otsu");
  assert.equal(sets.find((s) => s.set === "aorta")!.metric, "recall");
  assert.equal(sets.find((s) => s.set === "lightsheet_native")!.best, null, "one method: nothing to rank");
  assert.deepEqual(
    sets.map((s) => s.real),
    [false, true, true, true, true, true],
  );
});

test("verdict counts the real sets the model wins against both baselines and names those it loses, with the numbers", () => {
  const v = verdict(rows);
  assert.match(v, /held-out synthetic scans the model's mean Dice is 0\.70, above both classical baselines/);
  assert.match(v, /On 1 of 3 real sets the model scores above both Otsu and Frangi/);
  assert.match(v, /light-sheet stack \(real image, dense label\) \(otsu 0\.65 against 0\.60\)/);
  assert.match(v, /aorta CT .*\(otsu 1\.00 against 0\.99\)/);
  const synthOnly = verdict(rows.filter((r) => r.set.startsWith("synthetic")));
  assert.match(synthOnly, /real sets were not measured in this build/);
});

test("presetBars lists one set's per-preset Dice; setTitle names sets in words", () => {
  assert.deepEqual(presetBars(rows, "synthetic"), [
    { preset: "brain-tof", method: "model", dice: 0.8 },
    { preset: "brain-tof", method: "otsu", dice: 0.1 },
    { preset: "brain-tof", method: "frangi", dice: 0.5 },
  ]);
  assert.equal(setTitle("realgeom_minivess"), "real geometry: minivess");
  assert.equal(setTitle("synthwide_livercta"), "wide: liver-cta"); // the set id drops the preset's hyphens; the title has them back
  assert.equal(setTitle("synthwide_unknown"), "wide: unknown");
});

test("decodePicture turns the base64 scan and classes back into images of the stated size, and refuses a wrong size", () => {
  const p = {
    width: 2,
    height: 2,
    pixelSpacing: [1, 1] as [number, number],
    scan: Buffer.from([0, 64, 128, 255]).toString("base64"),
    classes: Buffer.from([0, 1, 2, 3]).toString("base64"),
  };
  const d = decodePicture(p);
  assert.deepEqual([...d.scan.data], [0, 64, 128, 255]);
  assert.deepEqual([...d.classes.data], [0, 1, 2, 3]);
  assert.throws(() => decodePicture({ ...p, width: 3 }), /needs 6 pixels/);
});
