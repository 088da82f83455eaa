import { test } from "node:test";
import assert from "node:assert/strict";
import { tubeGeometry, exportTreeMesh, niceLength, lengthLabel } from "../../src/rendering/index.js";
import { polylineTree } from "../support/trees.js";

test("tubeGeometry(tree) rings every node of a branch at its radius", () => {
  const tree = polylineTree(
    [
      [0, 0, 0],
      [10, 0, 0],
      [20, 5, 0],
    ],
    2,
  );
  const g = tubeGeometry(tree, { radial: 8 });
  const pos = g.getAttribute("position");
  assert.equal(pos.count, 3 * 8);
  assert.equal(g.index!.count, 2 * 8 * 6);
  // Every vertex of the middle ring lies 2 mm from its node.
  for (let k = 8; k < 16; k++) assert.ok(Math.abs(Math.hypot(pos.getX(k) - 10, pos.getY(k), pos.getZ(k)) - 2) < 1e-5);
});

test("exportTreeMesh(tree, 'stl') is a binary STL: 84 bytes + 50 per triangle", async () => {
  const tree = polylineTree(
    [
      [0, 0, 0],
      [10, 0, 0],
      [20, 5, 0],
    ],
    2,
  );
  const bytes = await exportTreeMesh(tree, "stl");
  const triangles = new DataView(bytes.buffer, bytes.byteOffset).getUint32(80, true);
  assert.equal(triangles, 2 * 12 * 2);
  assert.equal(bytes.byteLength, 84 + 50 * triangles);
});

test("exportTreeMesh(tree, 'obj') lists vertices and faces", async () => {
  const text = new TextDecoder().decode(
    await exportTreeMesh(
      polylineTree(
        [
          [0, 0, 0],
          [5, 0, 0],
        ],
        1,
      ),
      "obj",
    ),
  );
  assert.equal(text.split("\n").filter((l) => l.startsWith("v ")).length, 24);
  assert.equal(text.split("\n").filter((l) => l.startsWith("f ")).length, 24);
});

test("niceLength(max) is the largest 1, 2 or 5 × 10ⁿ not above max; lengthLabel names the unit", () => {
  assert.equal(niceLength(7.3), 5);
  assert.equal(niceLength(230), 200);
  assert.equal(niceLength(0.15), 0.1);
  assert.equal(niceLength(0), 0);
  assert.equal(lengthLabel(20, "mm"), "20 mm");
  assert.equal(lengthLabel(500, "um"), "500 µm");
});
