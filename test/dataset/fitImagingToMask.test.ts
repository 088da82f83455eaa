import { test } from "node:test";
import assert from "node:assert/strict";
import { fitImagingToMask } from "../../src/dataset/index.js";
import { sampleImagingParams, type ImagingParams } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";

const drawn = (overrides: object = {}): ImagingParams => sampleImagingParams("brain-tof", createRng("fit"), overrides);

/** A 20×20×10 mask of `spacing` with vessel voxels at the given (i, j, k). */
function mask(spacing: Vec3, voxels: Vec3[]) {
  const m = createVolume(Uint8Array, [20, 20, 10], spacing);
  for (const [i, j, k] of voxels) m.data[i + 20 * (j + 20 * k)] = 1;
  return m;
}

test("fitImagingToMask(params, binary) changes nothing on isotropic voxels with the vessels inside the body", () => {
  const p = drawn({ body: { enabled: true, center: [0.5, 0.5, 0.5], radii: [0.5, 0.5, 0.5] } });
  assert.deepEqual(fitImagingToMask(p, mask([0.7, 0.7, 0.7], [[10, 10, 5]])), p);
  const off = drawn({ body: { enabled: false } });
  assert.deepEqual(fitImagingToMask(off, mask([0.7, 0.7, 0.7], [[0, 0, 0]])), off);
});

test("fitImagingToMask(params, binary) scales blur, resolution and motion blur by the finest side over each axis' spacing, snapping factors under 1.1 to 1", () => {
  const p = drawn({
    body: { enabled: false },
    blur: { sigma: [1, 0.8, 1.2] },
    resolution: { factor: [1.3, 1.3, 2.5] },
    motion: { kind: "blur", axis: 2, ghosts: [], length: 3 },
  });
  const f = fitImagingToMask(p, mask([0.4, 0.4, 1], [[1, 1, 1]]));
  assert.deepEqual(f.blur.sigma, [1, 0.8, 1.2 * 0.4]);
  assert.deepEqual(f.resolution.factor, [1.3, 1.3, 1]); // 2.5 · 0.4 = 1 (< 1.1: no resampling)
  assert.equal(f.motion.length, 3 * 0.4 < 1 ? 1 : 3 * 0.4);
  const g = fitImagingToMask(drawn({ body: { enabled: false }, resolution: { factor: [1, 1, 3] } }), mask([0.5, 0.5, 0.75], [[1, 1, 1]]));
  assert.ok(Math.abs(g.resolution.factor[2] - 2) < 1e-12);
  assert.deepEqual(p.blur.sigma, [1, 0.8, 1.2], "the input is left as it was");
});

test("fitImagingToMask(params, binary, margin) grows the body until every vessel voxel is inside it with the margin, never shrinking it", () => {
  const p = drawn({ body: { enabled: true, center: [0.5, 0.5, 0.5], radii: [0.2, 0.3, 0.25] } });
  const voxels: Vec3[] = [
    [0, 10, 5],
    [19, 19, 9],
    [10, 10, 5],
  ];
  const f = fitImagingToMask(p, mask([1, 1, 1], voxels));
  const ratio = f.body.radii.map((r, a) => r / p.body.radii[a]);
  assert.ok(ratio[0] > 1 && Math.abs(ratio[1] - ratio[0]) < 1e-12 && Math.abs(ratio[2] - ratio[0]) < 1e-12, `radii ${f.body.radii}`);
  const dims = [20, 20, 10];
  const rho = (v: Vec3) => Math.sqrt(v.reduce((s, x, a) => s + (((x + 0.5) / dims[a] - 0.5) / f.body.radii[a]) ** 2, 0));
  const worst = Math.max(...voxels.map(rho));
  assert.ok(Math.abs(worst - 1 / 1.12) < 1e-9, `farthest vessel at ρ = ${worst}`);
  assert.deepEqual(f.body.center, p.body.center);
  const big = drawn({ body: { enabled: true, center: [0.5, 0.5, 0.5], radii: [3, 3, 3] } });
  assert.deepEqual(fitImagingToMask(big, mask([1, 1, 1], voxels)).body, big.body);
  const capped = fitImagingToMask(drawn({ body: { enabled: true, center: [0.5, 0.5, 0.5], radii: [0.001, 0.5, 0.5] } }), mask([1, 1, 1], voxels));
  assert.ok(
    capped.body.radii.every((r) => r <= 10),
    `radii ${capped.body.radii}`,
  );
  assert.throws(() => fitImagingToMask(p, mask([1, 1, 1], voxels), 0.9), /margin = 0.9; give a number ≥ 1/);
});
