import { test } from "node:test";
import assert from "node:assert/strict";
import { centrelineRadii } from "../../src/metrics/index.js";
import { createVolume } from "../../src/volume/index.js";

function tube(r: number, spacing: [number, number, number]) {
  const dims: [number, number, number] = [30, 40, 40];
  const v = createVolume(Uint8Array, dims, spacing);
  for (let z = 0; z < dims[2]; z++)
    for (let y = 0; y < dims[1]; y++)
      for (let x = 0; x < dims[0]; x++) {
        v.data[x + dims[0] * (y + dims[1] * z)] = Math.hypot((y - 20) * spacing[1], (z - 20) * spacing[2]) <= r ? 1 : 0;
      }
  return v;
}

test("centrelineRadii(tube) reads the tube's radius along its skeleton, in mm and in voxels of the finest side", () => {
  for (const r of [2, 4.5, 8]) {
    const radii = centrelineRadii(tube(r, [1, 1, 1]));
    assert.ok(radii.length >= 20, `${radii.length} skeleton voxels`);
    const sorted = [...radii].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    // the skeleton lies within half a voxel of the axis, and the nearest background voxel is just beyond r
    assert.ok(median >= r - 0.6 && median <= r + 1.1, `r = ${r}: median ${median}`);
  }
  // 0.5 × 0.5 × 1 mm voxels, a 3 mm tube along x: 3 mm, 6 voxels of the finest side
  const mm = centrelineRadii(tube(3, [0.5, 0.5, 1]));
  const vox = centrelineRadii(tube(3, [0.5, 0.5, 1]), { inVoxels: true });
  const median = (a: Float64Array) => [...a].sort((p, q) => p - q)[a.length >> 1];
  assert.ok(Math.abs(median(mm) - 3) <= 0.6, `mm ${median(mm)}`);
  assert.ok(Math.abs(median(vox) - 2 * median(mm)) < 1e-9);
  assert.equal(centrelineRadii(createVolume(Uint8Array, [5, 5, 5])).length, 0);
});
