import { test } from "node:test";
import assert from "node:assert/strict";
import { spacingOfScale, voxelScaleLabel, writeVoxelScale } from "../../src/rendering/voxelScaleInput.js";

test("voxel scales: automatic is the default (absent from the URL), the others are written and become the worker's spacing", () => {
  assert.equal(spacingOfScale("auto"), "auto");
  assert.equal(spacingOfScale("native"), "native");
  assert.deepEqual(spacingOfScale("x1.5"), { factor: 1.5 });
  assert.deepEqual(["auto", "native", "x2"].map((s) => voxelScaleLabel(s as "auto")), ["fit to vessels", "as scanned", "×2"]);
  const p = new URLSearchParams("scale=x2&a=1");
  writeVoxelScale("native", p);
  assert.equal(p.get("scale"), "native");
  writeVoxelScale("auto", p);
  assert.equal(p.toString(), "a=1");
});
