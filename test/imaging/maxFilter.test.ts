import { test } from "node:test";
import assert from "node:assert/strict";
import { maxFilter } from "../../src/imaging/index.js";
import { createRng } from "../../src/random/index.js";
import type { Vec3 } from "../../src/volume/index.js";

/** The box maximum written out: every voxel of the window, cut at the border. */
function bruteMax(src: Float32Array, dims: Vec3, r: Vec3): Float32Array {
  const [nx, ny, nz] = dims;
  const out = new Float32Array(src.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        let m = -Infinity;
        for (let c = Math.max(0, k - r[2]); c <= Math.min(nz - 1, k + r[2]); c++)
          for (let b = Math.max(0, j - r[1]); b <= Math.min(ny - 1, j + r[1]); b++)
            for (let a = Math.max(0, i - r[0]); a <= Math.min(nx - 1, i + r[0]); a++) m = Math.max(m, src[a + nx * (b + ny * c)]);
        out[i + nx * (j + ny * k)] = m;
      }
  return out;
}

test("maxFilter(src, dims, radius) equals the box maximum written out, for anisotropic radii, radii past the border and 0", () => {
  const rng = createRng(3);
  const dims: Vec3 = [7, 5, 6];
  const src = Float32Array.from({ length: 7 * 5 * 6 }, () => rng.uniform(-1, 1));
  for (const r of [
    [1, 1, 1],
    [2, 0, 3],
    [0, 0, 0],
    [9, 1, 0],
  ] as Vec3[])
    assert.deepEqual(maxFilter(src, dims, r), bruteMax(src, dims, r), `radius ${r}`);
  assert.notEqual(maxFilter(src, dims, [0, 0, 0]), src, "a new array, the input left alone");
});

test("maxFilter(src, dims, radius) spreads a single peak over a (2r + 1) box; a bad radius or length throws naming it", () => {
  const src = new Float32Array(9 * 9 * 9);
  src[4 + 9 * (4 + 9 * 4)] = 2;
  let n = 0;
  for (const x of maxFilter(src, [9, 9, 9], [1, 2, 3])) if (x === 2) n++;
  assert.equal(n, 3 * 5 * 7);
  assert.throws(() => maxFilter(src, [9, 9, 9], [1, -1, 0]), /radius\[1\] = -1; give a non-negative integer/);
  assert.throws(() => maxFilter(src, [9, 9, 9], [1.5, 1, 0]), /radius\[0\] = 1\.5/);
  assert.throws(() => maxFilter(src, [9, 9, 8], [1, 1, 1]), /src\.length = 729 but dims 9×9×8 hold 648/);
});
