import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_SPACING_FACTOR } from "../../src/infer/index.js";
import { chooseSpacing, spacingFactor, vesselRadius } from "../../src/scale/index.js";
import { createVolume, type Vec3, type Volume } from "../../src/volume/index.js";

/** Tubes along z at the given (x, y) centres and radii in voxels of `spacing` mm (in-plane spacing isotropic), intensity 1 inside (anti-aliased), 0 outside. */
function tubes(dims: Vec3, spacing: Vec3, list: Array<{ x: number; y: number; r: number }>): Volume<Float32Array> {
  const v = createVolume(Float32Array, dims, spacing);
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        let value = 0;
        for (const t of list) value = Math.max(value, Math.min(1, Math.max(0, t.r - Math.hypot(x - t.x, y - t.y) + 0.5)));
        v.data[x + dims[0] * (y + dims[1] * z)] = value;
      }
  return v;
}

test("vesselRadius reads a single tube's radius within one radius step (×1.59), in voxels whatever the mm", () => {
  for (const r of [1.5, 3, 6]) {
    for (const h of [1, 0.4]) {
      const m = vesselRadius(tubes([48, 48, 24], [h, h, h], [{ x: 23.5, y: 23.5, r }]));
      assert.ok(m.vesselVoxels > 0, `r ${r}: nothing found`);
      assert.ok(m.median >= r / 1.6 && m.median <= r * 1.6, `r ${r} voxels at ${h} mm: median ${m.median}`);
      assert.ok(Math.abs(m.medianMm - m.median * h) < 1e-6);
      assert.equal(m.block, 1);
    }
  }
});

test("vesselRadius orders scans by their vessels' width, and a large scan measured on 2-voxel blocks agrees", () => {
  const thin = vesselRadius(
    tubes(
      [48, 48, 16],
      [1, 1, 1],
      [
        { x: 12, y: 12, r: 1.5 },
        { x: 34, y: 30, r: 1.5 },
      ],
    ),
  );
  const wide = vesselRadius(
    tubes(
      [48, 48, 16],
      [1, 1, 1],
      [
        { x: 12, y: 12, r: 5 },
        { x: 34, y: 30, r: 5 },
      ],
    ),
  );
  assert.ok(wide.median > 2 * thin.median, `thin ${thin.median}, wide ${wide.median}`);
  const big = tubes([64, 64, 32], [1, 1, 1], [{ x: 31.5, y: 31.5, r: 6 }]);
  const full = vesselRadius(big);
  const blocked = vesselRadius(big, { maxVoxels: 1000 });
  assert.equal(blocked.block, 2);
  assert.ok(
    blocked.radii.every((r) => r >= 2 - 1e-9),
    "no radius below one coarse voxel is tried",
  );
  assert.ok(blocked.median / full.median > 1 / 1.6 && blocked.median / full.median < 1.6, `full ${full.median}, blocked ${blocked.median}`);
});

test("an empty scan finds no vessel and keeps the native grid", () => {
  const flat = createVolume(Float32Array, [24, 24, 24], [0.5, 0.5, 0.5]);
  const chosen = chooseSpacing(flat, 1.25);
  assert.ok(Number.isNaN(chosen.radius.median));
  assert.equal(chosen.factor, 1);
  assert.deepEqual(chosen.spacing, [0.5, 0.5, 0.5]);
  assert.match(chosen.summary, /no vessel found/);
});

test("spacingFactor brings a radius to the model's, never upsamples, and caps at MAX_SPACING_FACTOR", () => {
  assert.equal(spacingFactor(5, 1.25), 4);
  assert.equal(spacingFactor(1, 1.25), 1);
  assert.equal(spacingFactor(1e6, 1), MAX_SPACING_FACTOR);
  assert.equal(spacingFactor(Number.NaN, 2), 1);
  assert.throws(() => spacingFactor(3, 0), /radiusVoxels = 0/);
  assert.throws(() => chooseSpacing(createVolume(Float32Array, [8, 8, 8]), -1), /radiusVoxels = -1; give a positive radius/);
});

test("chooseSpacing scales every axis alike, so an anisotropic scan keeps its voxel shape", () => {
  const scan = tubes([48, 48, 16], [0.5, 0.5, 1.5], [{ x: 23.5, y: 23.5, r: 5 }]);
  const chosen = chooseSpacing(scan, 1.25);
  assert.ok(chosen.factor > 2 && chosen.factor < 7, `factor ${chosen.factor}`);
  chosen.spacing.forEach((s, a) => assert.ok(Math.abs(s - scan.spacing[a] * chosen.factor) < 1e-9));
  assert.match(chosen.summary, /vessel radius [\d.]+ voxels for the thinner quarter \(p25; median [\d.]+.*→ voxels ×/);
  assert.equal(chosen.factor, spacingFactor(chosen.radius.p25, 1.25));
});

test("chooseSpacing coarsens a scan only as far as its thinner quarter of vessels allows: a thin vessel beside wide ones is not coarsened away", () => {
  // one thin tube (1.5 voxels) and two wide ones (7 voxels): the wide ones' centrelines are most, so their radius is
  // the median; at its factor (×5) the thin tube would be a third of a voxel
  const wide = [
    { x: 30, y: 14, r: 7 },
    { x: 48, y: 46, r: 7 },
  ];
  const mixed = tubes([64, 64, 24], [1, 1, 1], [{ x: 8, y: 32, r: 1.5 }, ...wide]);
  const chosen = chooseSpacing(mixed, 1.25);
  assert.ok(spacingFactor(chosen.radius.median, 1.25) > 3, `the median ${chosen.radius.median} is the wide tubes'`);
  assert.ok(chosen.radius.p25 < 2.6, `p25 ${chosen.radius.p25}`);
  assert.ok(chosen.factor < 2.1, `factor ${chosen.factor}`);
  // the wide tubes alone are coarsened
  const wideAlone = chooseSpacing(tubes([64, 64, 24], [1, 1, 1], wide), 1.25);
  assert.ok(wideAlone.factor > 3, `factor ${wideAlone.factor}`);
});
