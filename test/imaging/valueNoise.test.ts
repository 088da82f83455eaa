import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { valueNoise } from "../../src/imaging/index.js";
import { mean, std } from "./helpers.js";

test("valueNoise(dims, texture, rng) has mean 0 and standard deviation 1 and is reproducible from the seed", () => {
  const t = { scale: 16, octaves: 3, persistence: 0.5 };
  const a = valueNoise([40, 36, 32], t, createRng(1));
  assert.ok(Math.abs(mean(a)) < 1e-4 && Math.abs(std(a) - 1) < 1e-4);
  assert.deepEqual(a, valueNoise([40, 36, 32], t, createRng(1)));
  assert.notDeepEqual(a, valueNoise([40, 36, 32], t, createRng(2)));
});

test("valueNoise(dims, texture, rng) is smooth at its scale: neighbours correlate strongly, far voxels do not", () => {
  const dims: [number, number, number] = [64, 64, 64];
  const a = valueNoise(dims, { scale: 6, octaves: 1, persistence: 0.5 }, createRng(3));
  const corr = (shift: number) => {
    let s = 0,
      n = 0;
    for (let v = 0; v + shift < a.length; v++)
      if ((v % 64) + shift < 64) {
        s += a[v] * a[v + shift];
        n++;
      }
    return s / n;
  };
  assert.ok(corr(1) > 0.9, `lag 1: ${corr(1)}`);
  assert.ok(Math.abs(corr(30)) < 0.15, `lag 30: ${corr(30)}`);
});

test("valueNoise(dims, texture, rng) with more octaves has more fine detail (larger neighbour differences)", () => {
  const dims: [number, number, number] = [48, 48, 48];
  const diff = (a: Float32Array) => {
    let s = 0;
    for (let v = 1; v < a.length; v++) s += (a[v] - a[v - 1]) ** 2;
    return s / a.length;
  };
  const one = valueNoise(dims, { scale: 24, octaves: 1, persistence: 0.7 }, createRng(4));
  const four = valueNoise(dims, { scale: 24, octaves: 4, persistence: 0.7 }, createRng(4));
  assert.ok(diff(four) > 2 * diff(one), `${diff(four)} vs ${diff(one)}`);
});

test("valueNoise(dims, texture, rng) on a single voxel is 0, and refuses a scale below the finest lattice", () => {
  assert.deepEqual(Array.from(valueNoise([1, 1, 1], { scale: 8, octaves: 2, persistence: 0.5 }, createRng(1))), [0]);
  assert.throws(() => valueNoise([4, 4, 4], { scale: 1, octaves: 1, persistence: 0.5 }, createRng(1)), /texture\.scale = 1/);
  assert.throws(() => valueNoise([4, 4, 4], { scale: 8, octaves: 1.5, persistence: 0.5 }, createRng(1)), /octaves/);
});
