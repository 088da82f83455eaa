import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { voronoiNoise, voronoiTexture } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { constantVolume, mean, std } from "./helpers.js";

const n = 48;
const dims: Vec3 = [n, n, n];
const idx = (i: number, j: number, k: number) => i + n * (j + n * k);
/** The fraction of neighbouring voxel pairs along x that differ. */
const edges = (a: Float32Array) => {
  let d = 0;
  for (let v = 1; v < a.length; v++) if (v % n && a[v] !== a[v - 1]) d++;
  return d / a.length;
};

test("voronoiNoise(dims, {scale}, rng) is piecewise constant: about one value per (scale)³ voxels, standard normal across cells, reproducible", () => {
  const a = voronoiNoise(dims, { scale: 8 }, createRng(1));
  const cells = new Set(a).size;
  const expected = (n / 8) ** 3;
  assert.ok(cells > 0.7 * expected && cells < 2 * expected, `${cells} distinct values, about ${expected} cells`);
  assert.ok(Math.abs(mean(a)) < 0.25 && Math.abs(std(a) - 1) < 0.3, `mean ${mean(a)}, sd ${std(a)}`);
  assert.deepEqual(a, voronoiNoise(dims, { scale: 8 }, createRng(1)));
  assert.notDeepEqual(a, voronoiNoise(dims, { scale: 8 }, createRng(2)));
});

test("voronoiNoise(dims, {scale}, rng) has cells of the stated size: borders are about half as frequent at twice the scale", () => {
  const e4 = edges(voronoiNoise(dims, { scale: 4 }, createRng(3))),
    e8 = edges(voronoiNoise(dims, { scale: 8 }, createRng(3)));
  assert.ok(e4 / e8 > 1.6 && e4 / e8 < 2.5, `borders ${e4} at scale 4, ${e8} at scale 8`);
  assert.ok(e8 > 0.08 && e8 < 0.3, `${e8} of the neighbours differ at scale 8`);
});

test("voronoiNoise(dims, {scale}, rng) cells are convex (nearest-seed regions): the midpoint of two voxels of one cell is in that cell", () => {
  const a = voronoiNoise(dims, { scale: 7 }, createRng(4));
  const r = createRng(9);
  let checked = 0,
    inside = 0;
  while (checked < 4000) {
    const p = [r.int(0, n - 1), r.int(0, n - 1), r.int(0, n - 1)];
    const q = p.map((x) => x + 2 * r.int(-4, 4));
    if (q.some((x) => x < 0 || x >= n) || a[idx(p[0], p[1], p[2])] !== a[idx(q[0], q[1], q[2])]) continue;
    checked++;
    if (a[idx((p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2)] === a[idx(p[0], p[1], p[2])]) inside++;
  }
  // The nearest seed is searched among the cubes within one in y and z: a very rare miss is allowed.
  assert.ok(inside / checked > 0.995, `${checked - inside} of ${checked} midpoints outside their cell`);
});

test("voronoiTexture(image, params, rng) adds amplitude × voronoiNoise, clips at the floor, and with amplitude 0 changes nothing", () => {
  const img = constantVolume([16, 12, 10], 40);
  const out = voronoiTexture(img, { amplitude: 5, scale: 4, floor: -1024 }, createRng(6));
  const field = voronoiNoise([16, 12, 10], { scale: 4 }, createRng(6));
  for (let v = 0; v < field.length; v++) assert.equal(out.data[v], Math.fround(40 + 5 * field[v]));
  const dark = voronoiTexture(constantVolume([16, 12, 10], 0.1), { amplitude: 1, scale: 4, floor: 0 }, createRng(6));
  assert.ok(dark.data.every((x) => x >= 0) && dark.data.some((x) => x === 0));
  assert.deepEqual(voronoiTexture(img, { amplitude: 0, scale: 4, floor: 0 }, createRng(6)).data, img.data);
});

test("voronoiTexture(image, params, rng) works on a single voxel and refuses a scale below 2 voxels or a NaN amplitude, naming the field", () => {
  assert.equal(voronoiTexture(constantVolume([1, 1, 1], 1), { amplitude: 1, scale: 3, floor: 0 }, createRng(1)).data.length, 1);
  assert.throws(() => voronoiTexture(constantVolume([4, 4, 4], 1), { amplitude: 1, scale: 1, floor: 0 }, createRng(1)), /voronoi\.scale = 1/);
  assert.throws(() => voronoiTexture(constantVolume([4, 4, 4], 1), { amplitude: NaN, scale: 4, floor: 0 }, createRng(1)), /voronoi\.amplitude = NaN/);
});
