import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultVoxelScale, spacingOfScale, voxelScaleLabel, writeVoxelScale } from "../../src/rendering/voxelScaleInput.js";

test("voxel scales: the default is the card's spacing (as the CLI's), absent from the URL; the others are written and become the worker's spacing", () => {
  assert.equal(defaultVoxelScale({ spacing: "auto" }), "auto");
  assert.equal(defaultVoxelScale({ spacing: "x2" }), "x2");
  assert.equal(defaultVoxelScale({ spacing: "native" }), "native");
  assert.equal(defaultVoxelScale({ spacing: [0.5, 0.5, 0.5] }), "native");
  assert.equal(defaultVoxelScale({}), "native");
  assert.equal(spacingOfScale("auto"), "auto");
  assert.equal(spacingOfScale("native"), "native");
  assert.deepEqual(spacingOfScale("x1.5"), { factor: 1.5 });
  assert.deepEqual(
    ["auto", "native", "x2"].map((s) => voxelScaleLabel(s as "auto")),
    ["fit to vessels", "as scanned", "×2"],
  );
  const p = new URLSearchParams("scale=x2&a=1");
  writeVoxelScale("auto", p, "native");
  assert.equal(p.get("scale"), "auto");
  writeVoxelScale("native", p, "native");
  assert.equal(p.toString(), "a=1");
  writeVoxelScale("native", p, "auto");
  assert.equal(p.get("scale"), "native");
});
