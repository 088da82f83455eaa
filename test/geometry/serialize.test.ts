import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { growTree, parseTree, treeToJSON, TREE_FORMAT } from "../../src/geometry/index.js";

const tree = growTree({ preset: "brain", seed: 11, params: { terminals: 40, aneurysmProbability: 0.3, stenosisProbability: 0.3 } });
const json = treeToJSON(tree);

test("treeToJSON(tree) / parseTree(text) round-trip exactly, pathologies and sacs included", () => {
  assert.ok(tree.pathologies.length > 0 && tree.blobs.length > 0, "the sample has pathologies and sacs");
  const back = parseTree(json);
  assert.deepEqual(back, JSON.parse(json));
  assert.equal(treeToJSON(back), json);
  assert.deepEqual(back.nodes, tree.nodes);
});

test("treeToJSON(tree) writes the format, version and unit first", () => {
  assert.match(json, /^\{"format":"vessel-lab\/tree","version":1,"unit":"mm","generator":\{"preset":"brain","seed":11,"params":\{/);
});

const broken = (edit: (t: Record<string, any>) => void): string => {
  const t = JSON.parse(json);
  edit(t);
  return JSON.stringify(t);
};
const fails = (text: string, pattern: RegExp) =>
  assert.throws(
    () => parseTree(text),
    (e: unknown) => e instanceof Error && pattern.test(e.message),
    String(pattern),
  );

test("parseTree(text) names what is wrong: not JSON, format, version, unit, missing fields", () => {
  fails("{", /^parseTree: not JSON/);
  fails("[]", /^parseTree: tree is an array; expected an object/);
  fails(
    broken((t) => (t.format = "other")),
    /format = "other"; expected "vessel-lab\/tree"/,
  );
  fails(
    broken((t) => (t.version = 2)),
    /version = 2; this reader knows version 1/,
  );
  fails(
    broken((t) => (t.unit = "cm")),
    /unit = "cm"/,
  );
  fails(
    broken((t) => delete t.nodes),
    /nodes is missing; expected an array/,
  );
  fails(
    broken((t) => delete t.generator.params),
    /generator\.params is missing; expected an object/,
  );
});

test("parseTree(text) checks every node, branch, sac and pathology", () => {
  fails(
    broken((t) => (t.nodes[3].r = -1)),
    /nodes\[3\]\.r = -1; expected a number ≥ 0/,
  );
  fails(
    broken((t) => (t.nodes[3].p = [1, 2])),
    /nodes\[3\]\.p is an array; expected \[x, y, z\]/,
  );
  fails(
    broken((t) => (t.nodes[3].p[1] = "x")),
    /nodes\[3\]\.p\[1\] = "x"; expected a finite number/,
  );
  fails(
    broken((t) => (t.nodes[3].parent = 5)),
    /nodes\[3\]\.parent = 5; expected an integer in \[-1, 2\] \(a parent must come before its child\)/,
  );
  fails(
    broken((t) => (t.nodes[3].label = 9)),
    /nodes\[3\]\.label = 9; expected a LABEL_CLASS value/,
  );
  fails(
    broken((t) => (t.nodes[3].branch = 1e6)),
    /nodes\[3\]\.branch = 1000000/,
  );
  fails(
    broken((t) => (t.branches[1].nodes[0] = -2)),
    /branches\[1\]\.nodes\[0\] = -2/,
  );
  fails(
    broken((t) => (t.blobs[0].node = 1e9)),
    /blobs\[0\]\.node = 1000000000/,
  );
  fails(
    broken((t) => (t.pathologies[0].kind = "fracture")),
    /pathologies\[0\]\.kind = "fracture"; expected one of stenosis, aneurysm, occlusion, tortuosity/,
  );
  fails(
    broken((t) => (t.pathologies[0].shape = "round")),
    /pathologies\[0\]\.shape = "round"/,
  );
});

test("schema/tree.schema.json describes the same fields treeToJSON writes", () => {
  const schema = JSON.parse(readFileSync("schema/tree.schema.json", "utf8"));
  const t = JSON.parse(json);
  assert.equal(schema.properties.format.const, TREE_FORMAT);
  assert.deepEqual(Object.keys(t).sort(), [...schema.required].sort());
  for (const part of ["nodes", "branches", "blobs", "pathologies"]) {
    const props = Object.keys(schema.properties[part].items.properties);
    for (const item of t[part]) for (const key of Object.keys(item)) assert.ok(props.includes(key), `${part}.${key} is in the schema`);
    for (const key of schema.properties[part].items.required)
      assert.ok(
        t[part].every((item: object) => key in item),
        `${part}.${key} is written`,
      );
  }
});
