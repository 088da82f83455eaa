import { test } from "node:test";
import assert from "node:assert/strict";
import { makeSample, sampleGrid, sampleSpec } from "../../src/dataset/index.js";
import { growTree } from "../../src/geometry/index.js";

test("makeSample(spec) makes the same tree, labels, image and record every time, and makeSample(record) makes them again", () => {
  const spec = sampleSpec(4, { seed: 9, preset: "brain-tof", size: 24 });
  const a = makeSample(spec);
  const b = makeSample(JSON.parse(JSON.stringify(spec)));
  const c = makeSample(JSON.parse(JSON.stringify(a.record)));
  assert.deepEqual(a.image.data, b.image.data);
  assert.deepEqual(a.maps.binary.data, b.maps.binary.data);
  assert.deepEqual(a.record, b.record);
  assert.deepEqual(c.image.data, a.image.data);
  assert.deepEqual(c.record, a.record);
  assert.deepEqual(JSON.parse(JSON.stringify(a.record)), a.record);
  assert.ok(!("timings" in a.record));
  assert.ok(a.timings.grow >= 0 && a.timings.voxelise >= 0 && a.timings.image >= 0);
});

test("makeSample(spec).record holds the tree preset with its resolved parameters, the modality with its exact parameters, and the grid", () => {
  const s = makeSample(sampleSpec(1, { seed: 2, preset: "microscopy", size: 24 }));
  const { record } = s;
  assert.equal(record.preset, "microscopy");
  assert.equal(record.tree.preset, "microvascular");
  assert.deepEqual(record.tree.params, s.tree.generator.params);
  assert.equal(record.modality, "microscopy");
  assert.equal(record.imaging.params.modality, "microscopy");
  const thin = record.voxel.kind === "wide" && record.voxel.thin;
  assert.deepEqual(record.grid.dims, [24, 24, thin ? 8 : 24]);
  assert.deepEqual(record.grid.spacing, s.image.spacing);
  assert.equal(record.grid.unit, "um");
  assert.deepEqual(s.image.dims, record.grid.dims);
  assert.deepEqual(s.image.affine, s.maps.binary.affine);
  assert.equal(
    record.content.vesselVoxels,
    s.maps.binary.data.reduce((n, v) => n + v, 0),
  );
  assert.ok(record.content.segments > 100);
});

test("makeSample(spec) patches hold vessels: most samples of every preset have labelled voxels", () => {
  let withVessels = 0,
    total = 0;
  for (const preset of ["brain-tof", "liver-cta", "coronary-cta", "kidney-cta"] as const)
    for (let i = 0; i < 3; i++) {
      total++;
      if (makeSample(sampleSpec(i, { preset, size: 24 })).record.content.vesselVoxels > 0) withVessels++;
    }
  assert.ok(withVessels >= total - 1, `${withVessels} of ${total}`);
});

test("sampleGrid(tree, spec) puts a patch of the spec's voxel size inside the tree's bounds, or fits the whole tree", () => {
  const tree = growTree({ preset: "brain", seed: 3 });
  const { min, max } = tree.bounds;
  for (const node of [0, 0.5, 0.999]) {
    const g = sampleGrid(tree, { size: 32, voxel: { kind: "patch", voxelSize: 0.5, node, shift: [0.25, -0.25, 0] } });
    assert.deepEqual(g.dims, [32, 32, 32]);
    assert.deepEqual(g.spacing, [0.5, 0.5, 0.5]);
    for (let a = 0; a < 3; a++) {
      assert.ok(g.origin[a] >= min[a] - 1e-9, `axis ${a}: ${g.origin[a]} ≥ ${min[a]}`);
      assert.ok(g.origin[a] + 31 * 0.5 <= max[a] + 1e-9);
    }
  }
  // A patch larger than the tree is centred on it.
  const big = sampleGrid(tree, { size: 32, voxel: { kind: "patch", voxelSize: 10, node: 0.3, shift: [0, 0, 0] } });
  for (let a = 0; a < 3; a++) assert.ok(Math.abs(big.origin[a] + 15.5 * 10 - (min[a] + max[a]) / 2) < 1e-9);
  const fit = sampleGrid(tree, { size: 32, voxel: { kind: "fit" } });
  for (let a = 0; a < 3; a++) assert.ok(fit.origin[a] <= min[a] && fit.origin[a] + 31 * fit.spacing[a] >= max[a]);
  assert.throws(() => sampleGrid(tree, { size: 32, voxel: { kind: "patch", voxelSize: 0, node: 0, shift: [0, 0, 0] } }), /voxelSize = 0/);
});

test("makeSample rejects what is not a sample spec", () => {
  assert.throws(() => makeSample({} as never), /makeSample: spec must be a vessel-lab\/sample/);
});

test("makeSample(wide spec): the grid's slice ratio and slice count are the draw's, the centre vessel near its drawn radius, and the record remakes the same bytes", () => {
  let checked = 0;
  for (const preset of ["brain-cta", "microscopy", "liver-cemra"] as const)
    for (let i = 0; i < 4; i++) {
      const s = makeSample(sampleSpec(i, { seed: 6, preset, size: 24 }));
      const v = s.record.voxel;
      assert.equal(v.kind, "wide");
      if (v.kind !== "wide") continue;
      const [sx, sy, sz] = s.record.grid.spacing;
      assert.equal(sx, sy);
      assert.ok(Math.abs(sz / sx - v.anisotropy) < 1e-9, `${preset} ${i}: slice ratio ${sz / sx}, drawn ${v.anisotropy}`);
      assert.equal(s.record.grid.dims[2], v.thin ? 8 : 24);
      // thick slices keep the drawn PSF in mm: σz in voxels shrinks by the ratio
      if (v.anisotropy > 1)
        assert.ok(s.record.imaging.params.blur.sigma[2] < sampleSpec(i, { seed: 6, preset, size: 24 }).imaging.params.blur.sigma[2] + 1e-12);
      const again = makeSample(s.record);
      assert.deepEqual(again.image.data, s.image.data, `${preset} ${i}: the record remakes the image`);
      assert.deepEqual(again.record.imaging.params, s.record.imaging.params, "fitting is applied once");
      checked++;
    }
  assert.equal(checked, 12);
});
