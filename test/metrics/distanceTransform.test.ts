import { test } from "node:test";
import assert from "node:assert/strict";
import { distanceTransform } from "../../src/metrics/index.js";
import { createVolume, type Vec3 } from "../../src/volume/index.js";

function bruteForce(data: Uint8Array, dims: Vec3, spacing: Vec3): Float64Array {
  const seeds: Vec3[] = [];
  const at = (n: number): Vec3 => [n % dims[0], Math.floor(n / dims[0]) % dims[1], Math.floor(n / (dims[0] * dims[1]))];
  data.forEach((v, n) => v && seeds.push(at(n)));
  return Float64Array.from(data, (_, n) => {
    const p = at(n);
    return Math.min(...seeds.map((s) => Math.hypot((p[0] - s[0]) * spacing[0], (p[1] - s[1]) * spacing[1], (p[2] - s[2]) * spacing[2])));
  });
}

test("distanceTransform(volume) equals brute force on random sparse seeds with anisotropic spacing", () => {
  let seed = 3;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const [dims, spacing, p] of [
    [[9, 7, 5], [0.5, 1, 2.5], 0.03],
    [[6, 11, 8], [1.2, 0.3, 0.7], 0.1],
    [[1, 13, 4], [1, 1, 1], 0.1],
  ] as Array<[Vec3, Vec3, number]>) {
    const v = createVolume(Uint8Array, dims, spacing);
    v.data.forEach((_, n) => (v.data[n] = rand() < p ? 1 : 0));
    v.data[0] = 1;
    const d = distanceTransform(v);
    const expected = bruteForce(v.data, dims, spacing);
    d.forEach((x, n) => assert.ok(Math.abs(x - expected[n]) < 1e-9, `voxel ${n}: ${x} vs ${expected[n]}`));
  }
});

test("distanceTransform(volume) is 0 on the foreground and Infinity everywhere for an empty volume", () => {
  const v = createVolume(Float32Array, [4, 3, 2], [2, 2, 2]);
  v.data[5] = 0.5;
  const d = distanceTransform(v);
  assert.equal(d[5], 0);
  assert.equal(d[4], 2);
  assert.ok(distanceTransform(createVolume(Uint8Array, [3, 3, 3])).every((x) => x === Infinity));
});
