import { test } from "node:test";
import assert from "node:assert/strict";
import { createVolume, resampleToGrid, resampleVolume, transformPoint, type Volume } from "../../src/volume/index.js";

const OBLIQUE = [0, -0.5, 0, 12, 0.5, 0, 0, -8, 0, 0, -1.5, 40, 0, 0, 0, 1];

function labels(): Volume<Uint8Array> {
  const v = createVolume(Uint8Array, [6, 5, 4], [0.5, 0.5, 1.5], OBLIQUE);
  v.data.forEach((_, n) => (v.data[n] = (n * 37) % 11));
  return v;
}

test("resampleVolume(volume, spacing) covers the same extent, centred, with the affine's orientation kept", () => {
  const v = labels();
  const r = resampleVolume(v, [0.25, 1, 0.5], { order: 0 });
  assert.deepEqual(r.dims, [12, 3, 12]);
  assert.deepEqual(r.spacing, [0.25, 1, 0.5]);
  assert.ok(r.data instanceof Uint8Array);
  // the world centre of both grids coincides
  const centre = (g: Volume) => transformPoint(g.affine, [(g.dims[0] - 1) / 2, (g.dims[1] - 1) / 2, (g.dims[2] - 1) / 2]);
  centre(r).forEach((x, a) => assert.ok(Math.abs(x - centre(v)[a]) < 1e-9));
  // columns keep their direction and get the new length
  assert.deepEqual([r.affine[4], r.affine[1], r.affine[10]], [0.25, -1, -0.5]);
});

test("resampleToGrid(resampleVolume(v, finer, nearest), v) returns v exactly: grid, affine and labels", () => {
  const v = labels();
  const fine = resampleVolume(v, [0.25, 0.25, 0.5], { order: 0 });
  const back = resampleToGrid(fine, v, { order: 0 });
  assert.deepEqual(back.dims, v.dims);
  assert.deepEqual(back.spacing, v.spacing);
  assert.deepEqual(back.affine, v.affine);
  assert.deepEqual(back.data, v.data);
});

test("resampleVolume(volume, spacing, {order: 1}) of a linear ramp is exact at every sample inside the edge voxels", () => {
  const v = createVolume(Float32Array, [8, 7, 6], [1, 1, 1], OBLIQUE);
  const f = (i: number, j: number, k: number) => 2 * i - 3 * j + 0.5 * k + 1;
  for (let k = 0; k < 6; k++) for (let j = 0; j < 7; j++) for (let i = 0; i < 8; i++) v.data[i + 8 * (j + 7 * k)] = f(i, j, k);
  for (const spacing of [
    [0.5, 0.5, 0.5],
    [0.7, 1.3, 0.4],
  ] as Array<[number, number, number]>) {
    const r = resampleVolume(v, spacing, { order: 1 });
    assert.ok(r.data instanceof Float32Array);
    let checked = 0;
    for (let k = 0; k < r.dims[2]; k++)
      for (let j = 0; j < r.dims[1]; j++)
        for (let i = 0; i < r.dims[0]; i++) {
          // the sample's position in v's index space, through the two affines
          const x = (i + 0.5) * spacing[0] - 0.5 + (8 - r.dims[0] * spacing[0]) / 2;
          const y = (j + 0.5) * spacing[1] - 0.5 + (7 - r.dims[1] * spacing[1]) / 2;
          const z = (k + 0.5) * spacing[2] - 0.5 + (6 - r.dims[2] * spacing[2]) / 2;
          if (x < 0 || y < 0 || z < 0 || x > 7 || y > 6 || z > 5) continue; // clamped at the edges
          assert.ok(Math.abs(r.data[i + r.dims[0] * (j + r.dims[1] * k)] - f(x, y, z)) < 1e-4, `(${i}, ${j}, ${k})`);
          checked++;
        }
    assert.ok(checked > r.data.length / 3);
  }
});

test("resampleToGrid(volume, target, {fill}) fills voxels outside the source and rejects a bad order or spacing", () => {
  const v = createVolume(Uint8Array, [2, 2, 2]);
  v.data.fill(5);
  const shifted = resampleToGrid(v, { dims: [4, 2, 2], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] }, { order: 0, fill: 9 });
  assert.deepEqual(Array.from(shifted.data.subarray(0, 4)), [5, 5, 9, 9]);
  assert.throws(() => resampleToGrid(v, v, { order: 3 as never }), /order = 3/);
  assert.throws(() => resampleVolume(v, [1, 0, 1]), /spacing\[1\] = 0/);
});
