import { test } from "node:test";
import assert from "node:assert/strict";
import { growTree, treeToCSV } from "../../src/geometry/index.js";

test("treeToCSV(tree) gives a node table and an edge table, one row per node and per segment", () => {
  const tree = growTree({ preset: "kidney", seed: 1, params: { terminals: 10 } });
  const { nodes, edges } = treeToCSV(tree);
  const nodeRows = nodes.trimEnd().split("\n");
  const edgeRows = edges.trimEnd().split("\n");
  assert.equal(nodeRows[0], "id,x,y,z,r,parent,branch,label");
  assert.equal(edgeRows[0], "source,target,length,r_source,r_target,branch,label");
  assert.equal(nodeRows.length - 1, tree.nodes.length);
  assert.equal(edgeRows.length - 1, tree.nodes.filter((n) => n.parent >= 0).length);
  const [id, x, , , r, parent] = nodeRows[5].split(",").map(Number);
  assert.deepEqual([id, x, r, parent], [4, tree.nodes[4].p[0], tree.nodes[4].r, tree.nodes[4].parent]);
  const [source, target, length] = edgeRows[1].split(",").map(Number);
  const a = tree.nodes[source].p,
    b = tree.nodes[target].p;
  assert.equal(tree.nodes[target].parent, source);
  assert.ok(Math.abs(length - Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])) < 1e-12);
  assert.ok(nodes.endsWith("\n") && edges.endsWith("\n"));
});
