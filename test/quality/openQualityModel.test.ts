import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openQualityModel } from "../../src/quality/node.js";

test("openQualityModel: a segmenter file, or the folder export.py wrote, opens with its card; a missing card is named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vessel-lab-quality-model-"));
  try {
    const byFile = await openQualityModel(1, "models/segmenter.onnx");
    copyFileSync("models/segmenter.onnx", join(dir, "segmenter.onnx"));
    await assert.rejects(
      openQualityModel(1, dir),
      (e: Error) => e.message.includes(`no card at ${join(dir, "segmenter.json")}`) && e.message.includes("--out-dir"),
    );
    copyFileSync("models/segmenter.json", join(dir, "segmenter.json"));
    const byFolder = await openQualityModel(1, dir);
    assert.equal(byFolder.path, join(dir, "segmenter.onnx"));
    assert.deepEqual(byFolder.card, byFile.card);
    assert.equal(byFolder.labelConvention, byFile.labelConvention);
    await assert.rejects(openQualityModel(1, join(dir, "nothing.onnx")), /no model at .*nothing\.onnx/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
