/**
 * The tree as node and edge tables for graph tools (networkx, Gephi, R): one header line,
 * one row per node / per segment, numbers at full precision, "\n" line ends.
 */
import type { VesselTree } from "./tree.js";
import { distance } from "./vec3.js";

export function treeToCSV(tree: VesselTree): { nodes: string; edges: string } {
  const nodes = ["id,x,y,z,r,parent,branch,label"];
  const edges = ["source,target,length,r_source,r_target,branch,label"];
  tree.nodes.forEach((n, i) => {
    nodes.push(`${i},${n.p[0]},${n.p[1]},${n.p[2]},${n.r},${n.parent},${n.branch},${n.label}`);
    if (n.parent < 0) return;
    const a = tree.nodes[n.parent];
    const length = distance(a.p, n.p);
    edges.push(`${n.parent},${i},${length},${a.r},${n.r},${n.branch},${n.label}`);
  });
  return { nodes: nodes.join("\n") + "\n", edges: edges.join("\n") + "\n" };
}
