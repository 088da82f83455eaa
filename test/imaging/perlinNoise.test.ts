import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { perlinNoise, perlinTexture } from "../../src/imaging/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { at, constantVolume, mean, std } from "./helpers.js";

test("perlinNoise(dims, texture, rng) has mean 0 and standard deviation 1 and is reproducible from the seed", () => {
  const t = { scale: 12, octaves: 2, persistence: 0.5 };
  const a = perlinNoise([40, 36, 32], t, createRng(1));
  assert.ok(Math.abs(mean(a)) < 1e-4 && Math.abs(std(a) - 1) < 1e-4, `mean ${mean(a)}, sd ${std(a)}`);
  assert.deepEqual(a, perlinNoise([40, 36, 32], t, createRng(1)));
  assert.notDeepEqual(a, perlinNoise([40, 36, 32], t, createRng(2)));
});

test("perlinNoise(dims, texture, rng, phase) takes one value at every lattice point of its coarsest octave (gradient noise is 0 there) and others between", () => {
  const dims: Vec3 = [33, 33, 33];
  for (const octaves of [1, 2]) {
    const a = perlinNoise(dims, { scale: 8, octaves, persistence: 0.6 }, createRng(5), [0, 0, 0]);
    const idx = (i: number, j: number, k: number) => i + 33 * (j + 33 * k);
    const node = a[0];
    for (let k = 0; k <= 32; k += 8)
      for (let j = 0; j <= 32; j += 8)
        for (let i = 0; i <= 32; i += 8) assert.ok(Math.abs(a[idx(i, j, k)] - node) < 1e-5, `octaves ${octaves} at (${i}, ${j}, ${k})`);
    let spread = 0;
    for (let v = 0; v < a.length; v++) spread = Math.max(spread, Math.abs(a[v] - node));
    assert.ok(spread > 1, `octaves ${octaves}: varies between the lattice points (${spread})`);
  }
});

test("perlinNoise(dims, {scale}, rng) varies at the stated scale: the correlation halves at about scale / 2 and is near 0 at one scale", () => {
  const n = 64;
  const corr = (a: Float32Array, lag: number) => {
    let s = 0,
      c = 0;
    for (let v = 0; v + lag < a.length; v++)
      if ((v % n) + lag < n) {
        s += a[v] * a[v + lag];
        c++;
      }
    return s / c;
  };
  for (const scale of [6, 10]) {
    const a = perlinNoise([n, n, n], { scale, octaves: 1, persistence: 0.5 }, createRng(3));
    let half = 0;
    while (corr(a, half) > 0.5) half++;
    assert.ok(half >= 0.35 * scale && half <= 0.65 * scale, `scale ${scale}: correlation below 1/2 at lag ${half}`);
    assert.ok(Math.abs(corr(a, scale)) < 0.15, `scale ${scale}: correlation ${corr(a, scale)} at one scale`);
  }
});

test("perlinTexture(image, params, rng) adds amplitude × perlinNoise, clips at the floor, and with amplitude 0 changes nothing", () => {
  const dims: Vec3 = [20, 18, 16];
  const p = { amplitude: 0.05, scale: 8, octaves: 2, persistence: 0.5 };
  const img = constantVolume(dims, 0.2);
  const out = perlinTexture(img, { ...p, floor: 0 }, createRng(4));
  const field = perlinNoise(dims, p, createRng(4));
  for (let v = 0; v < field.length; v += 7) assert.equal(out.data[v], Math.fround(Math.max(0, img.data[v] + 0.05 * field[v])));
  assert.equal(img.data[0], Math.fround(0.2), "the input is left alone");
  const dark = perlinTexture(constantVolume(dims, 0.01), { ...p, amplitude: 1, floor: 0 }, createRng(4));
  assert.ok(dark.data.every((x) => x >= 0) && dark.data.some((x) => x === 0));
  assert.deepEqual(perlinTexture(img, { ...p, amplitude: 0, floor: 0 }, createRng(4)).data, img.data);
  assert.equal(at(perlinTexture(img, { ...p, floor: 0 }, createRng(4), img), 0, 0, 0), img.data[0], "in place");
});

test("perlinTexture(image, params, rng) refuses a scale below 3 voxels, a fractional octave count and a negative amplitude, naming the field", () => {
  const img = constantVolume([8, 8, 8], 0);
  const ok = { amplitude: 1, scale: 8, octaves: 2, persistence: 0.5, floor: 0 };
  assert.throws(() => perlinTexture(img, { ...ok, scale: 2 }, createRng(1)), /perlin\.scale = 2/);
  assert.throws(() => perlinTexture(img, { ...ok, octaves: 1.5 }, createRng(1)), /perlin\.octaves = 1\.5/);
  assert.throws(() => perlinTexture(img, { ...ok, amplitude: -1 }, createRng(1)), /perlin\.amplitude = -1/);
  assert.throws(() => perlinNoise([8, 8, 8], ok, createRng(1), [-1, 0, 0]), /phase/);
});
