import { test } from "node:test";
import assert from "node:assert/strict";
import { mirrorIntensities } from "../../src/infer/index.js";
import { projectedScan, projectionCaption, vesselsFromQuery, vesselsLabel, writeVessels } from "../../src/rendering/vesselsInput.js";
import { createVolume } from "../../src/volume/index.js";

test("vessels input: bright unless the URL says vessels=dark, and only dark is written to the URL", () => {
  assert.equal(vesselsFromQuery(new URLSearchParams("")), "bright");
  assert.equal(vesselsFromQuery(new URLSearchParams("vessels=dark")), "dark");
  for (const other of ["vessels=bright", "vessels=DARK", "vessels=", "vessels=black"])
    assert.equal(vesselsFromQuery(new URLSearchParams(other)), "bright", other);
  const p = new URLSearchParams("a=1");
  writeVessels("dark", p);
  assert.equal(p.get("vessels"), "dark");
  writeVessels("bright", p);
  assert.equal(p.toString(), "a=1");
  assert.deepEqual([vesselsLabel("bright"), vesselsLabel("dark")], ["brighter than the tissue", "darker than the tissue (black-blood)"]);
});

test("projectedScan: the scan itself for bright vessels, mirrored for dark ones (the page's own mirror when it has one); projectionCaption says which", () => {
  const scan = createVolume(Float32Array, [4, 4, 4]);
  scan.data.forEach((_, i) => (scan.data[i] = i % 7));
  assert.equal(projectedScan(scan, "bright"), scan);
  assert.deepEqual(projectedScan(scan, "dark"), mirrorIntensities(scan));
  const made = mirrorIntensities(scan);
  assert.equal(projectedScan(scan, "dark", made), made, "not mirrored again");
  assert.equal(projectedScan(scan, "bright", made), scan);
  assert.equal(projectionCaption("bright"), "the scan, brightest voxel along each ray (MIP)");
  assert.equal(projectionCaption("dark"), "the scan mirrored (its dark vessels bright), brightest voxel along each ray (MIP)");
});
