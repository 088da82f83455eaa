import { test } from "node:test";
import assert from "node:assert/strict";
import {
  binPrimitives,
  brickCounts,
  BRICK,
  localPrimitives,
  gridFromBox,
  voxeliseCpu,
  coverage,
  smoothingWidth,
  supportRadius,
} from "../../src/voxel/index.js";
import { PRIMITIVE_STRIDE } from "../../src/geometry/tree.js";
import { multiTree, circle } from "../support/trees.js";

test("binPrimitives(prims, count, grid) puts every primitive in every brick where it covers a voxel", () => {
  const tree = multiTree([
    { points: circle([10, 10, 6], 7, 24), radius: 1.3 },
    {
      points: [
        [1, 1, 1],
        [18.5, 2, 11],
      ],
      radius: 0.2,
    },
    {
      points: [
        [3, 17, 2],
        [3.2, 17.1, 2],
      ],
      radius: 2.5,
    },
  ]);
  const grid = gridFromBox({ min: [0, 0, 0], max: [20, 19, 13] }, [0.9, 1, 1.2]);
  const { count, data } = localPrimitives(tree, grid);
  const bricks = binPrimitives(data, count, grid);
  const [bx, by] = brickCounts(grid);
  const h = smoothingWidth(grid);
  const [nx, ny, nz] = grid.dims;
  let checked = 0;
  for (let k = 0; k < count; k++) {
    const o = k * PRIMITIVE_STRIDE;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const p = [x * grid.spacing[0], y * grid.spacing[1], z * grid.spacing[2]];
          const a = [data[o], data[o + 1], data[o + 2]],
            d = [data[o + 4] - a[0], data[o + 5] - a[1], data[o + 6] - a[2]];
          const len2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2;
          const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1] + (p[2] - a[2]) * d[2]) / len2)) : 0;
          const rho = Math.hypot(p[0] - a[0] - t * d[0], p[1] - a[1] - t * d[1], p[2] - a[2] - t * d[2]);
          if (rho >= supportRadius(Math.max(data[o + 3], data[o + 7]), h) || coverage(rho, data[o + 3], h) <= 0) continue;
          const b = Math.floor(x / BRICK) + bx * (Math.floor(y / BRICK) + by * Math.floor(z / BRICK));
          const list = bricks.items.subarray(bricks.start[b], bricks.start[b + 1]);
          assert.ok(list.includes(k), `primitive ${k} covers voxel ${x},${y},${z} but is not in brick ${b}`);
          checked++;
        }
  }
  assert.ok(checked > 500);
  // Lists are in primitive order, as the shader's tie-breaking expects.
  for (let b = 0; b + 1 < bricks.start.length; b++) {
    const list = bricks.items.subarray(bricks.start[b], bricks.start[b + 1]);
    for (let i = 1; i < list.length; i++) assert.ok(list[i] > list[i - 1]);
  }
  assert.ok(voxeliseCpu(tree, grid).fraction.data.some((f) => f > 0));
});

test("binPrimitives of no primitives gives empty bricks", () => {
  const grid = gridFromBox({ min: [0, 0, 0], max: [9, 9, 9] }, 1);
  const b = binPrimitives(new Float32Array(0), 0, grid);
  assert.equal(b.items.length, 0);
  assert.equal(b.start.length, 3 * 3 * 3 + 1);
});
