import { test } from "node:test";
import assert from "node:assert/strict";
import { maskStats, measureMask, statsOf } from "../../src/fit/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";
import { maskOf } from "../metrics/shapes.js";

/** Distance from p to the segment ab. */
function toSegment(p: number[], a: number[], b: number[]): number {
  const ab = b.map((x, k) => x - a[k]),
    ap = p.map((x, k) => x - a[k]);
  const t = Math.max(0, Math.min(1, ap.reduce((s, x, k) => s + x * ab[k], 0) / ab.reduce((s, x) => s + x * x, 0)));
  return Math.hypot(...p.map((x, k) => x - (a[k] + t * ab[k])));
}
const tubes = (dims: Vec3, segments: [number[], number[], number][], spacing: Vec3 = [1, 1, 1]) =>
  maskOf(dims, (i, j, k) => segments.some(([a, b, r]) => toSegment([i * spacing[0], j * spacing[1], k * spacing[2]], a, b) <= r), spacing);

test("maskStats(mask) of a straight solid cylinder of radius 4: one branch, two ends, no junction, radius ≈ 4 on the axis, tortuosity 1, length ≈ its skeleton", () => {
  // axis along x at (y, z) = (10, 10), x from 4 to 55, radius 4
  const s = maskStats(tubes([60, 21, 21], [[[4, 10, 10], [55, 10, 10], 4]]));
  assert.equal(s.branches, 1);
  assert.equal(s.junctions, 0);
  assert.equal(s.endpoints, 2);
  assert.equal(s.components, 1);
  // on the axis the nearest background voxel lies at (4, 1): √17 ≈ 4.12, or at 5 straight out; near the ends less
  assert.ok(s.radius[1] >= 4 && s.radius[1] <= 4.5, `radius p50 ${s.radius[1]}`);
  assert.ok(Math.abs(s.tortuosity[1] - 1) < 0.01, `tortuosity ${s.tortuosity[1]}`);
  assert.equal(s.branchLength[1], s.skeletonVoxels); // one branch: its length is the skeleton's voxel count × 1 mm
  assert.ok(s.skeletonVoxels >= 40 && s.skeletonVoxels <= 52, `skeleton ${s.skeletonVoxels}`);
});

test("maskStats(mask) of a Y of three tubes: one junction, three branches, three ends", () => {
  const s = maskStats(
    tubes(
      [64, 64, 15],
      [
        [[4, 32, 7], [32, 32, 7], 2.5],
        [[32, 32, 7], [58, 8, 7], 2],
        [[32, 32, 7], [58, 56, 7], 2],
      ],
    ),
  );
  assert.equal(s.junctions, 1);
  assert.equal(s.branches, 3);
  assert.equal(s.endpoints, 3);
  assert.ok(s.radiusVox[0] >= 1.9 && s.radiusVox[2] <= 3.3, `radius p10/p90 ${s.radiusVox}`);
  assert.ok(s.tortuosity[2] < 1.1, `straight branches: ${s.tortuosity}`);
});

test("maskStats(mask) reads a quarter circle's tortuosity as arc over chord, π/(2√2) ≈ 1.11", () => {
  // a tube of radius 1.5 along a quarter circle of radius 30 about (3, 3) in the plane z = 4
  const s = maskStats(maskOf([40, 40, 9], (i, j, k) => i >= 3 && j >= 3 && (Math.hypot(i - 3, j - 3) - 30) ** 2 + (k - 4) ** 2 <= 2.25));
  assert.equal(s.branches, 1);
  const expected = Math.PI / (2 * Math.SQRT2);
  assert.ok(Math.abs(s.tortuosity[1] - expected) < 0.06, `tortuosity ${s.tortuosity[1]} (expected ${expected.toFixed(3)})`);
});

test("maskStats(mask) with anisotropic voxels gives the radius in mm and in voxels of the finest side, the density per mm³ and per 1000 voxel cubes", () => {
  // a tube along x of radius 3 mm on voxels of 1 × 1 × 1.5 mm
  const spacing: Vec3 = [1, 1, 1.5];
  const mask = tubes([50, 21, 15], [[[3, 10, 10.5], [46, 10, 10.5], 3]], spacing);
  const s = maskStats(mask);
  assert.equal(s.voxel, 1);
  assert.ok(s.radius[1] >= 3 && s.radius[1] <= 3.7, `radius ${s.radius[1]} mm`);
  assert.deepEqual(s.radiusVox, s.radius); // finest side 1 mm
  const volume = 50 * 21 * 15 * 1.5;
  assert.ok(Math.abs(s.branchDensity - s.branches / volume) < 1e-12);
  assert.ok(Math.abs(s.branchDensityVox - (1000 * s.branches) / volume) < 1e-9);
});

test("maskStats(mask) of an empty mask: no branches, NaN spreads, fraction 0; statsOf([]) throws naming the fix", () => {
  const s = maskStats(createVolume(Uint8Array, [8, 8, 8]));
  assert.equal(s.branches, 0);
  assert.equal(s.vesselFraction, 0);
  assert.ok(s.radius.every(Number.isNaN));
  assert.throws(() => statsOf([]), /give at least one mask/);
  assert.throws(() => measureMask({ data: new Uint8Array(8), dims: [2, 2, 2], spacing: [1, 0, 1] }), /spacing/);
});

test("statsOf(measures) pools masks: counts summed, values joined, the fraction over all voxels", () => {
  const a = measureMask(tubes([40, 15, 15], [[[3, 7, 7], [36, 7, 7], 2]]));
  const b = measureMask(tubes([40, 15, 15], [[[3, 7, 7], [36, 7, 7], 4]]));
  const s = statsOf([a, b]);
  assert.equal(s.branches, a.lengths.length + b.lengths.length);
  assert.equal(s.skeletonVoxels, a.skeletonVoxels + b.skeletonVoxels);
  assert.equal(s.vesselFraction, (a.vesselVoxels + b.vesselVoxels) / (2 * 40 * 15 * 15));
  // the pooled radii hold both tubes': p10 from the thin one, p90 from the thick one
  assert.ok(s.radius[0] < 3 && s.radius[2] > 3.5, `${s.radius}`);
});
