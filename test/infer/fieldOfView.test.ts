import { test } from "node:test";
import assert from "node:assert/strict";
import { dilateBox, fieldOfView } from "../../src/infer/index.js";
import type { Vec3 } from "../../src/volume/index.js";
import { volumeOf } from "./support.js";

/** Dilation by brute force: a voxel is set when any set voxel lies within `r` on every axis. */
function dilateSlowly(mask: Uint8Array, [nx, ny, nz]: Vec3, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        let hit = 0;
        for (let c = Math.max(0, k - r); c <= Math.min(nz - 1, k + r) && !hit; c++)
          for (let b = Math.max(0, j - r); b <= Math.min(ny - 1, j + r) && !hit; b++)
            for (let a = Math.max(0, i - r); a <= Math.min(nx - 1, i + r) && !hit; a++) hit = mask[a + nx * (b + ny * c)];
        out[i + nx * (j + ny * k)] = hit;
      }
  return out;
}

test("dilateBox grows one voxel into a cube of side 2r + 1, clipped at the volume's faces", () => {
  const dims: Vec3 = [9, 8, 7];
  const centre = new Uint8Array(9 * 8 * 7);
  centre[4 + 9 * (4 + 8 * 3)] = 1;
  const grown = dilateBox(centre, dims, 1);
  assert.equal(
    grown.reduce((a, b) => a + b, 0),
    27,
  );
  for (let k = 2; k <= 4; k++) for (let j = 3; j <= 5; j++) for (let i = 3; i <= 5; i++) assert.equal(grown[i + 9 * (j + 8 * k)], 1);
  const corner = new Uint8Array(9 * 8 * 7);
  corner[0] = 1;
  assert.equal(
    dilateBox(corner, dims, 2).reduce((a, b) => a + b, 0),
    27,
  ); // 3 × 3 × 3 inside the volume
  assert.deepEqual(dilateBox(corner, dims, 0), corner);
  assert.throws(() => dilateBox(corner, dims, 1.5), /radius = 1.5/);
  assert.throws(() => dilateBox(corner, dims, -1), /radius = -1/);
});

test("dilateBox equals brute-force dilation on a random sparse mask, for radii 1 to 3", () => {
  const dims: Vec3 = [13, 11, 9];
  const mask = new Uint8Array(13 * 11 * 9);
  let seed = 7;
  for (let n = 0; n < mask.length; n++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    mask[n] = seed / 2 ** 31 < 0.02 ? 1 : 0;
  }
  for (const r of [1, 2, 3]) assert.deepEqual(dilateBox(mask, dims, r), dilateSlowly(mask, dims, r), `radius ${r}`);
});

test("fieldOfView of a zero-filled scan is its signal grown by the margin; a scan with noise in its background has none", () => {
  const blob = (i: number, j: number, k: number) => (i >= 8 && i < 12 && j >= 8 && j < 12 && k >= 8 && k < 12 ? 5 + i : 0);
  const v = volumeOf([20, 20, 20], blob);
  const fov = fieldOfView(v)!;
  assert.ok(fov, "a scan that is 99 % zeros has a masked background");
  assert.equal(fov.background, 0);
  assert.equal(
    fov.mask.reduce((a, b) => a + b, 0),
    8 ** 3,
  ); // the 4³ block and 2 voxels around it
  assert.equal(fov.mask[6 + 20 * (6 + 20 * 6)], 1);
  assert.equal(fov.mask[5 + 20 * (6 + 20 * 6)], 0);
  assert.ok(Math.abs(fov.outside - (1 - 512 / 8000)) < 1e-12);
  assert.equal(
    fieldOfView(v, { margin: 0 })!.mask.reduce((a, b) => a + b, 0),
    64,
  );

  const noisy = volumeOf([20, 20, 20], (i, j, k) => Math.sin(i * 12.9898 + j * 78.233 + k * 37.719) * 43758.5453 - 9);
  assert.equal(fieldOfView(noisy), null);
  // 10 % of voxels at the minimum: not masked by default, masked when a tenth is enough
  const tenth = volumeOf([20, 20, 20], (i, j, k) => (k < 2 ? -3 : i + j + k));
  assert.equal(fieldOfView(tenth), null);
  assert.equal(fieldOfView(tenth, { minFraction: 0.1 })!.background, -3);
  assert.throws(() => fieldOfView(v, { margin: -1 }), /margin/);
  assert.throws(() => fieldOfView(v, { minFraction: 0 }), /minFraction/);
});
