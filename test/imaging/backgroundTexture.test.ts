import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/random/index.js";
import { backgroundTexture } from "../../src/imaging/index.js";
import { createVolume } from "../../src/volume/index.js";
import { at, mean, std } from "./helpers.js";

const flat = {
  level: 0.2,
  floor: 0,
  texture: { amplitude: 0, scale: 16, octaves: 2, persistence: 0.5 },
  blobs: [],
  cells: { density: 0, radius: 1, amplitude: 0 },
};

test("backgroundTexture(grid, params, rng) without texture, blobs or cells is the level, on the grid's dims, spacing and affine", () => {
  const grid = createVolume(Uint8Array, [10, 12, 14], [0.5, 0.5, 0.8]);
  const out = backgroundTexture(grid, flat, createRng(1));
  assert.deepEqual(out.dims, grid.dims);
  assert.deepEqual(out.spacing, grid.spacing);
  assert.deepEqual(out.affine, grid.affine);
  assert.ok(out.data.every((x) => Math.abs(x - 0.2) < 1e-7));
});

test("backgroundTexture(grid, params, rng) texture has mean ≈ level and standard deviation ≈ amplitude", () => {
  const grid = createVolume(Uint8Array, [40, 40, 40]);
  const out = backgroundTexture(grid, { ...flat, level: 40, floor: -1024, texture: { amplitude: 8, scale: 12, octaves: 3, persistence: 0.5 } }, createRng(2));
  assert.ok(Math.abs(mean(out.data) - 40) < 0.01);
  assert.ok(Math.abs(std(out.data) - 8) < 0.01);
});

test("backgroundTexture(grid, params, rng) adds a blob at its centre fading to nothing at its radius, and cells add variance", () => {
  const grid = createVolume(Uint8Array, [32, 32, 32]);
  const out = backgroundTexture(grid, { ...flat, blobs: [{ center: [0.5, 0.5, 0.5], radius: 8, amplitude: -0.1 }] }, createRng(3));
  assert.ok(Math.abs(at(out, 16, 16, 16) - 0.1) < 0.01, `centre ${at(out, 16, 16, 16)}`);
  assert.ok(Math.abs(at(out, 16, 16, 25) - 0.2) < 1e-6);
  const cells = backgroundTexture(grid, { ...flat, cells: { density: 0.002, radius: 2, amplitude: 0.3 } }, createRng(3));
  assert.ok(std(cells.data) > 0.02);
});

test("backgroundTexture(grid, params, rng) never goes below the floor, however dark the blobs", () => {
  const grid = createVolume(Uint8Array, [16, 16, 16]);
  const out = backgroundTexture(
    grid,
    { ...flat, texture: { amplitude: 0.3, scale: 8, octaves: 2, persistence: 0.5 }, blobs: [{ center: [0.5, 0.5, 0.5], radius: 6, amplitude: -5 }] },
    createRng(4),
  );
  assert.ok(out.data.every((x) => x >= 0));
  assert.equal(at(out, 8, 8, 8), 0);
});

test("backgroundTexture(grid, params, rng) refuses a negative texture amplitude", () => {
  assert.throws(
    () => backgroundTexture(createVolume(Uint8Array, [2, 2, 2]), { ...flat, texture: { ...flat.texture, amplitude: -1 } }, createRng(1)),
    /texture\.amplitude = -1/,
  );
});
