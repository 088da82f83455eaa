/**
 * The tree as versioned JSON (schema/tree.schema.json). treeToJSON writes the fields in a fixed
 * order with full precision, so equal trees give equal text and a round trip is exact;
 * parseTree checks everything it reads and throws an Error that names the first thing wrong.
 */
import type { Vec3 } from "../volume/index.js";
import { LABEL_CLASS, TREE_FORMAT, TREE_VERSION, type Blob, type Branch, type LabelClass, type Pathology, type TreeNode, type VesselTree } from "./tree.js";

export function treeToJSON(tree: VesselTree): string {
  const canonical = {
    format: tree.format,
    version: tree.version,
    unit: tree.unit,
    generator: { preset: tree.generator.preset, seed: tree.generator.seed, params: tree.generator.params },
    bounds: { min: tree.bounds.min, max: tree.bounds.max },
    nodes: tree.nodes.map((n) => ({ p: n.p, r: n.r, parent: n.parent, branch: n.branch, label: n.label })),
    branches: tree.branches.map((b) => ({ nodes: b.nodes, parent: b.parent, generation: b.generation, root: b.root })),
    blobs: tree.blobs.map((b) => ({ c: b.c, r: b.r, label: b.label, node: b.node })),
    pathologies: tree.pathologies.map((p) => ({
      kind: p.kind,
      branch: p.branch,
      nodes: p.nodes,
      severity: p.severity,
      length: p.length,
      ...(p.shape ? { shape: p.shape } : {}),
    })),
  };
  return JSON.stringify(canonical);
}

const KINDS = ["stenosis", "aneurysm", "occlusion", "tortuosity"];
const LABELS: number[] = Object.values(LABEL_CLASS);

/** Reads a tree from JSON text, checking format, version and structure. */
export function parseTree(text: string): VesselTree {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`parseTree: not JSON (${(error as Error).message})`);
  }
  const t = obj(raw, "tree");
  if (t.format !== TREE_FORMAT) throw new Error(`parseTree: format = ${JSON.stringify(t.format)}; expected "${TREE_FORMAT}"`);
  if (t.version !== TREE_VERSION) throw new Error(`parseTree: version = ${JSON.stringify(t.version)}; this reader knows version ${TREE_VERSION}`);
  if (t.unit !== "mm" && t.unit !== "um") throw new Error(`parseTree: unit = ${JSON.stringify(t.unit)}; expected "mm" or "um"`);
  const g = obj(t.generator, "generator");
  if (typeof g.preset !== "string") throw new Error(`parseTree: generator.preset = ${JSON.stringify(g.preset)}; expected a string`);
  const seed = num(g.seed, "generator.seed");
  const params = obj(g.params, "generator.params");
  const b = obj(t.bounds, "bounds");
  const bounds = { min: vec(b.min, "bounds.min"), max: vec(b.max, "bounds.max") };

  const nodeList = arr(t.nodes, "nodes");
  const branchList = arr(t.branches, "branches");
  const nodes: TreeNode[] = nodeList.map((x, i) => {
    const n = obj(x, `nodes[${i}]`);
    const parent = int(n.parent, `nodes[${i}].parent`, -1, i - 1, "a parent must come before its child");
    return {
      p: vec(n.p, `nodes[${i}].p`),
      r: nonNegative(n.r, `nodes[${i}].r`),
      parent,
      branch: int(n.branch, `nodes[${i}].branch`, 0, branchList.length - 1, "an index into branches"),
      label: label(n.label, `nodes[${i}].label`),
    };
  });
  const nodeIndex = (x: unknown, where: string) => int(x, where, 0, nodes.length - 1, "an index into nodes");
  const branches: Branch[] = branchList.map((x, i) => {
    const br = obj(x, `branches[${i}]`);
    return {
      nodes: arr(br.nodes, `branches[${i}].nodes`).map((k, j) => nodeIndex(k, `branches[${i}].nodes[${j}]`)),
      parent: int(br.parent, `branches[${i}].parent`, -1, branchList.length - 1, "-1 or an index into branches"),
      generation: int(br.generation, `branches[${i}].generation`, 0, Number.MAX_SAFE_INTEGER, "a non-negative integer"),
      root: int(br.root, `branches[${i}].root`, 0, Number.MAX_SAFE_INTEGER, "a non-negative integer"),
    };
  });
  const blobs: Blob[] = arr(t.blobs, "blobs").map((x, i) => {
    const bl = obj(x, `blobs[${i}]`);
    return {
      c: vec(bl.c, `blobs[${i}].c`),
      r: nonNegative(bl.r, `blobs[${i}].r`),
      label: label(bl.label, `blobs[${i}].label`),
      node: nodeIndex(bl.node, `blobs[${i}].node`),
    };
  });
  const pathologies: Pathology[] = arr(t.pathologies, "pathologies").map((x, i) => {
    const p = obj(x, `pathologies[${i}]`);
    const where = `pathologies[${i}]`;
    if (!KINDS.includes(p.kind as string)) throw new Error(`parseTree: ${where}.kind = ${JSON.stringify(p.kind)}; expected one of ${KINDS.join(", ")}`);
    if (p.shape !== undefined && p.shape !== "saccular" && p.shape !== "fusiform")
      throw new Error(`parseTree: ${where}.shape = ${JSON.stringify(p.shape)}; expected "saccular" or "fusiform"`);
    return {
      kind: p.kind as Pathology["kind"],
      branch: int(p.branch, `${where}.branch`, 0, branches.length - 1, "an index into branches"),
      nodes: arr(p.nodes, `${where}.nodes`).map((k, j) => nodeIndex(k, `${where}.nodes[${j}]`)),
      severity: num(p.severity, `${where}.severity`),
      length: nonNegative(p.length, `${where}.length`),
      ...(p.shape ? { shape: p.shape as "saccular" | "fusiform" } : {}),
    };
  });
  return {
    format: TREE_FORMAT,
    version: TREE_VERSION,
    unit: t.unit,
    generator: { preset: g.preset, seed, params },
    bounds,
    nodes,
    branches,
    blobs,
    pathologies,
  };
}

function obj(x: unknown, where: string): Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) throw new Error(`parseTree: ${where} is ${describe(x)}; expected an object`);
  return x as Record<string, unknown>;
}

function arr(x: unknown, where: string): unknown[] {
  if (!Array.isArray(x)) throw new Error(`parseTree: ${where} is ${describe(x)}; expected an array`);
  return x;
}

function num(x: unknown, where: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`parseTree: ${where} = ${JSON.stringify(x)}; expected a finite number`);
  return x;
}

function nonNegative(x: unknown, where: string): number {
  const v = num(x, where);
  if (v < 0) throw new Error(`parseTree: ${where} = ${v}; expected a number ≥ 0`);
  return v;
}

function int(x: unknown, where: string, lo: number, hi: number, what: string): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < lo || x > hi)
    throw new Error(`parseTree: ${where} = ${JSON.stringify(x)}; expected an integer in [${lo}, ${hi}] (${what})`);
  return x;
}

function vec(x: unknown, where: string): Vec3 {
  if (!Array.isArray(x) || x.length !== 3) throw new Error(`parseTree: ${where} is ${describe(x)}; expected [x, y, z]`);
  return [num(x[0], `${where}[0]`), num(x[1], `${where}[1]`), num(x[2], `${where}[2]`)];
}

function label(x: unknown, where: string): LabelClass {
  if (!LABELS.includes(x as number)) throw new Error(`parseTree: ${where} = ${JSON.stringify(x)}; expected a LABEL_CLASS value (${LABELS.join(", ")})`);
  return x as LabelClass;
}

function describe(x: unknown): string {
  if (x === undefined) return "missing";
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return `a ${typeof x}`;
}
