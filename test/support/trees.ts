// Small hand-made trees with known geometry, for tests of everything downstream of growth.
import { TREE_FORMAT, TREE_VERSION, LABEL_CLASS, type VesselTree, type LabelClass } from "../../src/geometry/tree.js";
import type { Vec3 } from "../../src/volume/index.js";

/** One vessel along `points` (a polyline), radius `radius` (number or per point). */
export function polylineTree(points: Vec3[], radius: number | number[], label: LabelClass = LABEL_CLASS.vessel): VesselTree {
  const radii = typeof radius === "number" ? points.map(() => radius) : radius;
  const nodes = points.map((p, i) => ({ p, r: radii[i], parent: i - 1, branch: 0, label }));
  return finish(nodes, [{ nodes: nodes.map((_, i) => i), parent: -1, generation: 0, root: 0 }]);
}

/** Several separate vessels. */
export function multiTree(lines: Array<{ points: Vec3[]; radius: number; label?: LabelClass }>): VesselTree {
  const nodes: VesselTree["nodes"] = [];
  const branches: VesselTree["branches"] = [];
  lines.forEach((line, b) => {
    const start = nodes.length;
    line.points.forEach((p, i) => nodes.push({ p, r: line.radius, parent: i === 0 ? -1 : start + i - 1, branch: b, label: line.label ?? LABEL_CLASS.vessel }));
    branches.push({ nodes: line.points.map((_, i) => start + i), parent: -1, generation: 0, root: b });
  });
  return finish(nodes, branches);
}

export function emptyTree(): VesselTree {
  return { ...finish([], []), bounds: { min: [0, 0, 0], max: [1, 1, 1] } };
}

export function circle(center: Vec3, R: number, n: number): Vec3[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [center[0] + R * Math.cos(a), center[1] + R * Math.sin(a), center[2]] as Vec3;
  });
}

function finish(nodes: VesselTree["nodes"], branches: VesselTree["branches"]): VesselTree {
  const min: Vec3 = [Infinity, Infinity, Infinity],
    max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const n of nodes)
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a], n.p[a] - n.r);
      max[a] = Math.max(max[a], n.p[a] + n.r);
    }
  return {
    format: TREE_FORMAT,
    version: TREE_VERSION,
    unit: "mm",
    generator: { preset: "test", seed: 0, params: {} },
    bounds: { min, max },
    nodes,
    branches,
    blobs: [],
    pathologies: [],
  };
}
