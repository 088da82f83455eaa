import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { fieldOfViewTiles, tileStarts } from "../../src/infer/index.js";
import type { Vec3 } from "../../src/volume/index.js";

const allTiles = (dims: Vec3, tile: Vec3, overlap: number) => {
  const s = [0, 1, 2].map((a) => tileStarts(dims[a], tile[a], overlap));
  return s[2].flatMap((z) => s[1].flatMap((y) => s[0].map((x) => [x, y, z] as Vec3)));
};

test("a dense field of view runs every tile; an empty one none; one voxel one tile, which holds it in its core", () => {
  const dims: Vec3 = [100, 80, 40],
    tile: Vec3 = [32, 32, 32];
  assert.equal(fieldOfViewTiles(new Uint8Array(100 * 80 * 40).fill(1), dims, tile, 0.5).size, allTiles(dims, tile, 0.5).length);
  assert.equal(fieldOfViewTiles(new Uint8Array(100 * 80 * 40), dims, tile, 0.5).size, 0);
  const one = new Uint8Array(100 * 80 * 40);
  one[50 + 100 * (40 + 80 * 20)] = 1;
  const kept = [...fieldOfViewTiles(one, dims, tile, 0.5)].map((k) => k.split(",").map(Number));
  assert.equal(kept.length, 1);
  // at least overlap · tile / 2 = 8 voxels from the kept tile's edges
  [50, 40, 20].forEach((c, a) => assert.ok(c >= kept[0][a] + 8 && c < kept[0][a] + 32 - 8, `axis ${a}: ${c} in tile from ${kept[0][a]}`));
});

test("every field-of-view voxel lies in a kept tile, at least overlap·tile/2 from its edges unless at the volume's edge, and no tile without one is kept (random sparse fields)", () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.integer({ min: 8, max: 60 }), fc.integer({ min: 8, max: 60 }), fc.integer({ min: 4, max: 30 })),
      fc.constantFrom(8, 16),
      fc.constantFrom(0, 0.25, 0.5),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.double({ min: 0.0005, max: 0.05, noNaN: true }),
      (dims, t, overlap, seed, density) => {
        const tile = dims.map((n) => Math.min(t, n)) as Vec3;
        const inside = new Uint8Array(dims[0] * dims[1] * dims[2]);
        let s = seed;
        for (let i = 0; i < inside.length; i++) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          inside[i] = s / 2 ** 32 < density ? 1 : 0;
        }
        const keys = fieldOfViewTiles(inside, dims as Vec3, tile, overlap);
        const kept = [...keys].map((k) => k.split(",").map(Number));
        const starts = [0, 1, 2].map((a) => tileStarts(dims[a], tile[a], overlap));
        const margin = tile.map((x) => Math.floor((x * overlap) / 2));
        const inCore = (c: number, a: number, s0: number) => {
          const first = s0 === starts[a][0],
            last = s0 === starts[a][starts[a].length - 1];
          return c >= (first ? 0 : s0 + margin[a]) && c < (last ? dims[a] : s0 + tile[a] - margin[a]);
        };
        for (let z = 0; z < dims[2]; z++)
          for (let y = 0; y < dims[1]; y++)
            for (let x = 0; x < dims[0]; x++) {
              if (!inside[x + dims[0] * (y + dims[1] * z)]) continue;
              const p = [x, y, z];
              const seen = kept.some((k) => p.every((c, a) => c >= k[a] && c < k[a] + tile[a]));
              if (!seen) return false;
              // the core rule holds wherever the cores cover the axis (they do unless a rounded step exceeds them)
              const coreSomewhere = allTiles(dims as Vec3, tile, overlap).some((k) => p.every((c, a) => inCore(c, a, k[a])));
              if (coreSomewhere && !kept.some((k) => p.every((c, a) => inCore(c, a, k[a])))) return false;
            }
        return kept.every((k) => {
          for (let z = k[2]; z < k[2] + tile[2]; z++)
            for (let y = k[1]; y < k[1] + tile[1]; y++) for (let x = k[0]; x < k[0] + tile[0]; x++) if (inside[x + dims[0] * (y + dims[1] * z)]) return true;
          return false;
        });
      },
    ),
    { seed: 7, numRuns: 120 },
  );
});
